package dsmipha.slowpath.registration;

import static dsmipha.slowpath.registration.RegistrationFixture.COA4;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_HIGH;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.NAT4;
import static dsmipha.slowpath.registration.RegistrationFixture.NAT_PORT;
import static dsmipha.slowpath.registration.RegistrationFixture.SECOND;
import static dsmipha.slowpath.registration.RegistrationFixture.T0;
import static dsmipha.slowpath.registration.RegistrationFixture.nativeRequest;
import static dsmipha.slowpath.registration.RegistrationFixture.udpRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.common.log.EventLog;
import dsmipha.common.log.CapturingSink;
import dsmipha.common.log.LogAgent;
import dsmipha.common.log.LogConfig;
import dsmipha.common.log.LogFormat;
import dsmipha.common.log.LogLevel;
import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.punt.PuntMessageDescriptor;
import dsmipha.slowpath.MobilitySignaling;

/**
 * Refused Binding Updates become security events with their detail: requests driven through the real processor
 * (by hand, and scapy-built frames through {@link MobilitySignaling} and the reader), the JSON line parsed back by
 * Jackson, and each event beside the counter the refusal incremented.
 */
final class RegistrationEventLogTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CapturingSink lines = new CapturingSink();

    @Test
    void notAuthorizedRejectIsASecurityEventWithAddressesStatusAndCounter() throws Exception
    {
        final EventLog log = log(LogLevel.INFO);
        final LogAgent agent = log.newAgent(lines, null);
        try (RegistrationFixture f = new RegistrationFixture(dir, closedConfig(List.of())))
        {
            f.processor.registrationEvents(new RegistrationEventLog(log));
            f.send(nativeRequest(7), T0);
            agent.drain();

            assertEquals(BindingAck.STATUS_NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_NOT_AUTHORIZED));
            final JsonNode event = only();
            assertEquals("registration.rejected", event.get("event").asText());
            assertEquals("security", event.get("category").asText());
            assertEquals("warn", event.get("level").asText());
            assertEquals("2001:db8:a::100", event.get("home").asText());
            assertEquals("2001:db8:c::5", event.get("care_of").asText());
            assertEquals("2001:db8:c::5", event.get("source").asText());
            assertEquals("ipv6", event.get("transport").asText());
            assertEquals(7, event.get("sequence").asInt());
            assertEquals(133, event.get("status").asInt());
            assertEquals("reg-reject-not-authorized", event.get("counter").asText());
            assertFalse(event.has("source_port"));
        }
    }

    @Test
    void sequenceRejectOverUdpNamesTheNatMappedSourceAndPort() throws Exception
    {
        final EventLog log = log(LogLevel.INFO);
        final LogAgent agent = log.newAgent(lines, null);
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            f.processor.registrationEvents(new RegistrationEventLog(log));
            f.send(udpRequest(5, NAT4, NAT_PORT, COA4), T0);
            f.send(udpRequest(5, NAT4, NAT_PORT, COA4), T0 + SECOND);
            agent.drain();

            assertEquals(BindingAck.STATUS_SEQUENCE_NUMBER_OUT_OF_WINDOW, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.REJECT_SEQUENCE));
            final JsonNode event = only();
            assertEquals("registration.rejected", event.get("event").asText());
            assertEquals("2001:db8:a::100", event.get("home").asText());
            assertEquals("192.0.2.10", event.get("care_of").asText());
            assertEquals("203.0.113.7", event.get("source").asText());
            assertEquals(NAT_PORT, event.get("source_port").asInt());
            assertEquals("ipv4-udp", event.get("transport").asText());
            assertEquals(135, event.get("status").asInt());
            assertEquals("reg-reject-sequence", event.get("counter").asText());
        }
    }

    @Test
    void careOfMismatchOverProtocol41AndUnprotectedDrop() throws Exception
    {
        final EventLog log = log(LogLevel.INFO);
        final LogAgent agent = log.newAgent(lines, null);
        final RegistrationConfig lab = RegistrationFixture.labConfig();
        final RegistrationConfig strict = new RegistrationConfig(false, 3600, 0, 110, false, lab.homeLinkMode(),
            false, 1400, lab.homePrefixes(), lab.homeIpv4Subnets(), true, lab.ipv4AddressPools(),
            lab.ipv4PrefixPools(), List.of());
        try (RegistrationFixture f = new RegistrationFixture(dir, strict))
        {
            f.processor.registrationEvents(new RegistrationEventLog(log));
            final BindingUpdateRequest proto41 = udpRequest(1, NAT4, 0, COA4);
            proto41.path.transport = SignalingTransport.IPV4_PROTOCOL_41;
            proto41.path.peerUdpPort = 0;
            proto41.ipsecProtected = true;
            f.send(proto41, T0);
            f.send(nativeRequest(2), T0);
            agent.drain();

            assertEquals(1, f.count(RegistrationCounter.REJECT_CARE_OF_MISMATCH));
            assertEquals(1, f.count(RegistrationCounter.DROP_UNPROTECTED));
            assertEquals(2, lines.lines.size(), String.join("\n", lines.lines));
            final JsonNode mismatch = JSON.readTree(lines.lines.get(0));
            assertEquals("registration.rejected", mismatch.get("event").asText());
            assertEquals("192.0.2.10", mismatch.get("care_of").asText());
            assertEquals("203.0.113.7", mismatch.get("source").asText());
            assertEquals("ipv4-proto41", mismatch.get("transport").asText());
            assertEquals(174, mismatch.get("status").asInt());
            assertEquals("reg-reject-care-of-mismatch", mismatch.get("counter").asText());
            final JsonNode unprotected = JSON.readTree(lines.lines.get(1));
            assertEquals("registration.dropped", unprotected.get("event").asText());
            assertEquals("security", unprotected.get("category").asText());
            assertFalse(unprotected.has("status"), "silently discarded: no status sent");
            assertEquals("reg-drop-unprotected", unprotected.get("counter").asText());
        }
    }

    @Test
    void refusedIpv4HomeAddressIsLoggedWhileTheIpv6RegistrationIsAccepted() throws Exception
    {
        final EventLog log = log(LogLevel.INFO);
        final LogAgent agent = log.newAgent(lines, null);
        final RegistrationConfig.MobileNodePolicy noIpv4 = new RegistrationConfig.MobileNodePolicy(
            HOME_HIGH, HOME_LOW, 0, false, List.of(), false, List.of());
        try (RegistrationFixture f = new RegistrationFixture(dir, closedConfig(List.of(noIpv4))))
        {
            f.processor.registrationEvents(new RegistrationEventLog(log));
            final BindingUpdateRequest request = nativeRequest(3);
            request.hasIpv4HomeAddress = true;
            request.ipv4HomeAddress = 0;
            f.send(request, T0);
            agent.drain();

            assertEquals(BindingAck.STATUS_ACCEPTED, f.lastAck().status);
            assertEquals(1, f.count(RegistrationCounter.IPV4_PROHIBITED));
            final JsonNode event = only();
            assertEquals("registration.ipv4-refused", event.get("event").asText());
            assertEquals("security", event.get("category").asText());
            assertEquals(129, event.get("status").asInt());
            assertEquals("0.0.0.0", event.get("ipv4_home").asText());
            assertEquals("reg-ipv4-prohibited", event.get("counter").asText());
        }
    }

    @Test
    void otherRefusalsAreDebugOperationsEvents() throws Exception
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig()))
        {
            final EventLog info = log(LogLevel.INFO);
            final LogAgent infoAgent = info.newAgent(lines, null);
            f.processor.registrationEvents(new RegistrationEventLog(info));
            final BindingUpdateRequest outside = nativeRequest(1);
            outside.homeAddressHigh = 0x2001_0DB8_00FF_0000L;
            f.send(outside, T0);
            infoAgent.drain();
            assertEquals(1, f.count(RegistrationCounter.REJECT_NOT_HOME_SUBNET));
            assertTrue(lines.lines.isEmpty(), "debug is below info");

            final EventLog debug = log(LogLevel.DEBUG);
            final LogAgent debugAgent = debug.newAgent(lines, null);
            f.processor.registrationEvents(new RegistrationEventLog(debug));
            f.send(outside, T0);
            debugAgent.drain();
            final JsonNode event = only();
            assertEquals("registration.refused", event.get("event").asText());
            assertEquals("operations", event.get("category").asText());
            assertEquals("debug", event.get("level").asText());
            assertEquals("2001:db8:ff::100", event.get("home").asText());
            assertEquals(132, event.get("status").asInt());
            assertEquals("reg-reject-not-home-subnet", event.get("counter").asText());
        }
    }

    @Test
    void scapyFramesThroughTheReaderAndProcessor() throws Exception
    {
        final EventLog log = log(LogLevel.INFO);
        final LogAgent agent = log.newAgent(lines, null);
        try (RegistrationFixture f = new RegistrationFixture(dir, closedConfig(List.of()));
            CountersFile file = CountersFile.create(dir.resolve("signaling.dat"), 128, "t", 1, 0);
            Arena arena = Arena.ofConfined())
        {
            final MobilitySignaling signaling = new MobilitySignaling(f.processor, f.sender, f.homeLink,
                new CounterSlots(file, SignalingInputCounter.values(), 0, "sig"), f.counters,
                new CounterSlots(file, HomeLinkCounter.values(), 0, "homelink"));
            f.processor.registrationEvents(new RegistrationEventLog(log));
            punt(signaling, arena, "in_bu_ipv4_udp_nat");
            punt(signaling, arena, "in_bu_bad_checksum");
            agent.drain();

            assertEquals(2, lines.lines.size(), String.join("\n", lines.lines));
            final JsonNode rejected = JSON.readTree(lines.lines.get(0));
            assertEquals("registration.rejected", rejected.get("event").asText());
            assertEquals("2001:db8:a::100", rejected.get("home").asText());
            assertEquals("10.0.0.5", rejected.get("care_of").asText());
            assertEquals("203.0.113.9", rejected.get("source").asText());
            assertEquals(40123, rejected.get("source_port").asInt());
            assertEquals(10, rejected.get("sequence").asInt());
            assertEquals(133, rejected.get("status").asInt());
            final JsonNode malformed = JSON.readTree(lines.lines.get(1));
            assertEquals("signaling.malformed", malformed.get("event").asText());
            assertEquals("security", malformed.get("category").asText());
            assertEquals("2001:db8:a::100", malformed.get("home").asText());
            assertEquals("2001:db8:c::100", malformed.get("source").asText());
            assertEquals("ipv6", malformed.get("transport").asText());
            assertEquals("sig-drop-mh-checksum", malformed.get("counter").asText());
        }
    }

    @Test
    void floodOfRejectsAllocatesNothingOnceRateLimited()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        final EventLog log = new EventLog(new LogConfig(LogFormat.JSON, LogLevel.INFO, null, 10, 50));
        try (RegistrationFixture f = new RegistrationFixture(dir, closedConfig(List.of())))
        {
            f.sender.capture = false;
            f.processor.registrationEvents(new RegistrationEventLog(log));
            final BindingUpdateRequest request = nativeRequest(1);
            for (int i = 0; i < 10_000; i++)
            {
                f.processor.onBindingUpdate(request, T0);
            }
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 200_000; i++)
            {
                f.processor.onBindingUpdate(request, T0);
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            System.out.printf("registration events: %d bytes allocated for 200000 logged rejects%n", allocated);
            assertEquals(210_000, f.count(RegistrationCounter.REJECT_NOT_AUTHORIZED));
            assertTrue(log.count(dsmipha.common.log.LogCounter.SUPPRESSED) >= 209_000,
                "the flood was rate limited: " + log.count(dsmipha.common.log.LogCounter.SUPPRESSED));
            // The measuring call itself may allocate a little; one object per reject would be >= 3 MB.
            assertTrue(allocated < 16 * 1024, "rejects allocated " + allocated + " bytes");
        }
    }

    private static void punt(final MobilitySignaling signaling, final Arena arena, final String name)
    {
        final Fixture fixture = Fixture.load(BindingUpdateReaderTest.GROUP, name);
        final MemorySegment record = BindingUpdateReaderTest.record(arena, fixture, fixture.intField("inner_l3"));
        signaling.onMobilityPunt(record, BindingUpdateReaderTest.RECORD_OFFSET,
            PuntMessageDescriptor.HEADER_LENGTH + fixture.bytes().length, T0);
    }

    private JsonNode only() throws Exception
    {
        assertEquals(1, lines.lines.size(), String.join("\n", lines.lines));
        return JSON.readTree(lines.lines.get(0));
    }

    private static EventLog log(final LogLevel level)
    {
        return new EventLog(new LogConfig(LogFormat.JSON, level, null, 10, 50));
    }

    // The lab config with home-prefix authorization off: only listed mobile nodes are served.
    private static RegistrationConfig closedConfig(final List<RegistrationConfig.MobileNodePolicy> policies)
    {
        return RegistrationFixture.config(false, 0, false, policies);
    }
}
