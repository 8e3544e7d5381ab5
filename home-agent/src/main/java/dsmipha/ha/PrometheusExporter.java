package dsmipha.ha;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterSample;
import dsmipha.common.counters.CountersFile;

/**
 * Serves an instance's counters as Prometheus text exposition format 0.0.4 on {@code GET /metrics}.
 * <p>
 * The exporter never touches the agents: at each scrape it maps the counters file read-only (as
 * {@code dsmip-ha stat} does from another process), renders it and unmaps it, so a restarted instance (which
 * replaces the file) is picked up by the next scrape. It runs the JDK's {@link HttpServer} on one daemon thread.
 * <p>
 * One metric family per counter type: {@code dsmipha_<label, '-' as '_'>_total} of type {@code counter}, or
 * without {@code _total} and of type {@code gauge} for the counters that hold a level rather than a count
 * ({@link #isGauge}). Each family has one sample per owner:
 * <pre>
 * # HELP dsmipha_rx_packets_total packets read from the ports
 * # TYPE dsmipha_rx_packets_total counter
 * dsmipha_rx_packets_total{instance="default",owner="worker-0"} 123456
 * dsmipha_rx_packets_total{instance="default",owner="worker-1"} 120001
 * </pre>
 * plus {@code dsmipha_up} (1 while the heartbeat is younger than {@link #HEARTBEAT_STALE_MS}, the rule of
 * {@code stat}'s NOT RUNNING; 0 also when there is no readable counters file), {@code dsmipha_start_time_seconds}
 * and {@code dsmipha_heartbeat_age_seconds}. Other paths answer 404, other methods 405.
 */
public final class PrometheusExporter implements AutoCloseable
{
    /** Content type of text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The one path served. */
    public static final String METRICS_PATH = "/metrics";

    /** A heartbeat older than this means the instance is not running (as {@code stat} says NOT RUNNING). */
    public static final long HEARTBEAT_STALE_MS = 5_000;

    /** Prefix of every metric name. */
    public static final String NAME_PREFIX = "dsmipha_";

    /** Counters that hold a level, not a count, when their description does not start with {@code gauge:}. */
    private static final Set<String> GAUGE_LABELS = Set.of("tx-ack-pending");

    private final Path countersPath;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<Integer, CounterDescriptor> descriptorsById = new HashMap<>();

    private PrometheusExporter(final Path countersPath, final HttpServer server, final ExecutorService executor)
    {
        this.countersPath = countersPath;
        this.server = server;
        this.executor = executor;
        for (final CounterDescriptor descriptor : Main.allCounters())
        {
            descriptorsById.put(descriptor.id(), descriptor);
        }
    }

