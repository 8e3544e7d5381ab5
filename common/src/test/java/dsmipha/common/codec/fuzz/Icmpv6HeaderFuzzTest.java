package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.Icmpv6Header;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.Ipv6Header;

/**
 * Jazzer fuzz test of the ICMPv6 parser: the input is an IPv6 packet; when the extension walk reaches ICMPv6 the
 * message is parsed there and its checksum verified over the walker's pseudo-header addresses, otherwise the
 * octets are parsed as a bare ICMPv6 message. Any octets give a status code, never an exception, and an accepted
 * message never describes octets past the packet. Runs its seed corpus in regression mode under {@code mvn test};
 * fuzz with {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=Icmpv6HeaderFuzzTest}.
 */
class Icmpv6HeaderFuzzTest
{
    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final Icmpv6Header icmp = new Icmpv6Header();

    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Math.max(1, input.length));
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, 0, input.length);
            final boolean inIpv6 = walker.walk(segment, 0, input.length) == CodecStatus.OK &&
                walker.upperLayerProtocol() == Icmpv6Header.PROTOCOL;
            final long offset = inIpv6 ? walker.upperLayerOffset() : 0;
            final long limit = inIpv6 ? walker.packetEnd() : input.length;
            final int status = icmp.wrap(segment, offset, limit);
            assertTrue(status <= CodecStatus.OK);
            if (status != CodecStatus.OK)
            {
                return;
            }
            assertEquals(limit - offset, icmp.length());
            assertTrue(icmp.length() >= Icmpv6Header.minimumLength(icmp.type()));
            assertTrue(icmp.payloadOffset() + icmp.payloadLength() <= limit);
            assertTrue(icmp.payloadOffset() <= limit);
            icmp.code();
            icmp.isError();
            icmp.identifier();
            icmp.sequenceNumber();
            icmp.mtu();
            icmp.pointer();
            final int type = icmp.type();
            if (type == Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION || type == Icmpv6Header.TYPE_NEIGHBOR_ADVERTISEMENT)
            {
                assertTrue(icmp.targetAddressOffset() + Ipv6Header.ADDRESS_LENGTH <= limit);
                Bytes.i64(segment, icmp.targetAddressOffset() + 8);
            }
            if (inIpv6)
            {
                final long source = walker.pseudoHeaderSourceOffset();
                final long destination = walker.finalDestinationOffset();
                final int checksum = icmp.checksum();
                final boolean valid = icmp.verifyChecksum(source, destination);
                final int computed = icmp.computeChecksum(source, destination);
                icmp.checksum(computed);
                assertTrue(icmp.verifyChecksum(source, destination));
                assertTrue(!valid || checksum == computed || checksum + computed == 0xFFFF);
            }
        }
    }
}
