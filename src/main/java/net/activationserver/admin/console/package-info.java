/**
 * The admin console (PrimeFaces, webapp-resources/console): form sign-in against the admin accounts, security headers,
 * and one small view-scoped bean per page, each calling the same facades as the admin API.
 */
package net.activationserver.admin.console;
