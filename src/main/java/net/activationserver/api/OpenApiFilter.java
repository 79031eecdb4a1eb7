package net.activationserver.api;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.info.License;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Keeps {@code /openapi} a valid OpenAPI 3 document on Payara (the standard {@code mp.openapi.filter}, set in
 * META-INF/microprofile-config.properties); OpenApiIT checks it.
 * <p>
 * Payara adds a top-level {@code endpoints} member (its list of each application's paths) that OpenAPI does not allow;
 * no Payara setting, of the application or of the server ({@code set-openapi-configuration}), leaves it out. Payara
 * builds it before it runs this filter and leaves it out when it is empty, so this filter empties it through the
 * {@code setEndpoints} method of Payara's own model class. Other runtimes have no such method: nothing happens there.
 * <p>
 * WildFly writes OpenAPI 3.1, whose license needs an SPDX {@code identifier} (or an absolute URL) beside its name; the
 * MicroProfile OpenAPI API this WAR compiles against has no such member, so it is set through the runtime's own model
 * where that has it (Payara writes 3.0, which has no identifier).
 */
public class OpenApiFilter implements OASFilter {

    static final String LICENSE_IDENTIFIER = "LicenseRef-Proprietary";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        License license = openAPI.getInfo() == null ? null : openAPI.getInfo().getLicense();
        if (license != null) {
            try {
                license.getClass().getMethod("setIdentifier", String.class).invoke(license, LICENSE_IDENTIFIER);
            } catch (NoSuchMethodException openApi30) {
                // no identifier in this runtime's OpenAPI version
            } catch (ReflectiveOperationException | RuntimeException e) {
                Logger.getLogger(OpenApiFilter.class.getName()).warning("Could not set the license identifier of /openapi: " + e);
            }
        }
        Method setEndpoints;
        try {
            setEndpoints = openAPI.getClass().getMethod("setEndpoints", Map.class);
        } catch (NoSuchMethodException notPayara) {
            return;
        }
        try {
            setEndpoints.invoke(openAPI, new TreeMap<String, Object>()); // empty, not null: Payara copies it later
        } catch (ReflectiveOperationException | RuntimeException e) {
            Logger.getLogger(OpenApiFilter.class.getName()).warning("Could not leave Payara's non-standard 'endpoints' out of /openapi: " + e);
        }
    }
}
