package net.activationserver.activation.boundary;

import net.activationserver.server.entity.ConflictException;

/**
 * A batch of activations met a concurrent activation of one of its new MACs, or a copy of one of its calls: it rolls
 * back, and {@link ActivationBatches} runs each of its calls alone, where such races have their usual answers.
 */
public class BatchConflictException extends ConflictException {
    public BatchConflictException(String detail) {
        super(detail);
    }
}
