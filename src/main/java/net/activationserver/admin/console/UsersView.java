package net.activationserver.admin.console;

import jakarta.ejb.EJBAccessException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import net.activationserver.admin.boundary.Administrators;
import net.activationserver.admin.boundary.Administrators.AccountView;
import net.activationserver.admin.entity.Role;
import net.activationserver.server.entity.AslException;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/** Users: the admin accounts; admins add them, change their role, reset their password, disable and enable them. */
@Named
@ViewScoped
public class UsersView implements Serializable {

    @Inject
    Administrators administrators;

    @Inject
    ConsoleUser user;

    @Inject
    net.activationserver.admin.boundary.ApiTokens apiTokens;

    private List<net.activationserver.admin.boundary.ApiTokens.TokenView> tokens = List.of();
    private String tokenName;
    private Role tokenRole = Role.ADMIN;
    private int tokenDays = 90;
    /** The token just created: shown once. */
    private String newToken;

    private List<AccountView> accounts;

    @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 letters, digits, '.', '_' or '-'")
    private String username;

    @Size(min = 8, max = 200, message = "must be 8 to 200 characters")
    private String password;

    @NotNull
    private Role role = Role.VIEWER;

    private String resetFor;

    @Size(min = 8, max = 200, message = "must be 8 to 200 characters")
    private String newPassword;

    @PostConstruct
    void load() {
        accounts = administrators.accounts();
        if (user.isAdmin()) {
            tokens = apiTokens.tokens();
        }
    }

    public void createToken() {
        try {
            newToken = apiTokens.create(tokenName, tokenRole, java.time.Instant.now().plus(java.time.Duration.ofDays(tokenDays)), user.actor()).token();
            Messages.info("API token " + tokenName + " created. Copy it now: it is not shown again.");
            tokenName = null;
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
        load();
    }

    public void revokeToken(String id, String name) {
        try {
            apiTokens.revoke(id, user.actor());
            Messages.info("API token " + name + " revoked.");
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
        load();
    }

    public List<net.activationserver.admin.boundary.ApiTokens.TokenView> getTokens() {
        return tokens;
    }

    public String getTokenName() {
        return tokenName;
    }

    public void setTokenName(String tokenName) {
        this.tokenName = tokenName;
    }

    public Role getTokenRole() {
        return tokenRole;
    }

    public void setTokenRole(Role tokenRole) {
        this.tokenRole = tokenRole;
    }

    public int getTokenDays() {
        return tokenDays;
    }

    public void setTokenDays(int tokenDays) {
        this.tokenDays = tokenDays;
    }

    public String getNewToken() {
        return newToken;
    }

    public void add() {
        try {
            administrators.create(username, password, role, user.actor());
            Messages.info("Account " + username + " (" + role.name().toLowerCase(Locale.ROOT) + ") added.");
            username = null;
            password = null;
            role = Role.VIEWER;
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
        load();
    }

    public void change(AccountView account, String role, boolean enabled) {
        try {
            AccountView changed = administrators.change(account.username(), Role.valueOf(role.toUpperCase(Locale.ROOT)), enabled, user.actor());
            Messages.info("Account " + changed.username() + " is now " + changed.role() + (changed.enabled() ? ", enabled." : ", disabled."));
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
        load();
    }

    public void resetPassword() {
        try {
            administrators.resetPassword(resetFor, newPassword, user.actor());
            Messages.info("Password of " + resetFor + " reset.");
            newPassword = null;
        } catch (EJBAccessException denied) {
            user.refused();
        } catch (AslException e) {
            Messages.error(e.getMessage());
        }
    }

    public List<AccountView> getAccounts() {
        return accounts;
    }

    public List<Role> getRoles() {
        return List.of(Role.values());
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Role getRole() {
        return role;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public String getResetFor() {
        return resetFor;
    }

    public void setResetFor(String resetFor) {
        this.resetFor = resetFor;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }
}
