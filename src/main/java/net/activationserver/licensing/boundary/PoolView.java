package net.activationserver.licensing.boundary;

import java.util.List;

/**
 * The whole pool: the global limit and every type, with seats in use. {@code overage} lists where more seats are in use
 * than the pool now holds (after a file was removed, expired, or a contributing appliance left): those appliances keep
 * their seats, and no new activation of that type (or, for the instance limit "*", of any type) is granted until the pool
 * is in balance again.
 */
public record PoolView(int instanceLimit, int instancesInUse, List<LicenseTypeView> types, List<Overage> overage) {

    /** More seats in use than the pool holds: {@code code} is a license type, or "*" for the instance limit. */
    public record Overage(String code, int seats, int used, int over) {
    }

    public boolean inBalance() {
        return overage.isEmpty();
    }

    /**
     * A license type at or above the alert threshold: {@code full} when every seat is in use (or more, after the pool
     * shrank), so that no new activation of it is granted.
     */
    public record TypeAlert(String code, int used, int seats, int percent, boolean full) {

        /** "VLM-MAX: 20 of 20 seats in use; new activations of this type are refused", or the share in use below that. */
        public String message() {
            return full
                    ? code + ": " + used + " of " + seats + " seats in use; new activations of this type are refused"
                    : code + ": " + used + " of " + seats + " seats in use (" + percent + "%)";
        }
    }

    /** The types whose seats in use reach {@code thresholdPercent} of their seats, full ones first, then by code. */
    public List<TypeAlert> alerts(int thresholdPercent) {
        return types.stream().filter(t -> t.seats() > 0 && t.used() * 100L >= (long) t.seats() * thresholdPercent)
                .map(t -> new TypeAlert(t.code(), t.used(), t.seats(), (int) Math.min(100, t.used() * 100L / t.seats()), t.used() >= t.seats()))
                .sorted(java.util.Comparator.comparing((TypeAlert a) -> !a.full()).thenComparing(TypeAlert::code))
                .toList();
    }

    /** Whether every instance the license allows is in use. */
    public boolean limitReached() {
        return instanceLimit > 0 && instancesInUse >= instanceLimit;
    }

    /** Whether {@code thresholdPercent} of the instance limit is in use, but not all of it. */
    public boolean nearLimit(int thresholdPercent) {
        return !limitReached() && instanceLimit > 0 && instancesInUse * 100L >= (long) instanceLimit * thresholdPercent;
    }
}
