package net.activationserver.network.entity;

import net.activationserver.server.entity.InvalidRequestException;

import java.util.regex.Pattern;

/**
 * How the admin reaches an appliance's management interface: its Public Access Address (an IP address or a DNS name,
 * e.g. an Azure DNS name) and port. Either may be unset for an appliance licensed here until the admin fills it in.
 */
public record Access(String address, Integer port) {

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}");
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    public static final String ADDRESS_RULE = "must be an IP address or a host name such as lm1.example.com";
    public static final String PORT_RULE = "must be a whole number from 1 to 65535";

    public Access {
        address = address == null || address.isBlank() ? null : address.strip();
        if (address != null && !validAddress(address)) {
            throw InvalidRequestException.field("address", ADDRESS_RULE);
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw InvalidRequestException.field("port", PORT_RULE);
        }
    }

    /** Both parts present, as an appliance added by hand needs them. */
    public Access complete() {
        if (address == null) {
            throw InvalidRequestException.field("address", "is required");
        }
        if (port == null) {
            throw InvalidRequestException.field("port", "is required");
        }
        return this;
    }

    public static boolean validAddress(String address) {
        if (IPV4.matcher(address).matches()) {
            return true;
        }
        if (address.indexOf(':') >= 0) {
            return IPV6.matcher(address).matches();
        }
        // all digits and dots but not an IPv4 address (10.0.0.300) is a mistake, not a host name
        return !address.matches("[0-9.]+") && HOST.matcher(address).matches();
    }
}
