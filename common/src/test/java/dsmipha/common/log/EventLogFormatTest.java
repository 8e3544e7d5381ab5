package dsmipha.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Both line formats, read back independently: JSON Lines parsed by Jackson, logfmt compared octet for octet.
 */
final class EventLogFormatTest
{
    private static final long DOC_HIGH = 0x2001_0DB8_000A_0000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = new ManualClock();

    @Test
    void jsonLineCarriesFixedFieldsThenEventFieldsInTheirTypes() throws Exception
    {
        final CapturingSink sink = new CapturingSink();
        final EventLog log = log(LogFormat.JSON, LogLevel.INFO);
        final LogAgent agent = log.newAgent(sink, null);
        final EventType rejected = log.eventType("registration.rejected", LogLevel.WARN, LogCategory.SECURITY);
        final EventWriter writer = log.newWriter();

        assertTrue(writer.begin(rejected));
        writer.ipv6("home", DOC_HIGH, 0x100).ipv4("source", 0xCB00_7107).number("source_port", 40000)
            .number("status", 133).bool("udp", true).string("counter", "reg-reject-not-authorized")
            .string("note", "quote \" backslash \\ newline \n tab \t bell \u0007 é 😀");
        assertTrue(writer.commit());
        assertEquals(1, agent.drain());

        assertEquals(1, sink.lines.size());
        final String line = sink.lines.get(0);
        assertFalse(line.contains("\n"), line);
        final JsonNode node = JSON.readTree(line);
        assertEquals(List.of("ts", "level", "event", "category", "home", "source", "source_port", "status", "udp",
            "counter", "note"), names(node));
        assertEquals("2026-11-23T19:33:38.123Z", node.get("ts").asText());
        assertEquals("warn", node.get("level").asText());
        assertEquals("registration.rejected", node.get("event").asText());
        assertEquals("security", node.get("category").asText());
        assertEquals("2001:db8:a::100", node.get("home").asText());
        assertEquals("203.0.113.7", node.get("source").asText());
        assertTrue(node.get("source_port").isIntegralNumber());
        assertEquals(40000, node.get("source_port").asInt());
        assertEquals(133, node.get("status").asInt());
        assertTrue(node.get("udp").isBoolean());
        assertEquals("reg-reject-not-authorized", node.get("counter").asText());
        assertEquals("quote \" backslash \\ newline \n tab \t bell \u0007 é 😀", node.get("note").asText());
        assertEquals(1, log.count(LogCounter.WRITTEN));
    }

    @Test
    void logfmtLineQuotesOnlyWhatNeedsIt()
    {
        final CapturingSink sink = new CapturingSink();
        final EventLog log = log(LogFormat.TEXT, LogLevel.INFO);
        final LogAgent agent = log.newAgent(sink, null);
        final EventType start = log.eventType("agent.start", LogLevel.INFO, LogCategory.OPERATIONS);
        final EventWriter writer = log.newWriter();

        assertTrue(writer.begin(start));
        writer.string("layout", "dedicated").number("restored_bindings", 3).string("empty", "")
            .string("message", "disk \"full\" = bad").ipv6("mapped", 0, 0xFFFF_C000_020AL).commit();
        agent.drain();

        assertEquals(List.of("ts=2026-11-23T19:33:38.123Z level=info event=agent.start category=operations " +
            "layout=dedicated restored_bindings=3 empty=\"\" message=\"disk \\\"full\\\" = bad\" " +
            "mapped=::ffff:192.0.2.10"), sink.lines);
    }

    @Test
    void convenienceMethodsTakeKeyValuePairsOfAnyType() throws Exception
    {
        final CapturingSink sink = new CapturingSink();
        final EventLog log = log(LogFormat.JSON, LogLevel.INFO);
        final LogAgent agent = log.newAgent(sink, null);

        assertTrue(log.error("store.error", "path", "/var/lib/dsmip-ha/bindings", "error",
            new java.io.IOException("No space left on device"), "ipv6", InetAddress.getByName("2001:db8::1"),
            "ipv4", InetAddress.getByName("192.0.2.1"), "bytes", 4096, "other", List.of(1)));
        assertTrue(log.security("signaling.malformed", "counter", "sig-drop-mh-checksum"));
        assertFalse(log.debug("below.level", "x", 1), "debug is below info: not recorded");
        agent.drain();

        assertEquals(2, sink.lines.size());
        final JsonNode error = JSON.readTree(sink.lines.get(0));
        assertEquals("error", error.get("level").asText());
        assertEquals("operations", error.get("category").asText());
        assertEquals("IOException: No space left on device", error.get("error").asText());
        assertEquals("2001:db8::1", error.get("ipv6").asText());
        assertEquals("192.0.2.1", error.get("ipv4").asText());
        assertEquals(4096, error.get("bytes").asInt());
        assertEquals("[1]", error.get("other").asText());
        final JsonNode security = JSON.readTree(sink.lines.get(1));
        assertEquals("warn", security.get("level").asText());
        assertEquals("security", security.get("category").asText());
    }

    @Test
    void fieldsThatDoNotFitAreLeftOutAndCounted() throws Exception
    {
        final CapturingSink sink = new CapturingSink();
        final EventLog log = log(LogFormat.JSON, LogLevel.INFO);
        final LogAgent agent = log.newAgent(sink, null);
        final EventWriter writer = log.newWriter();

        assertTrue(writer.begin(log.eventType("big.event", LogLevel.INFO, LogCategory.OPERATIONS)));
        writer.string("big", "x".repeat(EventLog.MAX_RECORD_LENGTH)).number("kept", 1).commit();
        agent.drain();

        final JsonNode node = JSON.readTree(sink.lines.get(0));
        assertFalse(node.has("big"));
        assertEquals(1, node.get("kept").asInt());
        assertEquals(1, log.count(LogCounter.FIELD_TRUNCATED));
    }

    @Test
    void eventNamesAreDottedNames()
    {
        final EventLog log = log(LogFormat.JSON, LogLevel.INFO);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> log.eventType("bad name\"", LogLevel.INFO, LogCategory.OPERATIONS));
        assertEquals(log.eventType("a.b", LogLevel.INFO, LogCategory.OPERATIONS),
            log.eventType("a.b", LogLevel.ERROR, LogCategory.SECURITY));
    }

    private EventLog log(final LogFormat format, final LogLevel level)
    {
        return new EventLog(new LogConfig(format, level, null, 10, 50), 64 * 1024, clock, clock);
    }

    private static List<String> names(final JsonNode node)
    {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
