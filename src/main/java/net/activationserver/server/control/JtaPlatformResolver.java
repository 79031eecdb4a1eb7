package net.activationserver.server.control;

import org.hibernate.engine.transaction.jta.platform.internal.StandardJtaPlatformResolver;
import org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatform;
import org.hibernate.service.spi.ServiceRegistryImplementor;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Map;

/**
 * Payara (GlassFish) needs Hibernate's SunOne JTA platform, which Hibernate does not detect by itself;
 * other servers (WildFly) are left to Hibernate's standard detection. One WAR for both.
 */
public class JtaPlatformResolver implements org.hibernate.engine.transaction.jta.platform.spi.JtaPlatformResolver {

    @Override
    public JtaPlatform resolveJtaPlatform(@SuppressWarnings("rawtypes") Map configurationValues, ServiceRegistryImplementor registry) {
        try {
            new InitialContext().lookup("java:appserver/TransactionManager");
            return new SunOneJtaPlatform();
        } catch (NamingException notGlassFish) {
            return StandardJtaPlatformResolver.INSTANCE.resolveJtaPlatform(configurationValues, registry);
        }
    }
}
