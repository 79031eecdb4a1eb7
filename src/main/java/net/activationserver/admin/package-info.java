/**
 * Admin: the administrator accounts (roles admin and viewer, passwords as salted iterated PBKDF2 hashes)
 * and their authentication for the admin API; later the console's views.
 */
package net.activationserver.admin;
