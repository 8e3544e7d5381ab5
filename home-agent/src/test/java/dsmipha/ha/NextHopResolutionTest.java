package dsmipha.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.traffic.DemoNetwork;
import dsmipha.fastpath.worker.FastpathCounter;
import dsmipha.slowpath.SlowpathCounter;
import dsmipha.slowpath.neighbor.NeighborCounter;

/**
 * The whole resolution loop on the embedded instance, one agent step at a time: a packet to an unknown host on the
 * home link makes the worker's egress ask the slowpath (glean punt); the resolver sends an ARP request, which
 * leaves through a worker's transmit ring and the home port; the host's ARP reply is punted, learnt and published;
 * the next packet to the host leaves with its MAC.
 */
class NextHopResolutionTest
{
    private static final int HOST = DemoNetwork.HOME4 | 99;
    private static final long HOST_MAC = 0x02_00_00_00_00_99L;

    @Test
    void anUnknownHomeLinkHostIsResolvedByArpAndThenReached(@TempDir final Path dir)
    {
        final HomeAgentConfig config = new HomeAgentConfig("resolve", dir, ThreadingMode.INVOKER, "backoff",
            List.of(AgentPlacement.UNPINNED), AgentPlacement.UNPINNED, AgentPlacement.UNPINNED, 1, 4096,
            FrameLayout.DEFAULT_FRAME_LENGTH, 1024, 32, 1 << 20, 0, 1024);
        try (HomeAgent agent = HomeAgent.startWithoutTraffic(config))
        {
            final MemoryPort access = agent.port(HomeAgent.ACCESS_PORT);
            final MemoryPort home = agent.port(HomeAgent.HOME_PORT);
            inject(agent, access, udpToHost());
            step(agent, 4);
            final List<byte[]> request = collect(agent, home);
            assertEquals(1, request.size(), "one ARP request on the home link");
            assertEquals("ffffffffffff", HexFormat.of().formatHex(request.get(0), 0, 6), "broadcast");
            assertEquals(0x0806, ((request.get(0)[12] & 0xFF) << 8) | (request.get(0)[13] & 0xFF));
            assertEquals(1, total(agent, FastpathCounter.PUNT_NEIGHBOR_MISS.id()));
            assertEquals(1, total(agent, NeighborCounter.TX_ARP_REQUEST.id()));
            assertEquals(1, total(agent, SlowpathCounter.TX_FRAMES.id()));

            inject(agent, home, arpReply());
            step(agent, 4);
            inject(agent, access, udpToHost());
            step(agent, 4);
            final List<byte[]> data = collect(agent, home);
            assertEquals(1, data.size(), "the next packet reaches the host");
            final MemorySegment frame = MemorySegment.ofArray(data.get(0));
            final EthernetHeader ethernet = new EthernetHeader();
            ethernet.wrap(frame, 0, data.get(0).length);
            assertEquals(HOST_MAC, ethernet.destinationMac());
            assertEquals(DemoNetwork.HOME_MAC, ethernet.sourceMac());
        }
    }

    private static void step(final HomeAgent agent, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            agent.host().invoke();
        }
    }

    private static long total(final HomeAgent agent, final int id)
    {
        return agent.countersFile().snapshot().stream().filter(s -> s.typeId() == id).mapToLong(s -> s.value()).sum();
    }

    private static void inject(final HomeAgent agent, final MemoryPort port, final byte[] frame)
    {
        final PacketBurst burst = new PacketBurst(agent.pool(), 1);
        final int index = agent.pool().allocate();
        MemorySegment.copy(frame, 0, agent.pool().memory(), ValueLayout.JAVA_BYTE,
            agent.pool().frameOffset(index) + FrameLayout.DATA_OFFSET, frame.length);
        burst.add(index, FrameLayout.DATA_OFFSET, frame.length);
        assertEquals(1, port.wire().inject(0, burst, 0, 1));
    }

    private static List<byte[]> collect(final HomeAgent agent, final MemoryPort port)
    {
        final PacketBurst burst = new PacketBurst(agent.pool(), 64);
        port.wire().collect(0, burst, 64);
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < burst.count(); i++)
        {
            frames.add(agent.pool().memory().asSlice(burst.address(i), burst.length(i)).toArray(ValueLayout.JAVA_BYTE));
        }
        burst.freeAll();
        return frames;
    }

    private static byte[] udpToHost()
    {
        final int length = EthernetHeader.LENGTH + Ipv4Header.LENGTH + UdpHeader.LENGTH + 8;
        final MemorySegment frame = MemorySegment.ofArray(new byte[length]);
        new EthernetHeader().wrapForEncode(frame, 0).destinationMac(DemoNetwork.ACCESS_MAC)
            .sourceMac(DemoNetwork.GATEWAY_MAC).etherType(EthernetHeader.ETHERTYPE_IPV4);
        new Ipv4Header().wrapForEncode(frame, EthernetHeader.LENGTH)
            .writeHeader(length - EthernetHeader.LENGTH, 1, 64, Ipv4Header.PROTOCOL_UDP, 0xCB007132, HOST)
            .updateChecksum();
        new UdpHeader().wrapForEncode(frame, EthernetHeader.LENGTH + Ipv4Header.LENGTH)
            .sourcePort(5000).destinationPort(6000).length(UdpHeader.LENGTH + 8).checksum(0);
        return frame.toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] arpReply()
    {
        // RFC 826 reply from the host to the home agent's home address.
        return HexFormat.of().parseHex("020000000002" + "020000000099" + "0806"
            + "0001" + "0800" + "06" + "04" + "0002"
            + "020000000099" + String.format("%08x", HOST)
            + "020000000002" + String.format("%08x", DemoNetwork.HOME4 | 1));
    }
}
