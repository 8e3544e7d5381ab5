package dsmipha.fastpath.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.testing.Addresses;
import dsmipha.fastpath.binding.BindingTableTestHooks;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.icmp.IcmpCounter;
import dsmipha.fastpath.punt.PuntMessageDescriptor;

/**
 * The tunnel MTU paths through the whole worker (Packet Too Big, Fragmentation Needed, inner fragmentation, outer
 * fragmentation) and every worker drop reason the golden frames do not reach, each asserted by its counter.
 */
class WorkerMtuAndDropTest
{
    private static final int ETH = 14;

    @Test
    void anIpv6PacketTooBigForTheTunnelGetsPacketTooBigWithTheRoomLeft(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            f.bind6("2001:db8:a::100", EncapVariant.IPV6_IN_IPV6, "2001:db8:c::5", 0, 1400);
            final byte[] error = one(f, WorkerFixture.udp6("2001:db8:a::100", 1400));
            assertEquals(58, error[ETH + 6], "ICMPv6");
            assertEquals(2, error[ETH + 40], "Packet Too Big (RFC 4443 §3.2)");
            assertEquals(1400 - 40, ByteBuffer.wrap(error).getInt(ETH + 40 + 4), "MTU = tunnel MTU - outer header");
            assertEquals(Addresses.high("2001:db8:f::1"), ByteBuffer.wrap(error).getLong(ETH + 24), "to the source");
            assertEquals(1, f.stages.count(IcmpCounter.PTB_SENT));
        }
    }

    @Test
    void anIpv4PacketWithDfTooBigForTheTunnelGetsFragmentationNeeded(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            f.bind4("198.51.100.11", EncapVariant.IPV4_IN_IPV4, "192.0.2.200", 0, 1400);
            final byte[] error = one(f, WorkerFixture.udp4("198.51.100.11", 1400, true));
            assertEquals(1, error[ETH + 9], "ICMP");
            assertEquals(3, error[ETH + 20], "Destination Unreachable");
            assertEquals(4, error[ETH + 21], "Fragmentation Needed (RFC 1191 §4)");
            assertEquals(1400 - 20, ByteBuffer.wrap(error).getShort(ETH + 20 + 6), "Next-Hop MTU");
            assertEquals(1, f.stages.count(IcmpCounter.FRAG_NEEDED_SENT));
        }
    }

    @Test
    void anIpv4PacketWithoutDfIsFragmentedAndEachFragmentTunnelled(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            f.bind4("198.51.100.11", EncapVariant.IPV4_IN_IPV4, "192.0.2.200", 0, 1400);
            f.inject(WorkerFixture.ACCESS, WorkerFixture.udp4("198.51.100.11", 1400, false));
            f.worker.doWork();
            final byte[][] frames = f.collect(WorkerFixture.ACCESS);
            assertEquals(2, frames.length);
            int innerPayload = 0;
            for (final byte[] frame : frames)
            {
                assertTrue(frame.length - ETH <= 1400, "each tunnel packet fits the tunnel MTU");
                assertEquals(4, frame[ETH + 9], "IPv4 in IPv4");
                final ByteBuffer inner = ByteBuffer.wrap(frame, ETH + 20, frame.length - ETH - 20);
                innerPayload += (inner.getShort(ETH + 20 + 2) & 0xFFFF) - 20;
            }
            assertEquals(0x2000, ByteBuffer.wrap(frames[0]).getShort(ETH + 20 + 6) & 0x2000, "MF on the first");
            assertEquals(1400 - 20, innerPayload, "the fragments carry the whole datagram");
            assertEquals(256, f.pool.available());
        }
    }

    @Test
    void anIpv6PacketOfAtMost1280IsTunnelledAndTheOuterIpv4Fragmented(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            f.bind6("2001:db8:a::101", EncapVariant.IPV6_IN_IPV4, "192.0.2.200", 0, 1200);
            f.inject(WorkerFixture.ACCESS, WorkerFixture.udp6("2001:db8:a::101", 1280));
            f.worker.doWork();
            final byte[][] frames = f.collect(WorkerFixture.ACCESS);
            assertEquals(2, frames.length, "RFC 4213 §3.2: 1280 octets always pass, fragmented outside");
            assertEquals(41, frames[0][ETH + 9]);
            assertEquals(0x2000, ByteBuffer.wrap(frames[0]).getShort(ETH + 6) & 0x2000, "MF on the first fragment");
            assertEquals(1, f.stages.count(IcmpCounter.MTU_FRAGMENT_OUTER));
        }
    }

    @Test
    void anIpv6PacketOfAtMost1280IsTunnelledAndTheOuterIpv6Fragmented(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            f.bind6("2001:db8:a::100", EncapVariant.IPV6_IN_IPV6, "2001:db8:c::5", 0, 1200);
            f.inject(WorkerFixture.ACCESS, WorkerFixture.udp6("2001:db8:a::100", 1280));
            f.worker.doWork();
            final byte[][] frames = f.collect(WorkerFixture.ACCESS);
            assertEquals(2, frames.length, "RFC 2473 §7.1: fragmented by the tunnel entry");
            for (final byte[] frame : frames)
            {
                assertEquals(44, frame[ETH + 6], "a Fragment header follows the outer IPv6 header");
                assertEquals(41, frame[ETH + 40], "and says IPv6 is inside");
                assertTrue(frame.length - ETH <= 1200);
            }
            assertEquals(1, f.stages.count(IcmpCounter.FRAG6_PACKETS));
            assertEquals(256, f.pool.available());
        }
    }

    @Test
    void unresolvedNextHopsAreGleanedFourPerBurstAndTheRestCounted(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            for (int host = 90; host < 96; host++)
            {
                f.inject(WorkerFixture.ACCESS, WorkerFixture.udp4("198.51.100." + host, 64, false));
            }
            f.worker.doWork();
            assertEquals(4, f.count(FastpathCounter.PUNT_NEIGHBOR_MISS));
            assertEquals(2, f.count(FastpathCounter.DROP_NEIGHBOR_MISS_LIMIT));
            final List<long[]> records = new ArrayList<>();
            f.puntRing.ring().read((type, buffer, index, length) -> records.add(new long[]{type,
                buffer.getShort(index + PuntMessageDescriptor.PORT_OFFSET),
                Long.reverseBytes(buffer.getLong(index + PuntMessageDescriptor.HEADER_LENGTH + 8)),
                length - PuntMessageDescriptor.HEADER_LENGTH}));
            assertEquals(4, records.size());
            assertEquals(FastpathCounter.PUNT_NEIGHBOR_MISS.id(), records.get(0)[0]);
            assertEquals(WorkerFixture.HOME, records.get(0)[1], "the egress port");
            assertEquals(BindingView.ipv4MappedLow(Addresses.ipv4("198.51.100.90")), records.get(0)[2]);
            assertEquals(16, records.get(0)[3], "the next hop, not the packet");
            assertEquals(256, f.pool.available());
        }
    }

    @Test
    void aBindingBeingRewrittenForTooLongIsADropNotANativeRoute(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            final int slot = f.bindings.lookupIpv6(Addresses.high("2001:db8:a::100"),
                Addresses.low("2001:db8:a::100"), new BindingView());
            BindingTableTestHooks.addToVersion(f.bindings, slot, 1);
            assertEquals(0, none(f, WorkerFixture.udp6("2001:db8:a::100", 100)));
            assertEquals(1, f.count(FastpathCounter.DROP_BINDING_BUSY));
            assertEquals(0, f.count(FastpathCounter.ROUTED_NATIVELY));
        }
    }

    @Test
    void aBindingWithoutATemplateIsAnEncapsulationDrop(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            final BindingView broken = new BindingView().ipv6HomeAddress(Addresses.high("2001:db8:a::100"),
                Addresses.low("2001:db8:a::100")).bindingId(9).variant(EncapVariant.IPV6_IN_IPV6)
                .ipv6CareOfAddress(Addresses.high("2001:db8:c::5"), 5).tunnelMtu(1500)
                .template(MemorySegment.ofArray(new byte[0]), 0, 0);
            f.bindings.put(broken);
            assertEquals(0, none(f, WorkerFixture.udp6("2001:db8:a::100", 100)));
            assertEquals(1, f.count(FastpathCounter.DROP_ENCAP_FAILED));
        }
    }

    @Test
    void aFullTransmitQueueIsACountedDrop(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 4096, 32))
        {
            final byte[] frame = WorkerFixture.udp6("2001:db8:a::100", 100);
            for (int burst = 0; burst < 40; burst++)
            {
                for (int n = 0; n < 32; n++)
                {
                    f.inject(WorkerFixture.ACCESS, frame);
                }
                f.worker.doWork();
            }
            assertEquals(40 * 32 - 1024, f.count(FastpathCounter.DROP_TX_FULL), "the wire holds 1024");
            assertEquals(1024, f.collect(WorkerFixture.ACCESS).length + collectRest(f));
            assertEquals(4096, f.pool.available());
        }
    }

    @Test
    void malformedHeadersAreDroppedByName(@TempDir final Path dir)
    {
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            final byte[] shortFrame = new byte[10];
            final byte[] lldp = WorkerFixture.udp4("198.51.100.11", 64, false);
            lldp[12] = (byte)0x88;
            lldp[13] = (byte)0xCC;
            final byte[] badIpv6 = WorkerFixture.udp6("2001:db8:a::100", 100);
            badIpv6[ETH + 4] = 0x7F;
            final byte[] badUdp = WorkerFixture.udp4("198.51.100.1", 64, false);
            badUdp[ETH + 20 + 2] = 0x10;
            badUdp[ETH + 20 + 3] = (byte)0x5F;
            badUdp[ETH + 20 + 4] = 0x7F;
            final byte[] badIcmp = WorkerFixture.udp6("2001:db8:a::100", 50);
            badIcmp[ETH + 6] = 58;
            badIcmp[ETH + 5] = 2;
            final byte[] truncatedIcmp = java.util.Arrays.copyOf(badIcmp, ETH + 42);
            for (final byte[] frame : new byte[][]{shortFrame, lldp, badIpv6, badUdp, truncatedIcmp})
            {
                f.inject(WorkerFixture.ACCESS, frame);
            }
            f.worker.doWork();
            assertEquals(1, f.count(FastpathCounter.DROP_MALFORMED_ETHERNET));
            assertEquals(1, f.count(FastpathCounter.DROP_UNSUPPORTED_ETHERTYPE));
            assertEquals(1, f.count(FastpathCounter.DROP_MALFORMED_IPV6));
            assertEquals(1, f.count(FastpathCounter.DROP_MALFORMED_UDP));
            assertEquals(1, f.count(FastpathCounter.DROP_MALFORMED_ICMP));
            assertEquals(0, f.collect(WorkerFixture.ACCESS).length + f.collect(WorkerFixture.HOME).length);
            assertEquals(256, f.pool.available());
        }
    }

    private static int collectRest(final WorkerFixture f)
    {
        int n = 0;
        int got;
        while ((got = f.collect(WorkerFixture.ACCESS).length) > 0)
        {
            n += got;
        }
        return n;
    }

    private static byte[] one(final WorkerFixture f, final byte[] frame)
    {
        f.inject(WorkerFixture.ACCESS, frame);
        f.worker.doWork();
        final byte[][] frames = f.collect(WorkerFixture.ACCESS);
        assertEquals(1, frames.length);
        assertEquals(0, f.collect(WorkerFixture.HOME).length);
        return frames[0];
    }

    private static int none(final WorkerFixture f, final byte[] frame)
    {
        f.inject(WorkerFixture.ACCESS, frame);
        f.worker.doWork();
        return f.collect(WorkerFixture.ACCESS).length + f.collect(WorkerFixture.HOME).length;
    }
}
