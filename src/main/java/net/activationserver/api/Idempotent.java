package net.activationserver.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An appliance call that a replay cannot abuse (the heartbeat: repeating it only refreshes a live appliance). Its
 * nonce is still checked on arrival, by the call itself in the same database read as its instance ({@link ApplianceCall}),
 * and written to the shared table with the next batch instead of before the call runs
 * ({@link net.activationserver.server.control.Nonces#rememberDeferred}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {
}
