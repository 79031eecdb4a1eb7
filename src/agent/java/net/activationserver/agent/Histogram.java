package net.activationserver.agent;

/**
 * Latencies in microseconds, for percentiles at constant memory: exact below 128 µs, then 64 buckets per power of
 * two (a value is reported at most 1/64, about 1.6 %, above the true one). Not thread-safe: the fleet records from
 * its one loop thread.
 */
public final class Histogram {

    private static final int EXACT = 128;
    private static final int SUB = 64;
    private final long[] counts = new long[EXACT + SUB * 57];
    private long count;
    private long max;
    private long sum;

    public void record(long micros) {
        long value = Math.max(0, micros);
        counts[index(value)]++;
        count++;
        sum += value;
        max = Math.max(max, value);
    }

    public long count() {
        return count;
    }

    public long max() {
        return max;
    }

    public double mean() {
        return count == 0 ? 0 : (double) sum / count;
    }

    /**
     * The nearest-rank percentile (the smallest recorded value with at least p % of values at or below it), reported as
     * the top of its bucket and never above the largest value recorded; 0 when empty.
     */
    public long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highest(i), max);
            }
        }
        return max;
    }

    public void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        sum += other.sum;
        max = Math.max(max, other.max);
    }

    public void reset() {
        java.util.Arrays.fill(counts, 0);
        count = 0;
        sum = 0;
        max = 0;
    }

    static int index(long value) {
        if (value < EXACT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value); // >= 7
        int shift = exponent - 6;
        long mantissa = value >>> shift; // 64..127
        return EXACT + (exponent - 7) * SUB + (int) (mantissa - SUB);
    }

    static long lowest(int index) {
        if (index < EXACT) {
            return index;
        }
        int exponent = (index - EXACT) / SUB + 7;
        long mantissa = (index - EXACT) % SUB + SUB;
        return mantissa << (exponent - 6);
    }

    static long highest(int index) {
        if (index < EXACT) {
            return index;
        }
        int exponent = (index - EXACT) / SUB + 7;
        return lowest(index) + (1L << (exponent - 6)) - 1;
    }
}
