/**
 * Metering: the exact intervals during which instances held seats, the MELA report built from them (per day and
 * license type: peak and time-weighted average seats in use, instance-hours; per month: peak and instance-hours) for
 * billing, and the daily rollups of settled days, written by a timer on every node, that keep long reports fast.
 */
package net.activationserver.metering;
