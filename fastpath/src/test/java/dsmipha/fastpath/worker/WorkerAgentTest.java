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
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.traffic.SyntheticTraffic;

class WorkerAgentTest
{
    @Test
    void everyPacketOfTheMixIsForwardedPuntedOrDroppedForItsNamedReason(@TempDir final Path dir)
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
            assertEquals(32, f.count(FastpathCounter.FORWARD_IPV4));
            assertEquals(25, f.count(FastpathCounter.FORWARD_IPV6));
            assertEquals(57, f.count(FastpathCounter.TX_PACKETS));
            assertEquals(1, f.count(FastpathCounter.PUNT_MOBILITY_HEADER));
            assertEquals(1, f.count(FastpathCounter.PUNT_MIP4_REGISTRATION));
            assertEquals(1, f.count(FastpathCounter.PUNT_ARP));
            assertEquals(1, f.count(FastpathCounter.PUNT_NEIGHBOR_DISCOVERY));
            assertEquals(1, f.count(FastpathCounter.DROP_TTL_EXPIRED));
            assertEquals(1, f.count(FastpathCounter.DROP_IPV4_BAD_CHECKSUM));
            assertEquals(1, f.count(FastpathCounter.DROP_MALFORMED_IPV4));

            final List<Integer> reasons = new ArrayList<>();
            f.puntRing.ring().read((type, buffer, index, length) -> reasons.add(type));
            assertEquals(List.of(FastpathCounter.PUNT_MOBILITY_HEADER.id(),
                FastpathCounter.PUNT_MIP4_REGISTRATION.id(), FastpathCounter.PUNT_ARP.id(),
                FastpathCounter.PUNT_NEIGHBOR_DISCOVERY.id()), reasons);

            final PacketBurst out = new PacketBurst(f.pool, 128);
            assertEquals(57, f.home.wire().collect(0, out, 128));
            assertForwardedHeadersArePatched(out);
            out.freeAll();
            assertEquals(4096, f.pool.available(), "every frame is back in the pool");

            final long published = f.counters.snapshot().stream()
                .filter(s -> s.typeId() == FastpathCounter.RX_PACKETS.id()).mapToLong(CounterSample::value).sum();
            assertEquals(64, published, "counters are published to the file");
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

    private static void assertForwardedHeadersArePatched(final PacketBurst out)
    {
        final EthernetHeader ethernet = new EthernetHeader();
        final Ipv4Header ipv4 = new Ipv4Header();
        final Ipv6Header ipv6 = new Ipv6Header();
        final MemorySegment memory = out.memory();
        for (int i = 0; i < out.count(); i++)
        {
            final long start = out.address(i);
            assertEquals(CodecStatus.OK, ethernet.wrap(memory, start, start + out.length(i)));
            if (ethernet.etherType() == EthernetHeader.ETHERTYPE_IPV4)
            {
                assertEquals(CodecStatus.OK, ipv4.wrap(memory, ethernet.payloadOffset(), start + out.length(i)));
                assertEquals(63, ipv4.ttl());
                assertTrue(ipv4.verifyChecksum(), "checksum patched incrementally must verify");
            }
            else
            {
                assertEquals(CodecStatus.OK, ipv6.wrap(memory, ethernet.payloadOffset(), start + out.length(i)));
                assertEquals(63, ipv6.hopLimit());
            }
        }
    }
}
