package dsmipha.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterInfo;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.io.FrameLayout;

class PrometheusExporterTest
{
    /** Text format 0.0.4 metric name. */
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** One sample line: name, optional labels, value (no timestamps are written). */
    private static final Pattern SAMPLE = Pattern.compile("([^{ ]+)(?:\\{(.*)})? (\\S+)");

    /** One label pair inside the braces, value with the format's escapes. */
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(,|$)");

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aRunningInstanceIsScrapedWithEveryFamilyDescribedAndCountersGrowing(@TempDir final Path dir)
        throws Exception
    {
        final HomeAgentConfig config = new HomeAgentConfig("prom-test", dir, ThreadingMode.SHARED, "backoff",
            List.of(AgentPlacement.UNPINNED), AgentPlacement.UNPINNED, AgentPlacement.UNPINNED, 1, 16384,
            FrameLayout.DEFAULT_FRAME_LENGTH, 1024, 32, 1 << 20, 0, 1024);
        try (HomeAgent agent = HomeAgent.start(config);
            PrometheusExporter exporter = PrometheusExporter.start(config.countersFile(),
                new InetSocketAddress("127.0.0.1", 0)))
        {
            awaitRxPackets(agent, 1_000);
            agent.heartbeat();
            final HttpResponse<String> first = get(exporter.uri());
            assertEquals(200, first.statusCode());
            assertEquals(PrometheusExporter.CONTENT_TYPE, first.headers().firstValue("Content-Type").orElse(""));
            final Scrape one = Scrape.parse(first.body());
            assertEquals(1.0, one.value("dsmipha_up", Map.of("instance", "prom-test")));
            final double firstRx = one.value("dsmipha_rx_packets_total",
                Map.of("instance", "prom-test", "owner", "worker-0"));
            assertTrue(firstRx > 0, "rx_packets " + firstRx);
            assertEquals("gauge", one.types.get("dsmipha_tx_ack_pending"));
            assertEquals("counter", one.types.get("dsmipha_reg_accepted_new_total"));
            assertEquals("exceptions thrown by an agent's duty cycle", one.helps.get("dsmipha_agent_errors_total"));
            assertEquals(0.0, one.value("dsmipha_agent_errors_total", Map.of("instance", "prom-test",
                "owner", "system")));
            final double startSeconds = one.value("dsmipha_start_time_seconds", Map.of("instance", "prom-test"));
            assertEquals(agent.countersFile().startTimeMs() / 1000.0, startSeconds, 0.0005);
            assertTrue(one.value("dsmipha_heartbeat_age_seconds", Map.of("instance", "prom-test")) < 5);
            assertEveryFamilyIsDescribed(one);
            assertPromtoolAccepts(first.body(), dir);

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            double secondRx = firstRx;
            while (secondRx <= firstRx && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
                agent.heartbeat();
                secondRx = Scrape.parse(get(exporter.uri()).body()).value("dsmipha_rx_packets_total",
                    Map.of("instance", "prom-test", "owner", "worker-0"));
            }
            assertTrue(secondRx > firstRx, "rx_packets did not grow past " + firstRx);
        }
    }

