package net.activationserver.agent;

/** The agent's exit codes (documented in the README and in {@code asl-agent help}). */
public final class Exit {

    public static final int OK = 0;
    /** An unexpected error: an unreadable state file, an answer that is not the protocol's. */
    public static final int ERROR = 1;
    /** Bad command line. */
    public static final int USAGE = 2;
    /** The state holds no activated instance: activate first. */
    public static final int NOT_ACTIVATED = 3;
    /** No server answered (every address refused, timed out, had a certificate that did not verify or answered 5xx). */
    public static final int NO_SERVER = 4;
    /** The lease ended with no server reachable: the appliance stopped. */
    public static final int LEASE_EXPIRED = 5;
    /** 410 ASL_DEREGISTERED: the instance is gone, the appliance is back to needing activation. */
    public static final int DEREGISTERED = 6;
    /** The server's lease did not verify against the published lease keys. */
    public static final int LEASE_REFUSED = 7;
    /** {@code check} found a problem. */
    public static final int CHECK_FAILED = 8;

    // refusals, one per problem code
    public static final int LIMIT_REACHED = 10;
    public static final int TYPE_EXHAUSTED = 11;
    public static final int PLATFORM_MISMATCH = 12;
    public static final int UNKNOWN_LICENSE_TYPE = 13;
    public static final int NOT_AN_APPLIANCE = 14;
    public static final int BAD_INSTANCE_TOKEN = 15;
    public static final int INVALID_REQUEST = 16;
    public static final int UNKNOWN_INSTANCE = 17;
    public static final int RATE_LIMITED = 18;
    public static final int INSTANCE_IN_USE = 20;
    /** Any other refusal (an unknown problem code, or an answer without one). */
    public static final int REFUSED = 19;

    private Exit() {
    }

    /** The exit code for a refusal with this problem code. */
    public static int forProblem(String code) {
        if (code == null) {
            return REFUSED;
        }
        return switch (code) {
            case "ASL_LIMIT_REACHED" -> LIMIT_REACHED;
            case "ASL_TYPE_EXHAUSTED" -> TYPE_EXHAUSTED;
            case "ASL_PLATFORM_MISMATCH" -> PLATFORM_MISMATCH;
            case "ASL_UNKNOWN_LICENSE_TYPE" -> UNKNOWN_LICENSE_TYPE;
            case "ASL_NOT_AN_APPLIANCE" -> NOT_AN_APPLIANCE;
            case "ASL_BAD_INSTANCE_TOKEN" -> BAD_INSTANCE_TOKEN;
            case "ASL_INVALID_REQUEST" -> INVALID_REQUEST;
            case "ASL_UNKNOWN_INSTANCE" -> UNKNOWN_INSTANCE;
            case "ASL_RATE_LIMITED" -> RATE_LIMITED;
            case "ASL_INSTANCE_IN_USE" -> INSTANCE_IN_USE;
            case "ASL_DEREGISTERED" -> DEREGISTERED;
            case "ASL_UNAVAILABLE" -> NO_SERVER;
            default -> REFUSED;
        };
    }

    static final String TABLE = """
            Exit codes:
               0  done
               1  unexpected error (unreadable state file, an answer outside the protocol)
               2  bad command line
               3  not activated (the state holds no instance)
               4  no server answered (refused, timed out, certificate not verified or 5xx on every address)
               5  the lease ended with no server reachable: appliance stopped
               6  410 ASL_DEREGISTERED: the instance was deregistered, back to needing activation
               7  the lease did not verify against /api/v1/lease-keys and was refused
               8  check found a problem
              10  refused: ASL_LIMIT_REACHED         11  refused: ASL_TYPE_EXHAUSTED
              12  refused: ASL_PLATFORM_MISMATCH     13  refused: ASL_UNKNOWN_LICENSE_TYPE
              14  refused: ASL_NOT_AN_APPLIANCE      15  refused: ASL_BAD_INSTANCE_TOKEN
              16  refused: ASL_INVALID_REQUEST       17  refused: ASL_UNKNOWN_INSTANCE
              18  refused: ASL_RATE_LIMITED          19  refused: any other answer
              20  refused: ASL_INSTANCE_IN_USE (that MAC's appliance is running; asl.activation.takeover=when-silent)
            """;
}
