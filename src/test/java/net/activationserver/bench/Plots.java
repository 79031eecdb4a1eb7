package net.activationserver.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The benchmark's plots (PNG, with XChart): throughput and latency side by side, and the soak over time. */
final class Plots {

    private Plots() {
    }

    static void write(Path out, Map<String, Load.Result> results) throws IOException {
        List<String> names = new ArrayList<>();
        List<Double> throughput = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (Load.Result r : results.values()) {
            if (r.name().contains("soak")) {
                continue;
            }
            names.add(r.name() + " (" + r.clients() + ")");
            throughput.add(r.throughput());
            p50.add(r.percentileMs(50));
            p99.add(r.percentileMs(99));
        }
        CategoryChart rate = new CategoryChartBuilder().width(900).height(500).title("Throughput (requests/s, closed loop)")
                .xAxisTitle("request (clients)").yAxisTitle("requests/s").build();
        rate.getStyler().setLegendVisible(false);
        rate.addSeries("throughput", names, throughput);
        BitmapEncoder.saveBitmap(rate, out.resolve("throughput.png").toString(), BitmapEncoder.BitmapFormat.PNG);

        CategoryChart latency = new CategoryChartBuilder().width(900).height(500).title("Latency (ms)")
                .xAxisTitle("request (clients)").yAxisTitle("ms").build();
        latency.addSeries("p50", names, p50);
        latency.addSeries("p99", names, p99);
        BitmapEncoder.saveBitmap(latency, out.resolve("latency.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Heartbeats per second over the soak, and the heap and RSS samples taken during it. */
    static void soak(Path out, Load.Result soak, List<double[]> memory) throws IOException {
        if (soak.perSecond().length == 0 || memory.isEmpty()) {
            return;
        }
        double[] seconds = new double[soak.perSecond().length];
        double[] rate = new double[seconds.length];
        for (int s = 0; s < seconds.length; s++) {
            seconds[s] = s;
            rate[s] = soak.perSecond()[s];
        }
        XYChart beats = new XYChartBuilder().width(900).height(400).title("Heartbeat soak: heartbeats per second")
                .xAxisTitle("s").yAxisTitle("heartbeats/s").build();
        beats.getStyler().setLegendVisible(false);
        beats.getStyler().setMarkerSize(0);
        beats.addSeries("heartbeats/s", seconds, rate);
        BitmapEncoder.saveBitmap(beats, out.resolve("soak-throughput.png").toString(), BitmapEncoder.BitmapFormat.PNG);

        double[] at = memory.stream().mapToDouble(m -> m[0]).toArray();
        XYChart heap = new XYChartBuilder().width(900).height(400).title("Heartbeat soak: server memory (MiB)")
                .xAxisTitle("s").yAxisTitle("MiB").build();
        heap.addSeries("heap in use (with garbage)", at, memory.stream().mapToDouble(m -> m[1]).toArray());
        heap.addSeries("RSS", at, memory.stream().mapToDouble(m -> m[2]).toArray());
        BitmapEncoder.saveBitmap(heap, out.resolve("soak-memory.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
