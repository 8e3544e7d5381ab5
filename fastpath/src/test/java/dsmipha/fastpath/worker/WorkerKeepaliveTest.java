package dsmipha.fastpath.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.MessageHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.decap.DecapCounter;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.punt.PuntMessageDescriptor;
import dsmipha.fastpath.route.EgressCounter;

/**
 * Tunnelled packets to the home agent's own addresses, through the whole worker (frames built by scapy in
 * {@code fastpath/src/test/scapy/fixtures_worker.py}, cases {@code up_keepalive_*}, {@code up_ping_ha4_in_udp},
 * {@code up_udp_ha6_in_6in4}): an RFC 5555 NAT keepalive (empty IPv6, next header 59, home address to home agent,
 * in IPv4/UDP 4191 from the registered NAT mapping) is consumed under {@code decap-nat-keepalive}: nothing leaves,
 * nothing is punted, and no neighbour resolution is started for the home agent's own address (what the demo showed
 * before: {@code egress-drop-neighbor-incomplete}, {@code punt-neighbor-miss}). Other inner packets to the home
 * agent are punted whole as host-bound; ordinary reverse-tunnelled traffic in the same burst is still forwarded.
 */
class WorkerKeepaliveTest
{
    private static final String KEEPALIVE = "up_keepalive_udp";
    private static final String PING_HA4 = "up_ping_ha4_in_udp";
    private static final String DATA = "up_4inudp";

    @Test
    void aKeepaliveIsConsumedAndAPacketToTheHomeAgentPuntedBesideForwardedTraffic(@TempDir final Path dir)
    {
        final Fixture keepalive = Fixture.load("worker", KEEPALIVE);
        final Fixture ping = Fixture.load("worker", PING_HA4);
        final Fixture data = Fixture.load("worker", DATA);
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            f.inject(WorkerFixture.ACCESS, keepalive.bytes());
            f.inject(WorkerFixture.ACCESS, ping.bytes());
            f.inject(WorkerFixture.ACCESS, data.bytes());
            assertEquals(3, f.worker.doWork(), "one burst of three");
            f.worker.doWork();

            assertEquals(3, f.count(FastpathCounter.UPLINK_TUNNEL));
            assertEquals(1, f.stages.count(DecapCounter.NAT_KEEPALIVE));
            assertEquals(1, f.stages.count(DecapCounter.TO_HOME_AGENT));
            assertEquals(1, f.stages.count(DecapCounter.IPV4_IN_UDP4_OK));
            assertEquals(1, f.count(FastpathCounter.PUNT_HOST_BOUND));
            assertEquals(0, f.count(FastpathCounter.PUNT_NEIGHBOR_MISS));
            assertEquals(0, f.count(FastpathCounter.DROP_NEIGHBOR_MISS_LIMIT));
            assertEquals(0, f.stages.count(EgressCounter.NEIGHBOR_INCOMPLETE));
            assertEquals(0, f.count(FastpathCounter.FORWARD_IPV6), "the keepalive is not routed");
            assertEquals(1, f.count(FastpathCounter.FORWARD_IPV4), "only the data packet is routed");

            final List<int[]> punts = new ArrayList<>();
            f.puntRing.ring().read((type, buffer, index, length) -> punts.add(new int[]{type,
                buffer.getShort(index + PuntMessageDescriptor.L3_OFFSET_OFFSET),
                buffer.getShort(index + PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET),
                length - PuntMessageDescriptor.HEADER_LENGTH}));
            assertEquals(1, punts.size(), "the keepalive is not punted, the ping is");
            assertEquals(FastpathCounter.PUNT_HOST_BOUND.id(), punts.get(0)[0]);
            assertEquals(14, punts.get(0)[1], "outer L3 after Ethernet");
            assertEquals(14 + 20 + 8, punts.get(0)[2], "inner IPv4 after outer IPv4 and UDP");
            assertEquals(ping.bytes().length, punts.get(0)[3], "the whole frame, tunnel included");

            final byte[][] sent = f.collect(WorkerFixture.ACCESS);
            assertEquals(1, sent.length, "only the data packet leaves");
            assertArrayEquals(Fixture.load("worker", DATA + "_out").bytes(), sent[0]);
            assertEquals(0, f.collect(WorkerFixture.HOME).length);
            assertEquals(256, f.pool.available(), "every frame is back in the pool");
        }
    }

    @Test
    void aKeepaliveThatFailsTheReverseTunnelCheckIsDroppedForThatReason(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            f.inject(WorkerFixture.ACCESS, Fixture.load("worker", "up_keepalive_wrong_port").bytes());
            f.worker.doWork();
            assertEquals(1, f.stages.count(DecapCounter.DROP_UDP_PORT_MISMATCH));
            assertEquals(0, f.stages.count(DecapCounter.NAT_KEEPALIVE));
            assertEquals(0, f.collect(WorkerFixture.ACCESS).length + f.collect(WorkerFixture.HOME).length);
        }
    }

    @Test
    void keepalivesAndPacketsToTheHomeAgentAllocateNothing(@TempDir final Path dir)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        final byte[][] frames = {
            Fixture.load("worker", KEEPALIVE).bytes(),
            Fixture.load("worker", PING_HA4).bytes(),
            Fixture.load("worker", "up_udp_ha6_in_6in4").bytes(),
            Fixture.load("worker", "up_keepalive_6in6").bytes(),
            Fixture.load("worker", DATA).bytes()};
        final int rounds = 200_000;
        try (WorkerFixture f = new WorkerFixture(dir, 1024, 32))
        {
            final PacketBurst burst = new PacketBurst(f.pool, 32);
            final PacketBurst collected = new PacketBurst(f.pool, 64);
            final MessageHandler drain = (type, buffer, index, length) -> { };
            run(f, frames, burst, collected, drain, rounds / 4);

            final long before = threads.getThreadAllocatedBytes(threadId);
            run(f, frames, burst, collected, drain, rounds);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            final long total = rounds + rounds / 4;
            assertEquals(2 * total, f.stages.count(DecapCounter.NAT_KEEPALIVE));
            assertEquals(2 * total, f.stages.count(DecapCounter.TO_HOME_AGENT));
            assertEquals(total, f.stages.count(DecapCounter.IPV4_IN_UDP4_OK));
            assertEquals(0, f.count(FastpathCounter.PUNT_NEIGHBOR_MISS));
            // A per-packet allocation would be >= 16 MB for a million packets.
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for " + 5 * rounds + " packets");
        }
    }

    private static void run(
        final WorkerFixture f,
        final byte[][] frames,
        final PacketBurst burst,
        final PacketBurst collected,
        final MessageHandler drain,
        final int rounds)
    {
        final MemorySegment memory = f.pool.memory();
        for (int round = 0; round < rounds; round++)
        {
            burst.clear();
            for (final byte[] frame : frames)
            {
                final int index = f.pool.allocate();
                MemorySegment.copy(frame, 0, memory, ValueLayout.JAVA_BYTE,
                    f.pool.frameOffset(index) + FrameLayout.DATA_OFFSET, frame.length);
                burst.add(index, FrameLayout.DATA_OFFSET, frame.length);
            }
            assertEquals(frames.length, f.access.wire().inject(0, burst, 0, frames.length));
            f.worker.doWork();
            collected.clear();
            f.access.wire().collect(0, collected, 64);
            collected.freeAll();
            f.puntRing.ring().read(drain, 64);
        }
    }
}
