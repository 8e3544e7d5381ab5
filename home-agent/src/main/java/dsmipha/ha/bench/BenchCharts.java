package dsmipha.ha.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;

/**
 * PNG charts of a bench run, drawn with java.awt in headless mode (no chart library):
 * <pre>
 *   latency.png              latency (µs) at percentiles 50 .. 99.99 and max, one line per traffic result
 *   throughput-vs-size.png   Mpps per packet size, one line per scenario and worker count (2+ sizes ran)
 *   scaling.png              Mpps per worker count, one line per scenario and size (2+ worker counts ran)
 * </pre>
 * Every chart is a category line chart: x categories in the order they ran, y from 0 to the largest value.
 */
public final class BenchCharts
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 240;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99, 100 };
    private static final Color[] COLORS = { new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f) };

    private BenchCharts()
    {
    }

    /**
     * Draw every chart that the results support.
     *
     * @param dir     folder to write into.
     * @param results the results.
     * @return the file names written.
     * @throws IOException if a file cannot be written.
     */
    public static List<String> drawAll(final Path dir, final List<BenchResult> results) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final List<String> written = new ArrayList<>();
        final Map<String, Histogram> latencies = BenchReport.latencies(results);
        if (!latencies.isEmpty())
        {
            final List<String> categories = new ArrayList<>();
            for (final double p : PERCENTILES)
            {
                categories.add(p == 100 ? "max" : "p" + format(p));
            }
            final Map<String, double[]> series = new LinkedHashMap<>();
            for (final Map.Entry<String, Histogram> entry : latencies.entrySet())
            {
                final double[] values = new double[PERCENTILES.length];
                for (int i = 0; i < PERCENTILES.length; i++)
                {
                    values[i] = entry.getValue().getValueAtPercentile(PERCENTILES[i]) / 1000.0;
                }
                series.put(entry.getKey(), values);
            }
            written.add(draw(dir, "latency.png", "Latency distribution (HdrHistogram)", "percentile",
                "latency (µs, log scale)", categories, series, true));
        }
        final List<BenchResult> traffic = results.stream().filter(BenchResult::isTraffic).toList();
        final Set<String> sizes = new LinkedHashSet<>();
        final Set<Integer> workers = new LinkedHashSet<>();
        for (final BenchResult result : traffic)
        {
            sizes.add(result.settings().packetSizeText());
            workers.add(result.settings().workers());
        }
        if (sizes.size() > 1)
        {
            final Map<String, double[]> series = new LinkedHashMap<>();
            final List<String> sizeList = new ArrayList<>(sizes);
            for (final BenchResult result : traffic)
            {
                final double[] values = series.computeIfAbsent(result.label() + " w" + result.settings().workers(),
                    k -> new double[sizeList.size()]);
                values[sizeList.indexOf(result.settings().packetSizeText())] = result.mpps();
            }
            written.add(draw(dir, "throughput-vs-size.png", "Throughput against packet size", "packet size (octets)",
                "Mpps", sizeList, series, false));
        }
        if (workers.size() > 1)
        {
            final Map<String, double[]> series = new LinkedHashMap<>();
            final List<String> workerList = workers.stream().map(String::valueOf).toList();
            for (final BenchResult result : traffic)
            {
                final double[] values = series.computeIfAbsent(result.label() + " " +
                    result.settings().packetSizeText(), k -> new double[workerList.size()]);
                values[workerList.indexOf(String.valueOf(result.settings().workers()))] = result.mpps();
            }
            written.add(draw(dir, "scaling.png", "Scaling with workers", "workers", "Mpps", workerList, series, false));
        }
        return written;
    }

    /**
     * Draw one category line chart.
     *
     * @param dir        folder.
     * @param name       file name.
     * @param title      chart title.
     * @param xLabel     x axis label.
     * @param yLabel     y axis label.
     * @param categories x categories.
     * @param series     values per series, one per category.
     * @param log        a base-10 logarithmic y axis (from the smallest positive value's decade).
     * @return the file name.
     * @throws IOException if it cannot be written.
     */
    static String draw(
        final Path dir,
        final String name,
        final String title,
        final String xLabel,
        final String yLabel,
        final List<String> categories,
        final Map<String, double[]> series,
        final boolean log) throws IOException
    {
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = HEIGHT - TOP - BOTTOM;
        double max = 0;
        for (final double[] values : series.values())
        {
            for (final double v : values)
            {
                max = Math.max(max, v);
            }
        }
        double min = Double.MAX_VALUE;
        for (final double[] values : series.values())
        {
            for (final double v : values)
            {
                min = v > 0 ? Math.min(min, v) : min;
            }
        }
        final double top = max <= 0 ? 1 : max * 1.1;
        final double floor = log ? Math.pow(10, Math.floor(Math.log10(min == Double.MAX_VALUE ? 1 : min))) : 0;
        final Scale scale = log ? v -> v <= floor ? 0 : Math.log10(v / floor) / Math.log10(top / floor) :
            v -> v / top;
        g.drawLine(LEFT, TOP, LEFT, TOP + plotHeight);
        g.drawLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);
        for (int tick = 0; tick <= 5; tick++)
        {
            final int y = TOP + plotHeight - tick * plotHeight / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT + 1, y, LEFT + plotWidth, y);
            g.setColor(Color.BLACK);
            g.drawString(format(log ? floor * Math.pow(top / floor, tick / 5.0) : top * tick / 5), 8, y + 4);
        }
        final int step = categories.size() > 1 ? plotWidth / (categories.size() - 1) : 0;
        for (int i = 0; i < categories.size(); i++)
        {
            g.drawString(categories.get(i), LEFT + i * step - 10, TOP + plotHeight + 18);
        }
        g.drawString(xLabel, LEFT + plotWidth / 2 - 30, HEIGHT - 15);
        g.drawString(yLabel, 8, TOP - 10);
        int colour = 0;
        int legendY = TOP + 10;
        for (final Map.Entry<String, double[]> entry : series.entrySet())
        {
            g.setColor(COLORS[colour++ % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            final double[] values = entry.getValue();
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < values.length; i++)
            {
                final int x = LEFT + i * step + (categories.size() == 1 ? plotWidth / 2 : 0);
                final int y = TOP + plotHeight - (int)(scale.fraction(values[i]) * plotHeight);
                g.fillOval(x - 3, y - 3, 6, 6);
                if (previousX >= 0)
                {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
            g.fillRect(LEFT + plotWidth + 15, legendY - 8, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), LEFT + plotWidth + 30, legendY + 1);
            legendY += 18;
        }
        g.dispose();
        ImageIO.write(image, "png", dir.resolve(name).toFile());
        return name;
    }

    /**
     * Where a value sits between the bottom (0) and the top (1) of the plot.
     */
    @FunctionalInterface
    private interface Scale
    {
        double fraction(double value);
    }

    private static String format(final double value)
    {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ?
            Long.toString((long)value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
