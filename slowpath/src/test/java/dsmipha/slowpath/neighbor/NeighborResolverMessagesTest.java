package dsmipha.slowpath.neighbor;

import static dsmipha.slowpath.neighbor.NeighborFixture.HOME_MAC;
import static dsmipha.slowpath.neighbor.NeighborFixture.HOST_MAC;
import static dsmipha.slowpath.neighbor.NeighborFixture.HOST_MAC2;
import static dsmipha.slowpath.neighbor.NeighborFixture.T0;
import static dsmipha.slowpath.neighbor.NeighborFixture.expected;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.ipv4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dsmipha.common.codec.ArpPacket;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Icmpv6Header;
import dsmipha.fastpath.route.NeighborState;

/**
 * What the resolver answers and learns from received ARP and Neighbor Discovery messages, checked against frames
 * scapy built (fixtures_neighbor.py), and every validation rule that drops a message.
 */
class NeighborResolverMessagesTest
{
    private static final String HOST = "192.0.2.50";
    private static final String HOST6 = "2001:db8:a::50";

    private final NeighborFixture f = new NeighborFixture();

    @AfterEach
    void close()
    {
        f.close();
    }

    @Test
    void arpRequestForOurAddressIsAnsweredAndItsSenderLearnt()
    {
        assertEquals(NeighborCounter.TX_ARP_REPLY, f.receive("in_arp_request", 0, T0));
        assertEquals(1, f.sent.size());
        assertEquals(0, f.sent.get(0).port());
        assertArrayEquals(expected("out_arp_reply"), f.sent.get(0).frame(), "RFC 826 Packet Reception");
        assertEquals(NeighborState.STALE, f.state(0, HOST), "we are the target: the sender is added");
        assertEquals(HOST_MAC, f.mac(0, HOST));
        assertEquals(1, f.resolver.count(NeighborCounter.RX_ARP_REQUEST));
        assertEquals(1, f.resolver.count(NeighborCounter.LEARNED));
    }

    @Test
    void arpRequestForAnotherAddressOnlyMergesAnExistingEntry()
    {
        assertEquals(NeighborCounter.DROP_NOT_FOR_US, f.receive("in_arp_request_other", 0, T0));
        assertEquals(-1, f.state(0, HOST), "not the target: nothing added (RFC 826)");
        f.unresolved(0, HOST, T0);
        f.sent.clear();
        assertEquals(NeighborCounter.DROP_NOT_FOR_US, f.receive("in_arp_request_other", 0, T0));
        assertEquals(NeighborState.STALE, f.state(0, HOST), "an existing entry is merged");
        assertEquals(HOST_MAC, f.mac(0, HOST));
        assertEquals(0, f.sent.size());
    }

    @Test
    void proxyArpAnswersForAProxiedAddressWithOurMac()
    {
        f.proxiedIpv4 = ipv4("192.0.2.99");
        assertEquals(NeighborCounter.PROXY_ANSWERED, f.receive("in_arp_request_other", 0, T0));
        final byte[] frame = f.sent.get(0).frame();
        final MemorySegment segment = MemorySegment.ofArray(frame);
        final ArpPacket arp = new ArpPacket();
        assertEquals(CodecStatus.OK, arp.wrap(segment, EthernetHeader.LENGTH, frame.length));
        assertTrue(arp.isReply());
        assertEquals(HOME_MAC, arp.senderMac());
        assertEquals(ipv4("192.0.2.99"), arp.senderIp());
        assertEquals(HOST_MAC, arp.targetMac());
        assertEquals(ipv4(HOST), arp.targetIp());
        assertEquals(1, f.resolver.count(NeighborCounter.TX_ARP_REPLY));
    }

    @Test
    void arpReplyToUsIsLearntReachableAndAMovedSenderUpdated()
    {
        assertEquals(NeighborCounter.RX_ARP_REPLY, f.receive("in_arp_reply", 0, T0));
        assertEquals(NeighborState.REACHABLE, f.state(0, HOST));
        f.receive("in_arp_reply_moved", 0, T0 + 1);
        assertEquals(HOST_MAC2, f.mac(0, HOST));
        assertEquals(NeighborState.REACHABLE, f.state(0, HOST));
        assertEquals(2, f.resolver.count(NeighborCounter.LEARNED));
    }