    /**
     * Bind and start serving.
     *
     * @param countersPath the instance's counters file, mapped read-only at each scrape.
     * @param address      where to listen; port 0 picks a free port (see {@link #port()}).
     * @return the running exporter; {@link #close()} stops it.
     * @throws IOException when the address cannot be bound.
     */
    public static PrometheusExporter start(final Path countersPath, final InetSocketAddress address)
        throws IOException
    {
        final HttpServer server = HttpServer.create(address, 0);
        final ExecutorService executor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("dsmipha-metrics").factory());
        final PrometheusExporter exporter = new PrometheusExporter(countersPath, server, executor);
        server.createContext("/", exporter::handle);
        server.setExecutor(executor);
        server.start();
        return exporter;
    }

    /**
     * @return the port listened on (the chosen one when started with port 0).
     */
    public int port()
    {
        return server.getAddress().getPort();
    }

    /**
     * @return the scrape URL, e.g. {@code http://127.0.0.1:9464/metrics}.
     */
    public URI uri()
    {
        final InetSocketAddress address = server.getAddress();
        final String host = address.getAddress().getHostAddress();
        final String literal = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + literal + ":" + address.getPort() + METRICS_PATH);
    }

    /**
     * Stop listening and end the serving thread.
     */
    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            if (!METRICS_PATH.equals(exchange.getRequestURI().getPath()))
            {
                reply(exchange, 404, "not found: only " + METRICS_PATH + " is served\n");
            }
            else if (!"GET".equals(exchange.getRequestMethod()))
            {
                exchange.getResponseHeaders().set("Allow", "GET");
                reply(exchange, 405, "method not allowed: use GET\n");
            }
            else
            {
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                final byte[] body = scrape(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody())
                {
                    out.write(body);
                }
            }
        }
    }

    private static void reply(final HttpExchange exchange, final int status, final String text) throws IOException
    {
        final byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(body);
        }
    }

    /**
     * Map the counters file and render it; only {@code dsmipha_up 0} when there is no readable file.
     *
     * @param nowMs wall clock, epoch ms.
     * @return the exposition text.
     */
    String scrape(final long nowMs)
    {
        final CountersFile file;
        try
        {
            file = CountersFile.openReadOnly(countersPath);
        }
        catch (final IllegalStateException ex)
        {
            final StringBuilder out = new StringBuilder();
            family(out, "up", "gauge", "1 when the instance's heartbeat is younger than 5 s, else 0");
            out.append(NAME_PREFIX).append("up 0\n");
            return out.toString();
        }
        try (file)
        {
            return render(file, descriptorsById, nowMs);
        }
    }

    /**
     * Render a counters file as text exposition format 0.0.4 (allocates; once per scrape).
     *
     * @param file        the counters file.
     * @param descriptors counter descriptors by id, for HELP text and kind; unknown ids get a generic HELP.
     * @param nowMs       wall clock, epoch ms, for {@code up} and the heartbeat age.
     * @return the exposition text.
     */
    static String render(final CountersFile file, final Map<Integer, CounterDescriptor> descriptors,
        final long nowMs)
    {
        final String instance = escapeLabelValue(file.instanceName());
        final long heartbeatAgeMs = Math.max(0, nowMs - file.heartbeatMs());
        final StringBuilder out = new StringBuilder(64 * 1024);
        final String instanceLabel = "{instance=\"" + instance + "\"}";
        family(out, "up", "gauge", "1 when the instance's heartbeat is younger than 5 s, else 0");
        out.append(NAME_PREFIX).append("up").append(instanceLabel).append(' ')
            .append(heartbeatAgeMs < HEARTBEAT_STALE_MS ? 1 : 0).append('\n');
        family(out, "start_time_seconds", "gauge", "start time of the instance, seconds since the epoch");
        out.append(NAME_PREFIX).append("start_time_seconds").append(instanceLabel).append(' ')
            .append(seconds(file.startTimeMs())).append('\n');
        family(out, "heartbeat_age_seconds", "gauge", "seconds since the instance last stored its heartbeat");
        out.append(NAME_PREFIX).append("heartbeat_age_seconds").append(instanceLabel).append(' ')
            .append(seconds(heartbeatAgeMs)).append('\n');

        for (final Map.Entry<Integer, Map<String, Long>> type : byTypeAndOwner(file.snapshot()).entrySet())
        {
            final CounterDescriptor descriptor = descriptors.get(type.getKey());
            final String label = descriptor != null ? descriptor.label() : "counter-" + type.getKey();
            final String help = descriptor != null ? descriptor.description() : "counter type " + type.getKey();
            final boolean gauge = isGauge(label, help);
            final String name = metricName(label, gauge);
            family(out, name, gauge ? "gauge" : "counter", help);
            for (final Map.Entry<String, Long> owner : type.getValue().entrySet())
            {
                out.append(NAME_PREFIX).append(name).append("{instance=\"").append(instance)
                    .append("\",owner=\"").append(escapeLabelValue(owner.getKey())).append("\"} ")
                    .append(owner.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * @param label       the counter's label, e.g. {@code tx-ack-pending}.
     * @param description the counter's description.
     * @return true for a level (gauge) rather than a count: a description starting {@code gauge:} or a known label.
     */
    static boolean isGauge(final String label, final String description)
    {
        return description.startsWith("gauge:") || GAUGE_LABELS.contains(label);
    }

    /**
     * @param label the counter's label, e.g. {@code rx-packets}.
     * @param gauge whether it is a gauge (no {@code _total} suffix).
     * @return the metric name without {@link #NAME_PREFIX}, e.g. {@code rx_packets_total}; any character outside
     *         {@code [a-zA-Z0-9_:]} becomes {@code _}.
     */
    static String metricName(final String label, final boolean gauge)
    {
        final StringBuilder name = new StringBuilder(label.length() + 6);
        for (int i = 0; i < label.length(); i++)
        {
            final char c = label.charAt(i);
            final boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == ':';
            name.append(legal ? c : '_');
        }
        return gauge ? name.toString() : name.append("_total").toString();
    }

    /**
     * Escape a label value: backslash, double quote and line feed (text format 0.0.4).
     *
     * @param value raw value.
     * @return escaped value, to put between double quotes.
     */
    static String escapeLabelValue(final String value)
    {
        return escape(value, true);
    }

    /**
     * Escape HELP text: backslash and line feed (text format 0.0.4).
     *
     * @param text raw text.
     * @return escaped text.
     */
    static String escapeHelp(final String text)
    {
        return escape(text, false);
    }

    private static String escape(final String text, final boolean quotes)
    {
        final StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quotes ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void family(final StringBuilder out, final String name, final String type, final String help)
    {
        out.append("# HELP ").append(NAME_PREFIX).append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(NAME_PREFIX).append(name).append(' ').append(type).append('\n');
    }

    /**
     * Group samples by counter type id (ascending) then owner (file order), summing the rare duplicates so that
     * every label set appears once, as the format requires.
     */
    private static Map<Integer, Map<String, Long>> byTypeAndOwner(final List<CounterSample> samples)
    {
        final Map<Integer, Map<String, Long>> types = new TreeMap<>();
        for (final CounterSample sample : samples)
        {
            types.computeIfAbsent(sample.typeId(), id -> new LinkedHashMap<>())
                .merge(owner(sample.label()), sample.value(), Long::sum);
        }
        return types;
    }

    private static String owner(final String label)
    {
        final int colon = label.indexOf(": ");
        return colon < 0 ? "" : label.substring(0, colon);
    }

    private static String seconds(final long ms)
    {
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }
}
