package net.activationserver.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@ApplicationPath("api/v1")
@OpenAPIDefinition(info = @Info(title = "Activation Server", version = "1",
        description = "Appliance protocol v1 (activation, heartbeat, relicense, deregistration, leases) and the admin API. "
                + "Every error is application/problem+json with a code listed on each operation."))
public class RestApplication extends Application {
}
