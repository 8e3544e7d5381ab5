package dsmipha.ha.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.common.testing.Addresses;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.ha.BindingsCommand;
import dsmipha.ha.HomeAgent;
import dsmipha.ha.HomeAgentConfig;
import dsmipha.slowpath.SlowpathCounter;
import dsmipha.slowpath.control.AsciiLine;
import dsmipha.slowpath.control.ControlCounter;
import dsmipha.slowpath.registration.BindingRecord;

/**
 * {@code dsmip-ha bindings} against a running home agent: three mobile nodes register through real Binding Updates
 * (the scapy fixtures of HomeAgentRegistrationTest: native IPv6 with a dynamic IPv4 home address, IPv4/UDP behind
 * a NAT, IPv6 in IPv4), then the command asks the instance's control socket while the agents run. The JSON answer
 * is parsed with Jackson and compared field by field with the registration's own binding records.
 */
class BindingsCommandTest
{
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/registration");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NATIVE = "2001:db8:a::200";
    private static final String NAT = "2001:db8:a::201";
    private static final String PROTO41 = "2001:db8:a::202";

    @TempDir
    Path dir;

    private HomeAgent agent;
    private Path socket;

    @BeforeEach
    void start() throws IOException
    {
        final HomeAgentConfig config = new HomeAgentConfig("bindings", dir, ThreadingMode.INVOKER,
            "backoff", List.of(AgentPlacement.UNPINNED), AgentPlacement.UNPINNED, AgentPlacement.UNPINNED, 1, 4096,
            FrameLayout.DEFAULT_FRAME_LENGTH, 1024, 32, 1 << 20, 0, 1024);
        agent = HomeAgent.startWithoutTraffic(config);
        socket = config.countersFile().resolveSibling("control.sock");
        register("bu_native_dynamic4");
        register("bu_udp_nat");
        register("bu_proto41");
        assertEquals(3, agent.registration().bindingCount());
    }

    @AfterEach
    void stop()
    {
        agent.close();
        assertFalse(Files.exists(socket), "the socket goes with the instance");
    }

    @Test
    void theTableShowsEveryBinding()
    {
        final Result result = bindings("--dir", dir.toString(), "--instance", "bindings");
        assertEquals(0, result.exit, result.err);
        final List<String> lines = result.out.lines().toList();
        assertEquals(4, lines.size(), result.out);
        assertTrue(lines.get(0).startsWith("HOME"), lines.get(0));
        final String rows = String.join("\n", lines.subList(1, 4));
        assertTrue(rows.contains(NATIVE) && rows.contains(NAT) && rows.contains(PROTO41), rows);
        final String natRow = lines.stream().filter(l -> l.startsWith(NAT + " ")).findFirst().orElseThrow();
        assertTrue(natRow.contains("ipv4-udp") && natRow.contains("203.0.113.9:40001"), natRow);
    }

    @Test
    void jsonLinesMatchTheRegistrationsBindingsFieldByField() throws Exception
    {
        final Result result = bindings("--socket", socket.toString(), "--json");
        assertEquals(0, result.exit, result.err);
        final List<String> lines = result.out.lines().toList();
        assertEquals(3, lines.size(), result.out);
        for (final String line : lines)
        {
            final JsonNode node = JSON.readTree(line);
            final String home = node.get("home").asText();
            final BindingRecord record =
                agent.registration().binding(Addresses.high(home), Addresses.low(home));
            assertNotNull(record, home);
            assertRecord(record, node);
        }
        final JsonNode nat = JSON.readTree(only("--home", NAT));
        assertEquals("ipv4-udp", nat.get("transport").asText());
        assertEquals("203.0.113.9", nat.get("nat_address").asText(), "the NAT-mapped address (RFC 5555 §4.1)");
        assertEquals(40001, nat.get("nat_port").asInt());
        assertTrue(nat.get("nat_detected").asBoolean());
        final JsonNode dual = JSON.readTree(only("--home", NATIVE));
        assertEquals("198.51.100.128", dual.get("ipv4_home").asText(), "the dynamic IPv4 home address");
        assertEquals("2001:db8:c::77", dual.get("care_of").asText());
        assertEquals("ipv6", dual.get("transport").asText());
        assertTrue(dual.get("nat_address").isNull());
        final JsonNode v4 = JSON.readTree(only("--home", PROTO41));
        assertEquals("192.0.2.50", v4.get("care_of").asText(), "an IPv4 care-of address");
        assertEquals("ipv4", v4.get("transport").asText());
    }

