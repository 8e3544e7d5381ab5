package dsmipha.slowpath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.punt.PuntProxy;
import dsmipha.fastpath.punt.PuntRing;
import dsmipha.fastpath.worker.FastpathCounter;

class SignalingAgentTest
{
    /** Ethernet / IPv6 / Destination Options with HAO / MH Binding Update with the IPv4 HoA option (scapy). */
    private static final String BINDING_UPDATE = "02000000000202000000000186dd6000000000303c4020010db8000c00000000" +
        "00000000001020010db8000a00000000000000000001870201020000c91020010db8000a000000000000000001003b020500" +
        "da240007c00000641d068000c633640a01020000";
    private static final int ETHERNET_LENGTH = 14;

    @Test
    void decodesAndCountsPuntedSignalingByKind(@TempDir final Path dir)
    {
        try (CountersFile file = CountersFile.create(dir.resolve("c.dat"), 64, "t", 1, 0);
            PuntRing ring = new PuntRing(1 << 16);
            Arena arena = Arena.ofConfined())
        {
            final SignalingAgent agent = new SignalingAgent(
                ring, new CounterSlots(file, SlowpathCounter.values(), 0, "slowpath"));
            final PuntProxy punt = new PuntProxy(ring, 3);
            final byte[] bu = HexFormat.of().parseHex(BINDING_UPDATE);
            final MemorySegment packet = arena.allocate(bu.length);
            MemorySegment.copy(bu, 0, packet, ValueLayout.JAVA_BYTE, 0, bu.length);

            punt.punt(FastpathCounter.PUNT_MOBILITY_HEADER.id(), packet, 0, bu.length, 0, 0,

                ETHERNET_LENGTH, ETHERNET_LENGTH);
            // The same BU with its MH cut short by 8 octets: the IPv6 payload length no longer fits.
            punt.punt(FastpathCounter.PUNT_MOBILITY_HEADER.id(), packet, 0, bu.length - 8, 0, 0,
                ETHERNET_LENGTH, ETHERNET_LENGTH);
            punt.punt(FastpathCounter.PUNT_ARP.id(), packet, 0, 42, 1, 0,
                ETHERNET_LENGTH, ETHERNET_LENGTH);
            punt.punt(FastpathCounter.PUNT_MIP4_REGISTRATION.id(), packet, 0, 60, 0, 0,
                ETHERNET_LENGTH, ETHERNET_LENGTH);
            punt.punt(9999, packet, 0, 60, 0, 0,
                ETHERNET_LENGTH, ETHERNET_LENGTH);

            assertEquals(5, agent.doWork());
            assertEquals(0, agent.doWork());
            assertEquals(5, count(agent, SlowpathCounter.PUNTS_READ));
            assertEquals(2, count(agent, SlowpathCounter.RX_MOBILITY_HEADER));
            assertEquals(1, count(agent, SlowpathCounter.RX_BINDING_UPDATE));
            assertEquals(1, count(agent, SlowpathCounter.DROP_MALFORMED_MOBILITY_HEADER));
            assertEquals(1, count(agent, SlowpathCounter.RX_ARP));
            assertEquals(1, count(agent, SlowpathCounter.RX_MIP4_REGISTRATION));
            assertEquals(1, count(agent, SlowpathCounter.RX_UNKNOWN_REASON));
            assertEquals(4, count(agent, SlowpathCounter.NOT_SERVED));
        }
    }

    @Test
    void drainsABoundedNumberPerDutyCycle(@TempDir final Path dir)
    {
        try (CountersFile file = CountersFile.create(dir.resolve("c.dat"), 64, "t", 1, 0);
            PuntRing ring = new PuntRing(1 << 20);
            Arena arena = Arena.ofConfined())
        {
            final SignalingAgent agent = new SignalingAgent(
                ring, new CounterSlots(file, SlowpathCounter.values(), 0, "slowpath"));
            final PuntProxy punt = new PuntProxy(ring, 0);
            final MemorySegment packet = arena.allocate(64);
            for (int i = 0; i < 100; i++)
            {
                punt.punt(FastpathCounter.PUNT_ARP.id(), packet, 0, 42, 0, 0,
                    ETHERNET_LENGTH, ETHERNET_LENGTH);
            }
            assertEquals(SignalingAgent.DRAIN_LIMIT, agent.doWork());
            assertEquals(100 - SignalingAgent.DRAIN_LIMIT, agent.doWork());
        }
    }

    private static long count(final SignalingAgent agent, final SlowpathCounter counter)
    {
        return agent.counters().get(counter.ordinal());
    }
}
