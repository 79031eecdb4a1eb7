package net.activationserver.server.control;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitTest {

    @Test
    void aLoneItemRunsAtOnceInABatchOfOne() {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(2, 64);
        List<List<Integer>> batches = new ArrayList<>();
        int outcome = commit.submit(21, items -> {
            batches.add(items);
            return items.stream().map(i -> i * 2).toList();
        });
        assertEquals(42, outcome);
        assertEquals(List.of(List.of(21)), batches);
    }

    /** Thirty-two threads at once: each gets its own outcome, every item runs once, batches form, lanes hold. */
    @Test
    void concurrentItemsGatherIntoBatchesAndEachGetsItsOwnOutcome() throws Exception {
        int lanes = 2;
        int maxBatch = 8;
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(lanes, maxBatch);
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger largest = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        Function<List<Integer>, List<Integer>> runner = items -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            largest.accumulateAndGet(items.size(), Math::max);
            batches.incrementAndGet();
            items.forEach(i -> assertTrue(ran.add(i), "item " + i + " ran twice"));
            sleep(1);
            running.decrementAndGet();
            return items.stream().map(i -> -i).toList();
        };
        int threads = 32;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> wrong = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * perThread;
            wrong.add(pool.submit(() -> {
                start.await();
                int mismatches = 0;
                for (int i = first; i < first + perThread; i++) {
                    if (commit.submit(i, runner) != -i) {
                        mismatches++;
                    }
                }
                return mismatches;
            }));
        }
        start.countDown();
        for (Future<Integer> f : wrong) {
            assertEquals(0, f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(threads * perThread, ran.size());
        assertTrue(mostRunning.get() <= lanes, "at most " + lanes + " batches at once, saw " + mostRunning.get());
        assertTrue(largest.get() <= maxBatch, "no batch above " + maxBatch + ", saw " + largest.get());
        assertTrue(batches.get() < threads * perThread / 2, "items gathered into batches: " + batches.get() + " batches");
    }

    @Test
    void aFailedBatchFailsEachOfItsItemsAndTheNextBatchRuns() throws Exception {
        GroupCommit<String, String> commit = new GroupCommit<>(1, 64);
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Function<List<String>, List<String>> runner = items -> {
            if (items.contains("first")) {
                firstRunning.countDown();
                await(release);
                return items;
            }
            if (items.contains("bad")) {
                throw new IllegalStateException("batch of " + items.size() + " failed");
            }
            return items.stream().map(String::toUpperCase).toList();
        };
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<String> first = pool.submit(() -> commit.submit("first", runner));
        firstRunning.await();
        List<Thread> submitters = new CopyOnWriteArrayList<>();
        Future<String> bad = pool.submit(() -> {
            submitters.add(Thread.currentThread());
            return commit.submit("bad", runner);
        });
        Future<String> good = pool.submit(() -> {
            submitters.add(Thread.currentThread());
            return commit.submit("good", runner);
        });
        awaitParked(commit, submitters, 2); // both queued behind the running batch: they run as one
        release.countDown();
        assertEquals("first", first.get(10, TimeUnit.SECONDS));
        Exception badFailure = assertThrows(Exception.class, () -> bad.get(10, TimeUnit.SECONDS));
        Exception goodFailure = assertThrows(Exception.class, () -> good.get(10, TimeUnit.SECONDS));
        assertEquals("batch of 2 failed", badFailure.getCause().getMessage());
        assertEquals("batch of 2 failed", goodFailure.getCause().getMessage());
        assertEquals("AFTER", commit.submit("after", runner));
        pool.shutdown();
    }

    /**
     * A thread whose item another thread's batch took waits for it without a lane and without burning a core, even
     * while a lane is free (CPU time of the waiting thread, which a busy loop would spend for the whole second).
     */
    @Test
    void aThreadWhoseItemAnotherBatchTookWaitsWithoutSpinning() throws Exception {
        GroupCommit<String, String> commit = new GroupCommit<>(2, 64);
        CountDownLatch firstRunning = new CountDownLatch(2);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        CountDownLatch slowRunning = new CountDownLatch(1);
        Function<List<String>, List<String>> runner = items -> {
            if (items.contains("first")) {
                firstRunning.countDown();
                await(releaseFirst);
            } else if (items.contains("second")) {
                firstRunning.countDown();
                await(releaseSecond);
            } else {
                slowRunning.countDown();
                sleep(1000);
            }
            return items;
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        pool.submit(() -> commit.submit("first", runner));
        pool.submit(() -> commit.submit("second", runner));
        firstRunning.await(); // both lanes busy
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.concurrent.atomic.AtomicLong waiterCpuNanos = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> submitters = new CopyOnWriteArrayList<>();
        List<Future<String>> queued = new ArrayList<>();
        for (String item : List.of("third", "fourth")) {
            queued.add(pool.submit(() -> {
                submitters.add(Thread.currentThread());
                long before = cpu.getCurrentThreadCpuTime();
                String outcome = commit.submit(item, runner);
                waiterCpuNanos.accumulateAndGet(cpu.getCurrentThreadCpuTime() - before, Math::max);
                return outcome;
            }));
        }
        awaitParked(commit, submitters, 2); // both queued while both lanes are busy
        releaseFirst.countDown(); // one queued thread takes both items and runs them for a second
        slowRunning.await();
        releaseSecond.countDown(); // a lane is free now: the other thread must not loop on it
        assertEquals("third", queued.get(0).get(10, TimeUnit.SECONDS));
        assertEquals("fourth", queued.get(1).get(10, TimeUnit.SECONDS));
        pool.shutdown();
        assertTrue(waiterCpuNanos.get() < TimeUnit.MILLISECONDS.toNanos(200),
                "the waiting thread used " + TimeUnit.NANOSECONDS.toMillis(waiterCpuNanos.get()) + " ms of CPU in a second");
    }

    /** An interrupted waiter still waits for its item (without spinning) and keeps its interrupt for its caller. */
    @Test
    void anInterruptedWaiterGetsItsOutcomeWithoutSpinningAndStaysInterrupted() throws Exception {
        GroupCommit<String, String> commit = new GroupCommit<>(1, 64);
        CountDownLatch slowRunning = new CountDownLatch(1);
        Function<List<String>, List<String>> runner = items -> {
            if (items.contains("slow")) {
                slowRunning.countDown();
                sleep(1000);
            }
            return items.stream().map(String::toUpperCase).toList();
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> commit.submit("slow", runner));
        slowRunning.await(); // the only lane is busy for a second
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        CountDownLatch waiting = new CountDownLatch(1);
        Future<String[]> waiter = pool.submit(() -> {
            Thread.currentThread().interrupt();
            waiting.countDown();
            long before = cpu.getCurrentThreadCpuTime();
            String outcome = commit.submit("queued", runner);
            return new String[] {outcome, String.valueOf(cpu.getCurrentThreadCpuTime() - before), String.valueOf(Thread.interrupted())};
        });
        waiting.await();
        String[] result = waiter.get(10, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals("QUEUED", result[0]);
        assertTrue(Long.parseLong(result[1]) < TimeUnit.MILLISECONDS.toNanos(200),
                "the interrupted waiter used " + TimeUnit.NANOSECONDS.toMillis(Long.parseLong(result[1])) + " ms of CPU");
        assertEquals("true", result[2], "still interrupted");
    }

    /**
     * Waits until {@code n} threads have submitted and each is parked in the commit (GroupCommit parks with itself as
     * the blocker), that is, its item is queued and it waits for a lane or for another thread's batch.
     */
    private static void awaitParked(GroupCommit<?, ?> commit, List<Thread> submitters, int n) {
        Awaitility.await(n + " threads parked in the group commit").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> submitters.size() == n && submitters.stream().allMatch(t -> LockSupport.getBlocker(t) == commit));
    }

    /** Work of a batch that takes time (not a wait of the test). */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