    @Test
    void filtersByHomeAndCareOf() throws Exception
    {
        assertEquals(NATIVE, home(only("--home", "198.51.100.128")), "IPv4 home address");
        assertEquals(NAT, home(only("--care-of", "203.0.113.9")), "NAT public address");
        assertEquals(PROTO41, home(only("--care-of", "192.0.2.50")), "IPv4 care-of address");
        assertEquals(NATIVE, home(only("--care-of", "2001:db8:c::77")), "IPv6 care-of address");
        assertEquals(3, bindings("--socket", socket.toString(), "--json", "--home", "2001:db8:a::/64").out
            .lines().count(), "a prefix");
        assertEquals(2, bindings("--socket", socket.toString(), "--json", "--limit", "2").out.lines().count());
        final Result none = bindings("--socket", socket.toString(), "--json", "--home", "2001:db8:ff::/48");
        assertEquals(0, none.exit, "no match is not an error");
        assertEquals("", none.out);
        final Result noneTable = bindings("--socket", socket.toString(), "--care-of", "198.18.0.1");
        assertEquals(0, noneTable.exit);
        assertEquals(1, noneTable.out.lines().count(), "the header only");
    }

    @Test
    void aMissingOrDeadSocketIsExitOneNamingThePath() throws IOException
    {
        final Path missing = dir.resolve("other").resolve("control.sock");
        final Result result = bindings("--dir", dir.toString(), "--instance", "other");
        assertEquals(1, result.exit);
        assertTrue(result.err.contains(missing.toString()), result.err);
        assertTrue(result.err.contains("is the home agent running?"), result.err);

        final Path dead = dir.resolve("dead.sock");
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            gone.bind(UnixDomainSocketAddress.of(dead));
        }
        final Result stale = bindings("--socket", dead.toString());
        assertEquals(1, stale.exit);
        assertTrue(stale.err.contains(dead.toString()), stale.err);
    }

    @Test
    void badAddressTextIsExitTwo()
    {
        final Result home = bindings("--socket", socket.toString(), "--home", "2001:db8::zz");
        assertEquals(2, home.exit);
        assertTrue(home.err.contains("not an IPv6 or IPv4 address: '2001:db8::zz'"), home.err);
        assertEquals(2, bindings("--socket", socket.toString(), "--care-of", "gateway.example").exit);
        assertEquals(2, bindings("--socket", socket.toString(), "--home", "10.0.0.0/40").exit);
        assertEquals(2, bindings("--socket", socket.toString(), "--limit", "-1").exit);
    }

    @Test
    void theInstanceCountsWhatTheControlSocketDid()
    {
        bindings("--socket", socket.toString(), "--json");
        bindings("--socket", socket.toString());
        // The control thread counts a query after the client has read its last line: wait for it, not for time.
        assertEquals(2, awaitTotal(ControlCounter.QUERIES_ANSWERED, "control", 2));
        assertEquals(6, awaitTotal(ControlCounter.BINDINGS_SENT, "slowpath", 6));
        assertEquals(2, awaitTotal(ControlCounter.DUMPS_STARTED, "slowpath", 2));
    }

    private long awaitTotal(final ControlCounter counter, final String owner, final long expected)
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        long value = total(counter, owner);
        while (value < expected && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
            value = total(counter, owner);
        }
        return value;
    }

    private static String home(final String json) throws IOException
    {
        return JSON.readTree(json).get("home").asText();
    }

    private String only(final String... filter)
    {
        final List<String> args = new ArrayList<>(List.of("--socket", socket.toString(), "--json"));
        args.addAll(List.of(filter));
        final Result result = bindings(args.toArray(String[]::new));
        assertEquals(0, result.exit, result.err);
        final List<String> lines = result.out.lines().toList();
        assertEquals(1, lines.size(), String.join(" ", filter) + ": " + result.out);
        return lines.get(0);
    }

    private static void assertRecord(final BindingRecord record, final JsonNode node)
    {
        assertEquals(text6(record.homeHigh, record.homeLow), node.get("home").asText());
        assertEquals(record.ipv4Home == 0 ? null : text4(record.ipv4Home), textOrNull(node.get("ipv4_home")));
        assertEquals(record.ipv4PrefixLength == 0 ? null : text4(record.ipv4PrefixNetwork) + "/" +
            record.ipv4PrefixLength, textOrNull(node.get("ipv4_home_prefix")));
        final String careOf = AsciiLine.isIpv4Mapped(record.careOfHigh, record.careOfLow) ?
            text4((int)record.careOfLow) : text6(record.careOfHigh, record.careOfLow);
        assertEquals(careOf, node.get("care_of").asText());
        assertEquals(record.natDetected, node.get("nat_detected").asBoolean());
        assertEquals(record.lifetimeSeconds, node.get("lifetime").asInt());
        assertTrue(node.get("remaining").asLong() <= record.lifetimeSeconds, node.toString());
        assertTrue(node.get("remaining").asLong() >= record.lifetimeSeconds - 60, node.toString());
        assertEquals(record.sequence, node.get("sequence").asInt());
        assertEquals(Integer.toUnsignedLong(record.bindingId), node.get("binding_id").asLong());
        assertEquals(record.mobileNetworkPrefixCount, node.get("mobile_network_prefixes").size());
        assertTrue(node.get("flags").asText().contains("H"), "home registration (RFC 6275 §6.1.7)");
        if (node.get("transport").asText().equals("ipv4-udp"))
        {
            assertEquals(text4(record.tunnelIpv4), node.get("nat_address").asText());
            assertEquals(record.natUdpPort, node.get("nat_port").asInt());
        }
    }

    // Independent of the formatter under test: the JDK's text, zero runs compressed the RFC 5952 way by regex.
    private static String text6(final long high, final long low)
    {
        final byte[] octets = java.nio.ByteBuffer.allocate(16).putLong(high).putLong(low).array();
        final StringBuilder full = new StringBuilder();
        for (int g = 0; g < 8; g++)
        {
            full.append(g == 0 ? "" : ":").append(Integer.toHexString(((octets[2 * g] & 0xFF) << 8) |
                (octets[2 * g + 1] & 0xFF)));
        }
        String best = null;
        for (int run = 8; run >= 2 && best == null; run--)
        {
            final String zeros = String.join(":", java.util.Collections.nCopies(run, "0"));
            final java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(^|:)" + zeros + "(:|$)").matcher(full);
            if (m.find())
            {
                best = full.substring(0, m.start()) + "::" + full.substring(m.end());
            }
        }
        return best != null ? best : full.toString();
    }

    private static String text4(final int address)
    {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }

    private static String textOrNull(final JsonNode node)
    {
        return node.isNull() ? null : node.asText();
    }

    private record Result(int exit, String out, String err)
    {
    }

    /** Run the command on this thread while another steps the agents (INVOKER mode), as a running instance does. */
    private Result bindings(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicBoolean done = new AtomicBoolean();
        final Thread stepper = Thread.ofPlatform().start(() ->
        {
            while (!done.get())
            {
                agent.host().invoke();
            }
        });
        try
        {
            final int exit = new CommandLine(new BindingsCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
            return new Result(exit, out.toString(), err.toString());
        }
        finally
        {
            done.set(true);
            try
            {
                stepper.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long total(final ControlCounter counter, final String owner)
    {
        return agent.countersFile().snapshot().stream()
            .filter(s -> s.typeId() == counter.id() && s.label().startsWith(owner + ":"))
            .mapToLong(s -> s.value()).sum();
    }

    private void register(final String fixture) throws IOException
    {
        final long before = ackTotal();
        final byte[] frame = HexFormat.of().parseHex(Files.readString(FIXTURES.resolve(fixture + ".hex")).trim());
        final MemoryPort access = agent.port(HomeAgent.ACCESS_PORT);
        final PacketBurst burst = new PacketBurst(agent.pool(), 1);
        final int index = agent.pool().allocate();
        MemorySegment.copy(frame, 0, agent.pool().memory(), ValueLayout.JAVA_BYTE,
            agent.pool().frameOffset(index) + FrameLayout.DATA_OFFSET, frame.length);
        burst.add(index, FrameLayout.DATA_OFFSET, frame.length);
        assertEquals(1, access.wire().inject(0, burst, 0, 1));
        for (int i = 0; i < 16; i++)
        {
            agent.host().invoke();
        }
        final PacketBurst out = new PacketBurst(agent.pool(), 64);
        access.wire().collect(0, out, 64);
        out.freeAll();
        assertEquals(before + 1, ackTotal(), fixture + ": acknowledged");
    }

    private long ackTotal()
    {
        return agent.countersFile().snapshot().stream()
            .filter(s -> s.typeId() == SlowpathCounter.TX_BINDING_ACK.id()).mapToLong(s -> s.value()).sum();
    }
}
