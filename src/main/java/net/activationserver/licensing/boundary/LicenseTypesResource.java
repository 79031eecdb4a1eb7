package net.activationserver.licensing.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import net.activationserver.api.Appliances;
import net.activationserver.server.entity.InvalidRequestException;
import net.activationserver.licensing.entity.Platform;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

@Path("license-types")
@Appliances
@ApplicationScoped
public class LicenseTypesResource {

    @Inject
    Licensing licensing;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "License types for a platform", description = "The activation screen's list: the types offered for that platform with seats, used and available "
            + "(available also respects the global instance limit). Needs the appliance proof headers.")
    @APIResponse(responseCode = "200", description = "[{code, name, platforms, seats, used, available}]")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST (platform missing or unknown)")
    @APIResponse(responseCode = "401", description = "ASL_NOT_AN_APPLIANCE")
    public List<LicenseTypeView> offered(@QueryParam("platform") String platform) {
        Platform parsed = Platform.parse(platform)
                .orElseThrow(() -> InvalidRequestException.field("platform", "must be one of " + Platform.allNames()));
        return licensing.offeredTypes(parsed);
    }
}