    @Test
    void arpWithUnknownOpcodeIsDropped()
    {
        assertEquals(NeighborCounter.DROP_MALFORMED, f.receive("in_arp_bad_op", 0, T0));
        assertEquals(NeighborCounter.DROP_MALFORMED, f.receive("in_arp_request", 7, T0), "unknown ingress port");
        final byte[] ns = expected("in_ns");
        assertEquals(NeighborCounter.DROP_MALFORMED,
            f.resolver.onArp(MemorySegment.ofArray(ns), 0, ns.length, 0, T0), "an IPv6 frame is not ARP");
        final byte[] arp = expected("in_arp_request");
        assertEquals(NeighborCounter.DROP_MALFORMED,
            f.resolver.onNeighborDiscovery(MemorySegment.ofArray(arp), 0, arp.length, 0, T0), "ARP is not ND");
        assertEquals(4, f.resolver.count(NeighborCounter.DROP_MALFORMED));
        assertEquals(0, f.sent.size());
    }

    @Test
    void solicitationForOurAddressIsAnsweredWithASolicitedAdvertisement()
    {
        assertEquals(NeighborCounter.TX_NEIGHBOR_ADVERTISEMENT, f.receive("in_ns", 0, T0));
        assertArrayEquals(expected("out_na_solicited"), f.sent.get(0).frame(), "RFC 4861 §7.2.4: R, S, O, TLLA");
        assertEquals(NeighborState.STALE, f.state(0, HOST6), "RFC 4861 §7.2.3: learnt STALE");
        assertEquals(HOST_MAC, f.mac(0, HOST6));
    }

    @Test
    void duplicateAddressDetectionIsAnsweredToAllNodesAndNotLearnt()
    {
        assertEquals(NeighborCounter.TX_NEIGHBOR_ADVERTISEMENT, f.receive("in_ns_dad", 0, T0));
        assertArrayEquals(expected("out_na_dad"), f.sent.get(0).frame(), "RFC 4861 §7.2.4: to ff02::1, S clear");
        assertEquals(0, f.resolver.count(NeighborCounter.LEARNED));
    }

    @Test
    void solicitationForAnotherAddressIsIgnoredUnlessProxied()
    {
        assertEquals(NeighborCounter.DROP_NOT_FOR_US, f.receive("in_ns_not_ours", 0, T0));
        assertEquals(0, f.sent.size());
        assertEquals(-1, f.state(0, HOST6));
        f.proxiedIpv6Low = low("2001:db8:a::99");
        assertEquals(NeighborCounter.PROXY_ANSWERED, f.receive("in_ns_not_ours", 0, T0));
        final byte[] frame = f.sent.get(0).frame();
        final MemorySegment segment = MemorySegment.ofArray(frame);
        final Icmpv6Header icmp = new Icmpv6Header();
        assertEquals(CodecStatus.OK, icmp.wrap(segment, 54, frame.length));
        assertEquals(Icmpv6Header.TYPE_NEIGHBOR_ADVERTISEMENT, icmp.type());
        assertEquals(Icmpv6Header.NA_FLAG_ROUTER | Icmpv6Header.NA_FLAG_SOLICITED, icmp.neighborFlags(),
            "no Override for a proxied address (RFC 4861 §7.2.4)");
        assertEquals(HOME_MAC, icmp.linkLayerAddressOption(Icmpv6Header.OPTION_TARGET_LINK_LAYER_ADDRESS));
        assertTrue(icmp.verifyChecksum(14 + 8, 14 + 24));
    }

