package net.activationserver.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.ExternalDocumentation;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;

@ApplicationPath("api/v1")
@OpenAPIDefinition(info = @Info(title = "Activation Server", version = "1",
        description = "Appliance protocol v1 (activation, heartbeat, relicense, deregistration, leases) and the admin API. "
                + "Every error is application/problem+json with a code listed on each operation.",
        // WildFly always writes info.license and externalDocs, empty unless declared, and an empty one is not valid OpenAPI
        // (the license's identifier: api.OpenApiFilter)
        license = @License(name = "Proprietary: licensed by the appliance vendor")),
        externalDocs = @ExternalDocumentation(description = "This server's start page: the console, the OpenAPI document, ping and health",
                url = "/"))
public class RestApplication extends Application {

    /**
     * Jersey (Payara) answers OPTIONS with a WADL document naming its version; OPTIONS then gets only the Allow header.
     * Other runtimes ignore the key.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
