package net.activationserver.server.entity;

/**
 * A refusal that only other transactions in flight caused: they hold rows this one needed (seats they may yet give up),
 * so its answer is not known yet. The transaction rolls back like any refusal; the caller runs it again
 * ({@code server.control.Retries}), and only when that keeps failing is it answered 503 {@code ASL_UNAVAILABLE}.
 */
public class ContendedException extends AslException {
    public ContendedException(String detail) {
        super(ProblemCode.ASL_UNAVAILABLE, detail);
    }
}
