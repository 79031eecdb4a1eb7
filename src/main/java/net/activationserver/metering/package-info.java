/**
 * Metering: the exact intervals during which instances held seats, and the MELA report built from them
 * (per day and license type: peak and time-weighted average seats in use, instance-hours) for billing.
 */
package net.activationserver.metering;
