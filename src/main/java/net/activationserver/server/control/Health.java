package net.activationserver.server.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** MicroProfile Health: alive while the process runs; ready only while the database answers. */
public final class Health {

    private Health() {
    }

    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {

        @Inject
        Node node;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("activation-server").up().withData("node", node.name()).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class DatabaseReady implements HealthCheck {

        @Inject
        DatabaseProbe database;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("database").status(database.reachable()).build();
        }
    }
}
