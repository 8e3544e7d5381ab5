package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.Icmpv4Header;

/**
 * Jazzer fuzz test of the ICMPv4 parser: any octets give a status code, never an exception; an accepted message
 * never describes octets past the IP payload; turning an Echo request into its reply patches the checksum to what
 * a full computation gives. Runs its seed corpus in regression mode under {@code mvn test}; fuzz with
 * {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=Icmpv4HeaderFuzzTest}.
 */
class Icmpv4HeaderFuzzTest
{
    private final Icmpv4Header icmp = new Icmpv4Header();

    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Math.max(1, input.length));
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, 0, input.length);
            final int status = icmp.wrap(segment, 0, input.length);
            assertTrue(status <= CodecStatus.OK);
            if (status != CodecStatus.OK)
            {
                return;
            }
            assertEquals(input.length, icmp.messageLength());
            assertTrue(icmp.payloadLength() >= 0);
            assertTrue(icmp.payloadOffset() + icmp.payloadLength() <= input.length);
            icmp.code();
            icmp.restOfHeader();
            icmp.identifier();
            icmp.sequenceNumber();
            icmp.nextHopMtu();
            icmp.pointer();
            icmp.gatewayAddress();
            icmp.isError();
            icmp.isFragmentationNeeded();
            final boolean exact = icmp.checksum() == icmp.computeChecksum();
            final boolean verified = icmp.verifyChecksum();
            if (icmp.type() == Icmpv4Header.TYPE_ECHO_REQUEST)
            {
                icmp.echoRequestToReply();
                assertEquals(Icmpv4Header.TYPE_ECHO_REPLY, icmp.type());
                if (exact)
                {
                    assertEquals(icmp.computeChecksum(), icmp.checksum());
                }
                assertTrue(!verified || icmp.verifyChecksum());
            }
        }
    }
}
