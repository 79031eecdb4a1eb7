package net.activationserver.server.entity;

/**
 * Start-up's first step, before the database is touched: each component checks the settings it owns and throws
 * {@link IllegalStateException} with one line naming the setting ({@code Setting KEY (ENV) ...: the Activation Server
 * cannot start.}) to stop the deployment.
 */
public record SettingsCheck(boolean demo) {
}
