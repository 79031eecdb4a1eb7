package net.activationserver.licensing.entity;

/**
 * How full a pool (a license type, or the instance limit) is, against the alert threshold: the one rule behind the
 * {@code pool.*} events, in the order of fullness.
 */
public enum PoolLevel {
    /** Below the threshold. */
    NORMAL,
    /** At or above the threshold, with seats free. */
    HIGH,
    /** Every seat in use. */
    FULL,
    /** More seats in use than licensed (a file expired or was removed). */
    OVER;

    public static PoolLevel of(int used, int seats, int thresholdPercent) {
        if (used > seats) {
            return OVER;
        }
        if (seats == 0) {
            return NORMAL;
        }
        if (used == seats) {
            return FULL;
        }
        return (long) used * 100 >= (long) thresholdPercent * seats ? HIGH : NORMAL;
    }

    /** Crossing the threshold upwards (from this level to {@code to}). */
    public boolean risesPastThreshold(PoolLevel to) {
        return this == NORMAL && to != NORMAL;
    }

    public boolean fallsBelowThreshold(PoolLevel to) {
        return this != NORMAL && to == NORMAL;
    }

    public boolean becomesFull(PoolLevel to) {
        return compareTo(FULL) < 0 && to.compareTo(FULL) >= 0;
    }

    public boolean becomesOver(PoolLevel to) {
        return this != OVER && to == OVER;
    }
}
