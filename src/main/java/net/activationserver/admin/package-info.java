/**
 * Admin: the administrator accounts (roles admin and viewer, passwords as salted iterated PBKDF2 hashes)
 * and their authentication for the admin API ({@code AdminAuthFilter}), the admin API of the node list; in {@code admin.console}, the console's sign-in and page views.
 */
package net.activationserver.admin;
