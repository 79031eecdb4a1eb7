package net.activationserver.api;

import jakarta.enterprise.context.RequestScoped;

/**
 * The verified appliance proof of the current request, for a call whose nonce is checked by the call itself rather than
 * by {@link ApplianceProofFilter}: an {@link Idempotent} one (in the same database read as its instance) or a
 * {@link NonceInTransaction} one (in its own transaction).
 */
@RequestScoped
public class ApplianceCall {

    private ApplianceProof.Verified proof;

    void verified(ApplianceProof.Verified proof) {
        this.proof = proof;
    }

    public boolean isVerified() {
        return proof != null;
    }

    /** The proof's nonce and its window; only set on appliance calls, after the proof was verified. */
    public ApplianceProof.Verified proof() {
        if (proof == null) {
            throw new NotAnApplianceException("no verified appliance proof");
        }
        return proof;
    }
}
