package net.activationserver.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An appliance call whose facade writes the nonce in the call's own transaction ({@link ApplianceCall},
 * {@link net.activationserver.server.control.Nonces#registerInTransaction}) instead of {@link ApplianceProofFilter}
 * writing it in one of its own before the call runs: the activation, so it commits once, not twice. A replay of a
 * committed call finds the nonce; a replay racing with the call waits for its transaction and then finds it. When the
 * call is refused, its transaction (and the nonce with it) rolls back, so the filter writes the nonce when the refusal
 * comes back. A copy waiting at the moment of such a rollback is handled as a first request (docs/DECISIONS.md).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NonceInTransaction {
}