    @Test
    void invalidNeighborDiscoveryIsDropped()
    {
        assertEquals(NeighborCounter.DROP_MALFORMED, f.receive("in_ns_hop_limit_64", 0, T0), "RFC 4861 §7.1.1");
        assertEquals(NeighborCounter.DROP_MALFORMED, f.receive("in_ns_zero_option", 0, T0), "RFC 4861 §7.1.1");
        assertEquals(NeighborCounter.DROP_MALFORMED, f.receive("in_na_multicast_solicited", 0, T0),
            "RFC 4861 §7.1.2");
        final byte[] corrupt = expected("in_ns");
        corrupt[corrupt.length - 1] ^= 1;
        assertEquals(NeighborCounter.DROP_MALFORMED, f.receive(corrupt, 0, T0), "bad checksum");
        assertEquals(4, f.resolver.count(NeighborCounter.DROP_MALFORMED));
        assertEquals(0, f.sent.size());
        assertEquals(-1, f.state(0, HOST6));
    }

    @Test
    void everyTruncationIsDroppedAndNothingThrows()
    {
        for (final String name : new String[] {"in_arp_request", "in_arp_reply", "in_ns", "in_ns_dad",
            "in_na_solicited"})
        {
            final byte[] frame = expected(name);
            for (int length = 0; length < frame.length; length++)
            {
                final MemorySegment segment = MemorySegment.ofArray(frame);
                final NeighborCounter outcome = frame[12] == 0x08 ?
                    f.resolver.onArp(segment, 0, length, 0, T0) :
                    f.resolver.onNeighborDiscovery(segment, 0, length, 0, T0);
                assertEquals(NeighborCounter.DROP_MALFORMED, outcome, name + " cut to " + length);
            }
        }
        assertEquals(0, f.sent.size());
        assertEquals(0, f.table.size());
    }

    @Test
    void paddedArpFrameIsAccepted()
    {
        final byte[] padded = java.util.Arrays.copyOf(expected("in_arp_request"), 60);
        assertEquals(NeighborCounter.TX_ARP_REPLY,
            f.resolver.onArp(MemorySegment.ofArray(padded), 0, padded.length, 0, T0), "Ethernet minimum padding");
    }

    @Test
    void routerSolicitationIsNotTheResolversToAnswer()
    {
        assertEquals(NeighborCounter.RX_ND_OTHER, f.receive("in_rs", 0, T0));
        assertEquals(0, f.sent.size());
    }

    @Test
    void advertisementWithoutAnEntryIsDiscarded()
    {
        assertEquals(NeighborCounter.DROP_UNSOLICITED_ADVERTISEMENT, f.receive("in_na_solicited", 0, T0));
        assertEquals(-1, f.state(0, HOST6), "RFC 4861 §7.2.5: no entry is created");
    }

    @Test
    void advertisementWithoutTargetAddressCannotCompleteAnEntry()
    {
        f.unresolved(0, HOST6, T0);
        assertEquals(NeighborCounter.DROP_MALFORMED, f.receive("in_na_no_option", 0, T0));
        assertEquals(NeighborState.INCOMPLETE, f.state(0, HOST6));
    }

    @Test
    void overrideFlagDecidesWhetherANewAddressIsTaken()
    {
        f.unresolved(0, HOST6, T0);
        f.receive("in_na_solicited", 0, T0);
        assertEquals(NeighborState.REACHABLE, f.state(0, HOST6));

        // RFC 4861 §7.2.5: O clear and a different address: keep the address, REACHABLE becomes STALE.
        assertEquals(NeighborCounter.RX_NEIGHBOR_ADVERTISEMENT, f.receive("in_na_no_override", 0, T0 + 1));
        assertEquals(NeighborState.STALE, f.state(0, HOST6));
        assertEquals(HOST_MAC, f.mac(0, HOST6));

        // O set, S clear (an unsolicited announcement): take the address, STALE.
        assertEquals(NeighborCounter.LEARNED, f.receive("in_na_unsolicited_override", 0, T0 + 2));
        assertEquals(NeighborState.STALE, f.state(0, HOST6));
        assertEquals(HOST_MAC2, f.mac(0, HOST6));

        // S set with the cached address: confirmed, REACHABLE.
        f.receive("in_na_no_override", 0, T0 + 3);
        assertEquals(NeighborState.REACHABLE, f.state(0, HOST6));
        assertEquals(HOST_MAC2, f.mac(0, HOST6));
    }
}
