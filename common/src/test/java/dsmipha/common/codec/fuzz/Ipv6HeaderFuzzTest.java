package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.Ipv6Header;

/**
 * Jazzer fuzz test of the IPv6 header parser: any octets give a status code, never an exception, and an accepted
 * header never describes octets past the packet. Runs its seed corpus in regression mode under {@code mvn test};
 * fuzz with {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=Ipv6HeaderFuzzTest}.
 */
class Ipv6HeaderFuzzTest
{
    private final Ipv6Header ipv6 = new Ipv6Header();

    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Math.max(1, input.length));
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, 0, input.length);
            final int status = ipv6.wrap(segment, 0, input.length);
            assertTrue(status <= CodecStatus.OK);
            if (status != CodecStatus.OK)
            {
                return;
            }
            assertEquals(Ipv6Header.VERSION, ipv6.version());
            assertTrue(ipv6.end() <= input.length);
            assertTrue(ipv6.payloadOffset() <= ipv6.end());
            assertTrue(ipv6.sourceOffset() + Ipv6Header.ADDRESS_LENGTH <= input.length);
            assertTrue(ipv6.destinationOffset() + Ipv6Header.ADDRESS_LENGTH <= input.length);
            assertTrue(ipv6.trafficClass() >= 0 && ipv6.trafficClass() <= 0xFF);
            assertTrue(ipv6.flowLabel() >= 0 && ipv6.flowLabel() <= Ipv6Header.FLOW_LABEL_MASK);
            assertTrue(ipv6.payloadLength() > 0 || ipv6.nextHeader() != Ipv6Header.NEXT_HEADER_HOP_BY_HOP);
            final long sourceHigh = ipv6.sourceHigh();
            final long sourceLow = ipv6.sourceLow();
            assertTrue(ipv6.sourceEquals(sourceHigh, sourceLow));
            assertTrue(ipv6.destinationEquals(ipv6.destinationHigh(), ipv6.destinationLow()));
            assertEquals(sourceHigh == ipv6.destinationHigh() && sourceLow == ipv6.destinationLow(),
                Ipv6Header.addressEquals(segment, ipv6.sourceOffset(), segment, ipv6.destinationOffset()));
            Ipv6Header.isMulticast(segment, ipv6.destinationOffset());

            final int hopLimit = ipv6.hopLimit();
            assertEquals(hopLimit == 0 ? -1 : hopLimit - 1, ipv6.decrementHopLimit());
            assertEquals(CodecStatus.OK, ipv6.wrap(segment, 0, input.length));
        }
    }
}
