package net.activationserver.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A closed-loop load: {@code clients} threads, each sending its next request as soon as the previous one is
 * answered, over one HTTP/1.1 client (one kept-alive connection per busy thread). Every latency is kept (no
 * sampling), so the percentiles are exact.
 */
final class Load {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What one run measured. */
    record Result(String name, int clients, long ok, long failed, double seconds, long[] sortedNanos, long[] perSecond,
                  double serverCpuSeconds, double serverJitCpuSeconds, double databaseCpuSeconds, double generatorCpuSeconds,
                  Map<Integer, Long> failuresByStatus) {

        double throughput() {
            return ok / seconds;
        }

        double percentileMs(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sortedNanos.length - 1, Math.max(0, Math.ceil(p / 100.0 * sortedNanos.length) - 1));
            return sortedNanos[index] / 1e6;
        }

        /** Server CPU milliseconds per answered request (all of the server process's threads). */
        double serverCpuMsPerRequest() {
            return ok == 0 ? Double.NaN : serverCpuSeconds * 1000 / ok;
        }

        /** Of {@link #serverCpuMsPerRequest}, what the JIT compiler threads used: compiling, not serving. */
        double serverJitCpuMsPerRequest() {
            return ok == 0 ? Double.NaN : serverJitCpuSeconds * 1000 / ok;
        }

        /** Database CPU milliseconds per answered request. */
        double databaseCpuMsPerRequest() {
            return ok == 0 ? Double.NaN : databaseCpuSeconds * 1000 / ok;
        }

        String line() {
            return String.format(Locale.ROOT, "%-20s %3d clients %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  %7d ok %4d failed  CPU/req: server %.2f ms (JIT %.2f), database %.2f ms, load generator %.2f ms",
                    name, clients, throughput(), percentileMs(50), percentileMs(99), percentileMs(99.9), ok, failed, serverCpuMsPerRequest(),
                    serverJitCpuMsPerRequest(), databaseCpuMsPerRequest(), ok == 0 ? 0 : generatorCpuSeconds * 1000 / ok)
                    + (failed == 0 ? "" : "  failures by status (-1: no answer): " + failuresByStatus);
        }
    }

    private Load() {
    }

    /**
     * Runs the load for {@code duration}. {@code next} builds a client's n-th request; {@code check} gets each answer and
     * tells whether it counts as a success (failures are counted, never timed).
     */
    static Result run(String name, int clients, Duration duration, BiFunction<Integer, Long, HttpRequest> next,
                      BiFunction<Integer, HttpResponse<String>, Boolean> check, ServerProbe server, ServerProbe database) throws InterruptedException {
        int seconds = (int) Math.max(1, duration.toSeconds());
        AtomicLongArray perSecond = new AtomicLongArray(seconds + 2);
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[clients * 2];
        Map<Integer, Long> failures = new java.util.concurrent.ConcurrentSkipListMap<>();
        Thread[] threads = new Thread[clients];
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        double cpuBefore = server == null ? 0 : server.cpuSeconds();
        double jitBefore = server == null ? 0 : server.jitCpuSeconds();
        double databaseBefore = database == null ? 0 : database.cpuSeconds();
        double generatorBefore = ownCpuSeconds();
        for (int c = 0; c < clients; c++) {
            int client = c;
            long[][] mine = {new long[1 << 14]};
            threads[c] = new Thread(() -> {
                long n = 0;
                int kept = 0;
                while (System.nanoTime() < end) {
                    HttpRequest request = next.apply(client, n++);
                    long sent = System.nanoTime();
                    boolean ok;
                    int status = -1;
                    try {
                        HttpResponse<String> answer = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
                        status = answer.statusCode();
                        ok = check.apply(client, answer);
                    } catch (Exception e) {
                        ok = false;
                    }
                    long answered = System.nanoTime();
                    if (ok) {
                        if (kept == mine[0].length) {
                            mine[0] = Arrays.copyOf(mine[0], kept * 2);
                        }
                        mine[0][kept++] = answered - sent;
                        counts[client * 2]++;
                        perSecond.incrementAndGet((int) Math.min(seconds + 1, (answered - start) / 1_000_000_000L));
                    } else {
                        counts[client * 2 + 1]++;
                        failures.merge(status, 1L, Long::sum);
                    }
                }
                synchronized (latencies) {
                    latencies.add(Arrays.copyOf(mine[0], kept));
                }
            }, "bench-" + name + "-" + c);
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = server == null ? 0 : server.cpuSeconds() - cpuBefore;
        double jit = server == null ? 0 : Math.max(0, server.jitCpuSeconds() - jitBefore);
        double databaseCpu = database == null ? 0 : database.cpuSeconds() - databaseBefore;
        double generatorCpu = ownCpuSeconds() - generatorBefore;
        long ok = 0;
        long failed = 0;
        for (int c = 0; c < clients; c++) {
            ok += counts[c * 2];
            failed += counts[c * 2 + 1];
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long[] buckets = new long[seconds];
        for (int s = 0; s < seconds; s++) {
            buckets[s] = perSecond.get(s);
        }
        return new Result(name, clients, ok, failed, elapsed, all, buckets, cpu, jit, databaseCpu, generatorCpu, failures);
    }

    /** The CPU this process (the load generator) has used: what it costs to send, so that it is seen not to be the limit. */
    static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** Runs {@code task} on {@code threads} threads until each has done its share; for untimed setup work. */
    static void parallel(int threads, int items, Consumer<Integer> task) throws InterruptedException {
        Thread[] workers = new Thread[threads];
        java.util.concurrent.atomic.AtomicInteger nextItem = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                for (int i = nextItem.getAndIncrement(); i < items; i = nextItem.getAndIncrement()) {
                    task.accept(i);
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }
}
