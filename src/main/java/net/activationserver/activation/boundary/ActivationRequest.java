package net.activationserver.activation.boundary;

import net.activationserver.network.entity.Mac;
import net.activationserver.api.JsonBody;
import net.activationserver.licensing.entity.LicenseFile;
import net.activationserver.licensing.entity.Platform;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /api/v1/activations} body.
 * @param replaces the instance this appliance was before its MAC changed (API.md, "Replacement"), or null
 */
public record ActivationRequest(Mac mac, Platform platform, String hostname, String build, String licenseType, Replaces replaces) {

    private static final Set<String> FIELDS = Set.of("mac", "platform", "hostname", "build", "licenseType", "replaces");

    /** The previous instance's proof: its id and its token. Never logged. */
    public record Replaces(String instanceId, String instanceToken) {
        @Override
        public String toString() {
            return "replaces " + instanceId;
        }
    }
    /** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
    private static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    static final Pattern BUILD = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    public static ActivationRequest parse(byte[] body) {
        JsonBody json = JsonBody.parse(body, false, FIELDS);
        Mac mac = macField(json, "mac");
        String platformText = json.string("platform", true, 32);
        Platform platform = null;
        if (platformText != null) {
            platform = Platform.parse(platformText).orElse(null);
            if (platform == null) {
                json.error("platform", "must be one of " + Platform.allNames());
            }
        }
        String hostname = json.string("hostname", false, 253);
        if (hostname != null && !HOSTNAME.matcher(hostname).matches()) {
            json.error("hostname", "must be a host name of letters, digits, '-' and '.' (at most 253 characters)");
        }
        String build = buildField(json);
        String licenseType = licenseTypeField(json);
        Replaces replaces = null;
        JsonBody previous = json.nested("replaces", Set.of("instanceId", "instanceToken"));
        if (previous != null) {
            String instanceId = previous.string("instanceId", true, 36);
            String token = previous.string("instanceToken", true, 200);
            replaces = new Replaces(instanceId, token);
        }
        json.requireValid();
        return new ActivationRequest(mac, platform, hostname, build, licenseType, replaces);
    }

    /** A required MAC in any of the spellings API.md accepts; null (and the field's error) when missing or not one. */
    static Mac macField(JsonBody json, String field) {
        String text = json.string(field, true, 64);
        Mac mac = text == null ? null : Mac.parse(text).orElse(null);
        if (text != null && mac == null) {
            json.error(field, "must be six hex octets (00:50:56:AB:CD:EF, 00-50-56-AB-CD-EF or 005056ABCDEF) of a unicast, non-zero address");
        }
        return mac;
    }

    static String buildField(JsonBody json) {
        String build = json.string("build", false, 64);
        if (build != null && !BUILD.matcher(build).matches()) {
            json.error("build", "must be 1 to 64 characters of letters, digits, '.', '_', '+' or '-'");
        }
        return build;
    }

    static String licenseTypeField(JsonBody json) {
        String licenseType = json.string("licenseType", true, 64);
        if (licenseType != null && !LicenseFile.TYPE_CODE.matcher(licenseType).matches()) {
            json.error("licenseType", "must be a license type code such as VLM-MAX");
        }
        return licenseType;
    }
}
