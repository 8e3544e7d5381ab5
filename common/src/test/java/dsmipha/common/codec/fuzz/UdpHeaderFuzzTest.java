package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.UdpHeader;

/**
 * Jazzer fuzz test of the UDP parser: any octets give a status code, never an exception, and an accepted header
 * never describes octets past the packet. The first 20 octets of the input stand for the enclosing IPv4 header
 * (the pseudo-header's addresses), the rest is parsed as UDP. Runs its seed corpus in regression mode under {@code mvn test}; fuzz
 * with {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=UdpHeaderFuzzTest}.
 */
class UdpHeaderFuzzTest
{
    private static final int IPV4_PREFIX_LENGTH = 20;

    private final UdpHeader udp = new UdpHeader();

    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Math.max(1, input.length));
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, 0, input.length);
            final long udpOffset = Math.min(IPV4_PREFIX_LENGTH, input.length);
            final int status = udp.wrap(segment, udpOffset, input.length);
            if (status == CodecStatus.OK)
            {
                assertTrue(udp.payloadOffset() + udp.payloadLength() <= input.length);
                udp.verifyChecksumIpv4(0);
                udp.sourcePort();
                udp.destinationPort();
            }
        }
    }
}
