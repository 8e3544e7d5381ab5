package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.Ipv4Header;

/**
 * Jazzer fuzz test of the IPv4 parser: any octets give a status code, never an exception; an accepted header
 * never describes octets past the packet, every option it finds lies inside the header, and a TTL decrement
 * patches the checksum to what a full recompute gives. Runs its seed corpus in regression mode under
 * {@code mvn test}; fuzz with {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=Ipv4HeaderFuzzTest}.
 */
class Ipv4HeaderFuzzTest
{
    private static final int[] OPTION_TYPES = {Ipv4Header.OPTION_ROUTER_ALERT, 7, 68, 130, 131, 137};

    private final Ipv4Header ip = new Ipv4Header();

    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Math.max(1, input.length));
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, 0, input.length);
            final int status = ip.wrap(segment, 0, input.length);
            assertTrue(status <= CodecStatus.OK);
            if (status != CodecStatus.OK)
            {
                return;
            }
            final int headerLength = ip.headerLength();
            assertEquals(Ipv4Header.VERSION, ip.version());
            assertTrue(headerLength >= Ipv4Header.LENGTH && headerLength <= Ipv4Header.MAX_LENGTH);
            assertTrue(ip.totalLength() >= headerLength);
            assertTrue(ip.payloadLength() >= 0);
            assertTrue(ip.payloadOffset() + ip.payloadLength() <= input.length);
            assertTrue(ip.fragmentOffset() * 8 + ip.totalLength() <= Ipv4Header.MAX_DATAGRAM_LENGTH);
            assertEquals(headerLength - Ipv4Header.LENGTH, ip.optionsLength());
            readEveryField();
            for (final int type : OPTION_TYPES)
            {
                final long at = ip.findOption(type);
                assertTrue(at == -1 || (at >= ip.optionsOffset() && at + 2 <= ip.payloadOffset()));
            }
            checkTtlDecrement(segment, input.length);
        }
    }

    private void readEveryField()
    {
        ip.ihl();
        ip.dscp();
        ip.ecn();
        ip.identification();
        ip.flags();
        ip.reservedFlag();
        ip.dontFragment();
        ip.moreFragments();
        ip.isFragment();
        ip.protocol();
        ip.sourceAddress();
        ip.destinationAddress();
        ip.verifyChecksum();
    }

    private void checkTtlDecrement(final MemorySegment segment, final int limit)
    {
        final int ttl = ip.ttl();
        final boolean exact = ip.checksum() == ip.computeChecksum();
        final boolean verified = ip.verifyChecksum();
        assertEquals(Math.max(0, ttl - 1), ip.decrementTtl());
        assertEquals(Math.max(0, ttl - 1), ip.ttl());
        if (exact)
        {
            assertEquals(ip.computeChecksum(), ip.checksum());
        }
        assertEquals(verified, ip.verifyChecksum());
        assertEquals(CodecStatus.OK, ip.wrap(segment, 0, limit));
    }
}
