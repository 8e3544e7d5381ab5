package dsmipha.fastpath.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.counters.CounterSample;
import dsmipha.fastpath.decap.DecapCounter;
import dsmipha.fastpath.encap.EncapCounter;
import dsmipha.fastpath.icmp.IcmpCounter;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.traffic.SyntheticTraffic;

class WorkerAgentTest
{
    @Test
    void everyPacketOfTheMixIsTunnelledPuntedOrDroppedForItsNamedReason(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 4096, 32);
            SyntheticTraffic traffic = new SyntheticTraffic())
        {
            final PacketBurst burst = new PacketBurst(f.pool, SyntheticTraffic.CYCLE);
            assertEquals(SyntheticTraffic.CYCLE, traffic.fill(f.pool, burst, SyntheticTraffic.CYCLE));
            assertEquals(SyntheticTraffic.CYCLE, f.access.wire().inject(0, burst, 0, burst.count()));
            int work = 0;
            for (int i = 0; i < 4; i++)
            {
                work += f.worker.doWork();
            }
            assertEquals(SyntheticTraffic.CYCLE, work);

            assertEquals(64, f.count(FastpathCounter.RX_PACKETS));
            // 32 IPv4 and 21 IPv6 packets to home addresses, 4 reverse tunnels from mobile nodes (2 + 2 inside).
            assertEquals(34, f.count(FastpathCounter.FORWARD_IPV4));
            assertEquals(23, f.count(FastpathCounter.FORWARD_IPV6));
            assertEquals(53, f.count(FastpathCounter.DOWNLINK_TO_BINDING));
            assertEquals(4, f.count(FastpathCounter.UPLINK_TUNNEL));
            assertEquals(4, f.count(FastpathCounter.ROUTED_NATIVELY), "decapsulated, to correspondents");
            for (final DecapCounter accepted : new DecapCounter[]{DecapCounter.IPV6_IN_IPV6_OK,
                DecapCounter.IPV6_IN_IPV4_OK, DecapCounter.IPV4_IN_IPV6_OK, DecapCounter.IPV4_IN_UDP4_OK})
            {
                assertEquals(1, f.stages.count(accepted), accepted.label());
            }
            assertEquals(1, f.count(FastpathCounter.PUNT_MOBILITY_HEADER));
            assertEquals(1, f.count(FastpathCounter.PUNT_MIP4_REGISTRATION));
            assertEquals(1, f.count(FastpathCounter.PUNT_ARP));
            assertEquals(1, f.count(FastpathCounter.PUNT_NEIGHBOR_DISCOVERY));
            assertEquals(1, f.count(FastpathCounter.DROP_TTL_EXPIRED));
            assertEquals(1, f.count(FastpathCounter.DROP_IPV4_BAD_CHECKSUM));
            assertEquals(1, f.count(FastpathCounter.DROP_MALFORMED_IPV4));
            assertEquals(1, f.stages.count(IcmpCounter.TIME_EXCEEDED_V4_SENT), "Time Exceeded for the TTL-1 packet");
            // 53 tunnelled packets, 4 decapsulated ones and the Time Exceeded leave by the access port.
            assertEquals(58, f.count(FastpathCounter.TX_PACKETS));

            final List<Integer> reasons = new ArrayList<>();
            f.puntRing.ring().read((type, buffer, index, length) -> reasons.add(type));
            assertEquals(List.of(FastpathCounter.PUNT_MOBILITY_HEADER.id(),
                FastpathCounter.PUNT_MIP4_REGISTRATION.id(), FastpathCounter.PUNT_ARP.id(),
                FastpathCounter.PUNT_NEIGHBOR_DISCOVERY.id()), reasons);

            final byte[][] out = f.collect(WorkerFixture.ACCESS);
            assertEquals(58, out.length);
            assertOuterHeadersAreValid(out);
            assertEquals(0, f.collect(WorkerFixture.HOME).length);
            assertEquals(4096, f.pool.available(), "every frame is back in the pool");

            final long published = f.counters.snapshot().stream()
                .filter(s -> s.typeId() == FastpathCounter.RX_PACKETS.id()).mapToLong(CounterSample::value).sum();
            assertEquals(64, published, "counters are published to the file");
            f.worker.doWork();
            final long tunnelled = f.counters.snapshot().stream()
                .filter(s -> s.typeId() == EncapCounter.IPV6_IN_IPV6.id()).mapToLong(CounterSample::value).sum();
            assertEquals(f.stages.count(EncapCounter.IPV6_IN_IPV6), tunnelled,
                "stage counters are published on the first idle cycle");
            assertTrue(tunnelled > 0);
        }
    }

    @Test
    void aFullPuntRingIsACountedDrop(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 4096, 32);
            SyntheticTraffic traffic = new SyntheticTraffic())
        {
            final PacketBurst burst = new PacketBurst(f.pool, 1024);
            final int packets = 64 * 16;
            traffic.fill(f.pool, burst, packets);
            f.access.wire().inject(0, burst, 0, burst.count());
            // Fill the punt ring with small records so that no punt fits.
            final int max = 8;
            int claimed;
            while ((claimed = f.puntRing.ring().tryClaim(1, max)) > 0)
            {
                f.puntRing.ring().commit(claimed);
            }
            while (f.worker.doWork() > 0)
            {
                // drain
            }
            assertEquals(64, f.count(FastpathCounter.DROP_PUNT_RING_FULL));
            assertEquals(0, f.count(FastpathCounter.PUNT_ARP));
        }
    }

    private static void assertOuterHeadersAreValid(final byte[][] frames)
    {
        final EthernetHeader ethernet = new EthernetHeader();
        final Ipv4Header ipv4 = new Ipv4Header();
        final Ipv6Header ipv6 = new Ipv6Header();
        for (final byte[] frame : frames)
        {
            final MemorySegment memory = MemorySegment.ofArray(frame);
            assertEquals(CodecStatus.OK, ethernet.wrap(memory, 0, frame.length));
            assertEquals(WorkerFixture.GATEWAY_MAC, ethernet.destinationMac());
            assertEquals(WorkerFixture.ACCESS_MAC, ethernet.sourceMac());
            if (ethernet.etherType() == EthernetHeader.ETHERTYPE_IPV4)
            {
                assertEquals(CodecStatus.OK, ipv4.wrap(memory, ethernet.payloadOffset(), frame.length));
                assertTrue(ipv4.verifyChecksum(), "outer IPv4 checksum must verify");
            }
            else
            {
                assertEquals(CodecStatus.OK, ipv6.wrap(memory, ethernet.payloadOffset(), frame.length));
            }
        }
    }
}
