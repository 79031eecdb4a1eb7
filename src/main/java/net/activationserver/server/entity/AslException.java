package net.activationserver.server.entity;

import jakarta.ejb.ApplicationException;

import java.util.List;

/**
 * An expected refusal: it rolls the transaction back and is answered as problem+json with its code.
 * Subclasses are named after the problem ({@code LimitReachedException}); each fixes its code once.
 */
@ApplicationException(rollback = true, inherited = true)
public abstract class AslException extends RuntimeException {

    private final ProblemCode code;
    private final int status;
    private final List<FieldError> errors;

    protected AslException(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    protected AslException(ProblemCode code, String detail, List<FieldError> errors) {
        this(code, code.status(), detail, errors);
    }

    /** For the few answers whose status differs from the code's usual one (413 and 415 are ASL_INVALID_REQUEST). */
    protected AslException(ProblemCode code, int status, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public ProblemCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The line the debug log gets for this refusal; the seed's exact text where it has one. */
    public String debugMessage() {
        return getMessage();
    }

    /** Why, in more words, for the debug log; never a secret. */
    public String reason() {
        return null;
    }

    /** For 429 and 503: how many seconds the client should wait before it tries again (0: the answer's usual value). */
    public long retryAfterSeconds() {
        return 0;
    }

    public record FieldError(String field, String message) {
    }
}
