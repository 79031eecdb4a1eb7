package net.activationserver.network.boundary;

/**
 * An appliance of a network as the console shows it: licensed here (an instance) or added by hand. {@code password} is
 * only whether one is stored ("set", "not set"), never the password or its ciphertext.
 */
public record ApplianceView(String key, String kind, String id, String name, String mac, String status, String licenseType,
                            String address, Integer port, String password, long networkId) {

    public static final String LICENSED = "LICENSED";
    public static final String ADDED = "ADDED";

    public boolean licensed() {
        return LICENSED.equals(kind);
    }

    /**
     * The icon colour, as in the seed: blue for an appliance licensed here and ACTIVE, green for one licensed elsewhere
     * (added by hand), amber for a STALE one (no heartbeat for the timeout; its seat is kept until released).
     */
    public String icon() {
        if (!licensed()) {
            return "added";
        }
        return "STALE".equals(status) ? "stale" : "licensed";
    }

    public String iconTitle() {
        return switch (icon()) {
            case "added" -> "Added by hand: licensed elsewhere";
            case "stale" -> "Licensed here, STALE: no heartbeat";
            default -> "Licensed here, ACTIVE";
        };
    }
}
