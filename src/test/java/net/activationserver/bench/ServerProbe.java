package net.activationserver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a server process's CPU time, resident memory and Java heap, as an operator would with ps and jcmd. */
final class ServerProbe {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+(\\d+)K, used (\\d+)K");
    private final long pid;
    /** Further processes whose CPU {@link #cpuSeconds} adds (the other nodes of a Galera cluster). */
    private final long[] others;

    ServerProbe(long pid, long... others) {
        this.pid = pid;
        this.others = others;
    }

    /**
     * The local mariadbd processes serving these ports, as one whose CPU is their sum (a Galera cluster: every node
     * applies every write), or null when none is local.
     */
    static ServerProbe listeningOn(List<Integer> ports) {
        List<Long> pids = ports.stream().map(ServerProbe::listeningOn).filter(java.util.Objects::nonNull).map(ServerProbe::pid).toList();
        return pids.isEmpty() ? null : new ServerProbe(pids.get(0), pids.subList(1, pids.size()).stream().mapToLong(Long::longValue).toArray());
    }

    long pid() {
        return pid;
    }

    /** The local mariadbd serving that port, or null when the database is elsewhere (its CPU is then not shown). */
    static ServerProbe listeningOn(int port) {
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String command = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
                    if (command.contains("mariadbd") && (command.contains("--port=" + port) || optionFileSetsPort(command, port))) {
                        return new ServerProbe(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** A mariadbd started with {@code --defaults-file} (bin/galera-cluster's nodes): whether that file sets the port. */
    private static boolean optionFileSetsPort(String command, int port) {
        java.util.regex.Matcher file = Pattern.compile("--defaults-file=(\\S+)").matcher(command);
        try {
            return file.find() && Files.readAllLines(Path.of(file.group(1))).contains("port=" + port);
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** User + system CPU seconds used by the process (and the others it stands for) so far. */
    double cpuSeconds() {
        try {
            double seconds = pid < 0 ? 0 : cpuSeconds(Files.readString(Path.of("/proc/" + pid + "/stat")));
            for (long other : others) {
                seconds += cpuSeconds(Files.readString(Path.of("/proc/" + other + "/stat")));
            }
            return seconds;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /**
     * Of {@link #cpuSeconds}, what the JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre") used: a phase
     * shortly after another one may still be compiling what that one ran, which is not the cost of its requests. A
     * compiler thread the JVM stops between two readings takes its time with it, so the difference is a lower bound.
     */
    double jitCpuSeconds() {
        double seconds = 0;
        try (var threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path thread : threads.toList()) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        seconds += cpuSeconds(stat);
                    }
                } catch (IOException ended) {
                    // a compiler thread the JVM stopped while we looked (it starts and stops them as needed)
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return seconds;
    }

    private static double cpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state is field 3 of stat; utime and stime are fields 14 and 15
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** Resident set size in MiB. */
    double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return Double.NaN;
    }

    /** Java heap in use, in MiB, as it is now (with garbage). */
    double heapUsedMiB() {
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(2)) / 1024.0 : Double.NaN;
    }

    /** Java heap in use after full collections, in MiB: what the server really keeps. */
    double liveHeapMiB() {
        jcmd("GC.run");
        jcmd("GC.run"); // the second also frees what finalization and reference processing released in the first
        return heapUsedMiB();
    }

    private String jcmd(String command) {
        try {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