    @Test
    void otherPathsAre404AndOtherMethods405(@TempDir final Path dir) throws Exception
    {
        try (PrometheusExporter exporter = PrometheusExporter.start(dir.resolve("none/counters.dat"),
            new InetSocketAddress("127.0.0.1", 0)))
        {
            final URI base = exporter.uri();
            assertEquals(404, get(base.resolve("/")).statusCode());
            assertEquals(404, get(base.resolve("/metrics/x")).statusCode());
            final HttpResponse<String> post = client.send(HttpRequest.newBuilder(base)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
            final HttpResponse<String> put = client.send(HttpRequest.newBuilder(base)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, put.statusCode());
        }
    }

    @Test
    void withoutACountersFileTheInstanceIsDown(@TempDir final Path dir) throws Exception
    {
        try (PrometheusExporter exporter = PrometheusExporter.start(dir.resolve("none/counters.dat"),
            new InetSocketAddress("127.0.0.1", 0)))
        {
            final HttpResponse<String> response = get(exporter.uri());
            assertEquals(200, response.statusCode());
            final Scrape scrape = Scrape.parse(response.body());
            assertEquals(0.0, scrape.value("dsmipha_up", Map.of()));
            assertEquals("gauge", scrape.types.get("dsmipha_up"));
        }
    }

    /**
     * The exact text for a hand-made counters file: a stale heartbeat is down, gauges keep their name, duplicate
     * owners are summed, label values and HELP text are escaped per the format.
     */
    @Test
    void rendersAHandMadeFileExactly(@TempDir final Path dir)
    {
        final long startMs = 1_700_000_000_250L;
        final CounterDescriptor packets = () -> new CounterInfo(1000, "rx-packets", "packets read");
        final CounterDescriptor pending = () -> new CounterInfo(2033, "tx-ack-pending", "Acks \"held\"\\now\nwaiting");
        try (CountersFile file = CountersFile.create(dir.resolve("c.dat"), 16, "a\"b\\c\nd", 7, startMs))
        {
            final CounterSlots w0 = new CounterSlots(file, new CounterDescriptor[] {packets}, 0, "worker-0");
            final CounterSlots w1 = new CounterSlots(file, new CounterDescriptor[] {packets}, 1, "worker-1");
            final CounterSlots again = new CounterSlots(file, new CounterDescriptor[] {packets}, 1, "worker-1");
            final CounterSlots slow = new CounterSlots(file, new CounterDescriptor[] {pending}, 0, "slowpath");
            w0.set(0, 5);
            w1.set(0, 7);
            again.set(0, 1);
            slow.set(0, 3);
            for (final CounterSlots slots : List.of(w0, w1, again, slow))
            {
                slots.publish();
            }
            final Map<Integer, CounterDescriptor> descriptors = new HashMap<>();
            descriptors.put(1000, packets);
            descriptors.put(2033, pending);
            final String instance = "instance=\"a\\\"b\\\\c\\nd\"";
            assertEquals(
                "# HELP dsmipha_up 1 when the instance's heartbeat is younger than 5 s, else 0\n" +
                "# TYPE dsmipha_up gauge\n" +
                "dsmipha_up{" + instance + "} 0\n" +
                "# HELP dsmipha_start_time_seconds start time of the instance, seconds since the epoch\n" +
                "# TYPE dsmipha_start_time_seconds gauge\n" +
                "dsmipha_start_time_seconds{" + instance + "} 1700000000.25\n" +
                "# HELP dsmipha_heartbeat_age_seconds seconds since the instance last stored its heartbeat\n" +
                "# TYPE dsmipha_heartbeat_age_seconds gauge\n" +
                "dsmipha_heartbeat_age_seconds{" + instance + "} 5\n" +
                "# HELP dsmipha_rx_packets_total packets read\n" +
                "# TYPE dsmipha_rx_packets_total counter\n" +
                "dsmipha_rx_packets_total{" + instance + ",owner=\"worker-0\"} 5\n" +
                "dsmipha_rx_packets_total{" + instance + ",owner=\"worker-1\"} 8\n" +
                "# HELP dsmipha_tx_ack_pending Acks \"held\"\\\\now\\nwaiting\n" +
                "# TYPE dsmipha_tx_ack_pending gauge\n" +
                "dsmipha_tx_ack_pending{" + instance + ",owner=\"slowpath\"} 3\n",
                PrometheusExporter.render(file, descriptors, startMs + 5_000));
            assertTrue(PrometheusExporter.render(file, descriptors, startMs + 4_999)
                .contains("dsmipha_up{" + instance + "} 1\n"));
        }
    }

    @Test
    void runRefusesABadOrBusyMetricsPortAsBadConfiguration(@TempDir final Path dir) throws Exception
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, Main.commandLine().setErr(new PrintWriter(err, true))
            .execute("run", "--dir", dir.toString(), "--duration", "1s", "--metrics-port", "70000"));
        assertEquals("dsmip-ha: --metrics-port must be 0..65535: 70000", err.toString().strip());
        try (PrometheusExporter busy = PrometheusExporter.start(dir.resolve("x"),
            new InetSocketAddress("127.0.0.1", 0)))
        {
            final StringWriter busyErr = new StringWriter();
            assertEquals(2, Main.commandLine().setErr(new PrintWriter(busyErr, true)).execute("run",
                "--dir", dir.toString(), "--duration", "1s", "--quiet", "--metrics-port",
                Integer.toString(busy.port())));
            assertTrue(busyErr.toString().startsWith("dsmip-ha: cannot serve metrics on 127.0.0.1:" + busy.port()),
                busyErr.toString());
        }
    }

    @Test
    void everyProductCounterGetsALegalNameAndOnlyGaugesLackTotal()
    {
        for (final CounterDescriptor counter : Main.allCounters())
        {
            final boolean gauge = PrometheusExporter.isGauge(counter.label(), counter.description());
            final String name = PrometheusExporter.NAME_PREFIX + PrometheusExporter.metricName(counter.label(), gauge);
            assertTrue(METRIC_NAME.matcher(name).matches(), name);
            assertEquals(!gauge, name.endsWith("_total"), name);
        }
        assertTrue(PrometheusExporter.isGauge("tx-ack-pending", "anything"));
        assertFalse(PrometheusExporter.isGauge("rx-packets", "packets read"));
        assertEquals("a_b_c_total", PrometheusExporter.metricName("a-b.c", false));
    }

    private static void assertEveryFamilyIsDescribed(final Scrape scrape)
    {
        assertTrue(scrape.samples.size() > 200, "samples: " + scrape.samples.size());
        for (final Sample sample : scrape.samples)
        {
            assertTrue(METRIC_NAME.matcher(sample.name).matches(), sample.name);
            assertNotNull(scrape.helps.get(sample.name), "HELP for " + sample.name);
            assertNotNull(scrape.types.get(sample.name), "TYPE for " + sample.name);
        }
        for (final String family : scrape.types.keySet())
        {
            assertTrue(scrape.samples.stream().anyMatch(s -> s.name.equals(family)), "samples of " + family);
        }
    }

    /** promtool, when installed, is the independent oracle of the format; none is installed by the build. */
    private static void assertPromtoolAccepts(final String body, final Path dir) throws Exception
    {
        for (final String folder : System.getenv().getOrDefault("PATH", "").split(":"))
        {
            final Path candidate = Path.of(folder, "promtool");
            if (Files.isExecutable(candidate))
            {
                final Path scrape = Files.writeString(dir.resolve("scrape.txt"), body);
                final Process process = new ProcessBuilder(candidate.toString(), "check", "metrics")
                    .redirectInput(scrape.toFile()).redirectErrorStream(true).start();
                final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(process.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, process.exitValue(), "promtool: " + output);
                return;
            }
        }
    }

    private HttpResponse<String> get(final URI uri) throws Exception
    {
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitRxPackets(final HomeAgent agent, final long atLeast) throws InterruptedException
    {
        final StatView view = new StatView(agent.countersFile(), false, true);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (view.sample().getOrDefault("rx-packets", 0L) < atLeast)
        {
            assertTrue(System.nanoTime() < deadline, "rx-packets never reached " + atLeast);
            Thread.sleep(10);
        }
    }

    private record Sample(String name, Map<String, String> labels, double value)
    {
    }

    /** A scrape parsed line by line with the format's grammar (HELP, TYPE, samples). */
    private record Scrape(Map<String, String> helps, Map<String, String> types, List<Sample> samples)
    {
        static Scrape parse(final String body)
        {
            final Map<String, String> helps = new HashMap<>();
            final Map<String, String> types = new HashMap<>();
            final List<Sample> samples = new ArrayList<>();
            assertTrue(body.endsWith("\n"), "ends with a line feed");
            for (final String line : body.split("\n"))
            {
                if (line.startsWith("# HELP "))
                {
                    final String[] parts = line.substring(7).split(" ", 2);
                    assertEquals(null, helps.put(parts[0], unescapeHelp(parts[1])), "one HELP for " + parts[0]);
                }
                else if (line.startsWith("# TYPE "))
                {
                    final String[] parts = line.substring(7).split(" ", 2);
                    assertTrue(List.of("counter", "gauge").contains(parts[1]), line);
                    assertEquals(null, types.put(parts[0], parts[1]), "one TYPE for " + parts[0]);
                    assertTrue(samples.stream().noneMatch(s -> s.name.equals(parts[0])), "TYPE before " + line);
                }
                else
                {
                    assertFalse(line.startsWith("#") || line.isBlank(), "unexpected line: " + line);
                    final Matcher matcher = SAMPLE.matcher(line);
                    assertTrue(matcher.matches(), "not a sample: " + line);
                    samples.add(new Sample(matcher.group(1), labels(matcher.group(2)),
                        Double.parseDouble(matcher.group(3))));
                }
            }
            return new Scrape(helps, types, samples);
        }

        double value(final String name, final Map<String, String> labels)
        {
            final List<Sample> found = samples.stream()
                .filter(s -> s.name.equals(name) && s.labels.equals(labels)).toList();
            assertEquals(1, found.size(), name + labels + " in " + samples.size() + " samples");
            return found.get(0).value;
        }

        private static Map<String, String> labels(final String text)
        {
            final Map<String, String> labels = new LinkedHashMap<>();
            if (text == null)
            {
                return labels;
            }
            final Matcher matcher = LABEL.matcher(text);
            int end = 0;
            while (matcher.find() && matcher.start() == end)
            {
                assertEquals(null, labels.put(matcher.group(1), unescapeLabel(matcher.group(2))), text);
                end = matcher.end();
            }
            assertEquals(text.length(), end, "label set: " + text);
            return labels;
        }

        private static String unescapeLabel(final String value)
        {
            return unescape(value, true);
        }

        private static String unescapeHelp(final String value)
        {
            return unescape(value, false);
        }

        private static String unescape(final String value, final boolean quotes)
        {
            final StringBuilder out = new StringBuilder();
            for (int i = 0; i < value.length(); i++)
            {
                final char c = value.charAt(i);
                if (c != '\\')
                {
                    assertTrue(c != '"' || !quotes, "unescaped quote in " + value);
                    out.append(c);
                    continue;
                }
                final char next = value.charAt(++i);
                assertTrue(next == 'n' || next == '\\' || (quotes && next == '"'), "escape \\" + next);
                out.append(next == 'n' ? '\n' : next);
            }
            return out.toString();
        }
    }
}
