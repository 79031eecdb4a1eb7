package net.activationserver.admin.boundary;

import net.activationserver.server.control.Retries;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import net.activationserver.admin.entity.Role;
import net.activationserver.api.Admins;
import net.activationserver.api.JsonBody;
import net.activationserver.server.entity.Actor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

@Path("admin/users")
@Admins
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Inject
    Administrators administrators;

    public record NewUser(String username, String password, Role role) {
    }

    @GET
    @Operation(summary = "Admin accounts")
    @APIResponse(responseCode = "200", description = "[{username, role, enabled, createdAt}]")
    public List<Administrators.AccountView> accounts() {
        return administrators.accounts();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an admin account", description = "Body {\"username\", \"password\" (8 to 200 characters), \"role\": \"admin\" or \"viewer\"}.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NewAccount")))
    @APIResponse(responseCode = "201", description = "The account")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "409", description = "ASL_CONFLICT (the username exists)")
    public Response create(byte[] body, @Context SecurityContext security) {
        JsonBody json = JsonBody.parse(body, false, Set.of("username", "password", "role"));
        String username = json.string("username", true, 64);
        if (username != null && !USERNAME.matcher(username).matches()) {
            json.error("username", "must be 1 to 64 characters of letters, digits, '.', '_' or '-'");
        }
        String password = password(json);
        Role role = role(json);
        json.requireValid();
        return Response.status(Response.Status.CREATED)
                .entity(Retries.retried(() -> administrators.create(username, password, role, Actor.admin(security))))
                .build();
    }

    @PUT
    @Path("{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an account's role or disable it", description = "Body {\"role\": \"admin\" or \"viewer\", \"enabled\": true or false}. "
            + "The account's sign-ins end on every node at their next request (console sessions too). Nobody changes their own account, "
            + "and the last enabled admin stays one.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AccountChange")))
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND (no such account)")
    @APIResponse(responseCode = "409", description = "ASL_CONFLICT (your own account, or the last enabled admin)")
    public Administrators.AccountView change(@PathParam("username") String username, byte[] body, @Context SecurityContext security) {
        JsonBody json = JsonBody.parse(body, false, Set.of("role", "enabled"));
        Role role = role(json);
        Boolean enabled = json.bool("enabled", true);
        json.requireValid();
        return Retries.retried(() -> administrators.change(username, role, enabled, Actor.admin(security)));
    }

    @PUT
    @Path("{username}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reset an account's password", description = "Body {\"password\"} (8 to 200 characters). The account's sign-ins "
            + "end on every node at their next request (console sessions too).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PasswordReset")))
    @APIResponse(responseCode = "204", description = "Reset")
    @APIResponse(responseCode = "400", description = "ASL_INVALID_REQUEST")
    @APIResponse(responseCode = "403", description = "ASL_FORBIDDEN (viewer)")
    @APIResponse(responseCode = "404", description = "ASL_NOT_FOUND (no such account)")
    public Response resetPassword(@PathParam("username") String username, byte[] body, @Context SecurityContext security) {
        JsonBody json = JsonBody.parse(body, false, Set.of("password"));
        String password = password(json);
        json.requireValid();
        Retries.retried(() -> administrators.resetPassword(username, password, Actor.admin(security)));
        return Response.noContent().build();
    }

    private static String password(JsonBody json) {
        String password = json.string("password", true, 200);
        if (password != null && password.length() < 8) {
            json.error("password", "must be at least 8 characters");
        }
        return password;
    }

    static Role role(JsonBody json) {
        String roleText = json.string("role", true, 16);
        Role role = roleText == null ? null : Arrays.stream(Role.values()).filter(r -> r.name().equalsIgnoreCase(roleText)).findFirst().orElse(null);
        if (roleText != null && role == null) {
            json.error("role", "must be admin or viewer");
        }
        return role;
    }
}
