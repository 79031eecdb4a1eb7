package net.activationserver.server.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;

/** MicroProfile Health: alive while the process runs; ready only while the database answers. */
public final class Health {

    private Health() {
    }

    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("activation-server").up().withData("node", Node.name()).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class DatabaseReady implements HealthCheck {

        @Resource(lookup = DataSourceConfig.JNDI_NAME)
        DataSource dataSource;

        @Override
        public HealthCheckResponse call() {
            try (Connection connection = dataSource.getConnection()) {
                return HealthCheckResponse.named("database").status(connection.isValid(2)).build();
            } catch (Exception e) {
                return HealthCheckResponse.named("database").down().withData("error", e.getClass().getSimpleName()).build();
            }
        }
    }
}
