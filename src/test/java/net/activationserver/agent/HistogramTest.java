package net.activationserver.agent;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistogramTest {

    @Test
    void smallValuesAreExactNearestRankPercentiles() {
        Histogram h = new Histogram();
        for (int i = 100; i >= 1; i--) {
            h.record(i);
        }
        assertEquals(100, h.count());
        assertEquals(50, h.percentile(50));
        assertEquals(95, h.percentile(95));
        assertEquals(99, h.percentile(99));
        assertEquals(100, h.percentile(100));
        assertEquals(1, h.percentile(0));
        assertEquals(100, h.max());
        assertEquals(50.5, h.mean(), 1e-9);
    }

    @Test
    void anEmptyHistogramReportsZero() {
        assertEquals(0, new Histogram().percentile(99));
    }

    @Test
    void largeValuesAreWithinTwoPercentAboveTheExactPercentile() {
        Random random = new Random(42);
        long[] values = new long[100_000];
        Histogram h = new Histogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextDouble() * Math.log(10_000_000)); // 1 µs .. 10 s
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {50, 90, 95, 99, 99.9}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            long reported = h.percentile(p);
            assertTrue(reported >= exact && reported <= exact * 1.02 + 1, p + ": exact " + exact + ", reported " + reported);
        }
    }

    @Test
    void bucketsCoverEveryValueWithoutGapsOrOverlaps() {
        for (int i = 0; i < 128 + 64 * 55; i++) {
            assertEquals(i, Histogram.index(Histogram.lowest(i)));
            assertEquals(i, Histogram.index(Histogram.highest(i)));
            assertEquals(Histogram.highest(i) + 1, Histogram.lowest(i + 1));
        }
        Histogram h = new Histogram();
        h.record(Long.MAX_VALUE);
        h.record(-5);
        assertEquals(Long.MAX_VALUE, h.percentile(100));
        assertEquals(0, h.percentile(50));
    }
}
