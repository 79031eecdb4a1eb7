package net.activationserver.server.control;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A business method whose one transaction may write very many rows (a license file of a million seats is a million
 * seat rows): on Galera, its writes are replicated in fragments ({@link LargeWriteInterceptor}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface LargeWrite {
}
