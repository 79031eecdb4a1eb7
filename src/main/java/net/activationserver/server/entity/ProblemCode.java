package net.activationserver.server.entity;

/** The problem codes of API.md, each with the HTTP status it is answered with. */
public enum ProblemCode {
    ASL_INVALID_REQUEST(400, "Invalid request"),
    ASL_BAD_LICENSE_FILE(400, "Bad license file"),
    ASL_NOT_AN_APPLIANCE(401, "Not an appliance"),
    ASL_BAD_INSTANCE_TOKEN(401, "Bad instance token"),
    ASL_UNAUTHORIZED(401, "Unauthorized"),
    ASL_FORBIDDEN(403, "Forbidden"),
    ASL_NOT_FOUND(404, "Not found"),
    ASL_UNKNOWN_LICENSE_TYPE(404, "Unknown license type"),
    ASL_UNKNOWN_INSTANCE(404, "Unknown instance"),
    ASL_CONFLICT(409, "Conflict"),
    ASL_LIMIT_REACHED(409, "Instance limit reached"),
    ASL_TYPE_EXHAUSTED(409, "License type exhausted"),
    ASL_PLATFORM_MISMATCH(409, "Platform mismatch"),
    ASL_INSTANCE_IN_USE(409, "Instance in use"),
    ASL_DEREGISTERED(410, "Deregistered"),
    ASL_RATE_LIMITED(429, "Rate limited"),
    ASL_INTERNAL_ERROR(500, "Internal error"),
    ASL_UNAVAILABLE(503, "Unavailable");

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem type URI: a stable identifier clients may compare. */
    public String type() {
        return "urn:activation-server:problem:" + name();
    }
}
