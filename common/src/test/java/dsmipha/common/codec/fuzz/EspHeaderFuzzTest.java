package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EspHeader;

/**
 * Jazzer fuzz test of the ESP header and trailer parsers: any octets give a status code, never an exception; an
 * accepted header or trailer never describes octets outside the packet, and a trailer the encoder writes is one
 * the parser accepts. Runs its seed corpus in regression mode under {@code mvn test}; fuzz with
 * {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=EspHeaderFuzzTest}.
 */
class EspHeaderFuzzTest
{
    /** ICV lengths of NULL, HMAC-SHA1-96 (RFC 2404) and AES-GCM-16 / HMAC-SHA-256-128 (RFC 4106, RFC 4868). */
    private static final int[] ICV_LENGTHS = {0, 12, 16};
    private static final int[] BLOCK_SIZES = {1, 8, 16};

    private final EspHeader esp = new EspHeader();

    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Math.max(1, input.length));
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, 0, input.length);
            final int status = esp.wrap(segment, 0, input.length);
            assertTrue(status <= CodecStatus.OK);
            if (status != CodecStatus.OK)
            {
                return;
            }
            assertTrue(esp.payloadOffset() <= input.length);
            assertTrue(esp.spi() != 0);
            esp.sequenceNumber();
            esp.isReservedSpi();
            for (final int icvLength : ICV_LENGTHS)
            {
                checkTrailer(segment, input.length, icvLength);
            }
            final int blockSize = BLOCK_SIZES[input.length % BLOCK_SIZES.length];
            checkWrittenTrailer(arena, input, blockSize, ICV_LENGTHS[input.length % ICV_LENGTHS.length]);
        }
    }

    private void checkTrailer(final MemorySegment segment, final int limit, final int icvLength)
    {
        final long payloadStart = esp.payloadOffset();
        final int status = esp.wrapTrailer(segment, payloadStart, limit, icvLength);
        assertTrue(status <= CodecStatus.OK);
        if (status != CodecStatus.OK)
        {
            return;
        }
        final int padLength = esp.padLength();
        assertTrue(esp.paddingOffset() >= payloadStart);
        assertEquals(esp.icvOffset(), esp.paddingOffset() + padLength + EspHeader.TRAILER_LENGTH);
        assertEquals(limit, esp.icvOffset() + esp.icvLength());
        for (int i = 0; i < padLength; i++)
        {
            assertEquals(i + 1, Bytes.u8(segment, esp.paddingOffset() + i));
        }
        esp.nextHeader();
        esp.isDummy();
    }

    private void checkWrittenTrailer(final Arena arena, final byte[] input, final int blockSize, final int icvLength)
    {
        // The octets after the header as payload data, then a trailer and an ICV written by the encoder.
        final MemorySegment out = arena.allocate(input.length + EspHeader.MAX_PAD_LENGTH + 2 + icvLength);
        MemorySegment.copy(input, 0, out, ValueLayout.JAVA_BYTE, 0, input.length);
        final long payloadStart = EspHeader.LENGTH;
        final int nextHeader = input[input.length - 1] & 0xFF;
        final long icvOffset = esp.wrapForEncode(out, 0).writeTrailer(
            payloadStart, input.length, blockSize, nextHeader, icvLength);
        assertTrue(icvOffset > 0);
        assertEquals(0, (icvOffset - payloadStart) % Math.max(blockSize, 4));
        assertEquals(CodecStatus.OK, esp.wrap(out, 0, icvOffset + icvLength));
        assertEquals(CodecStatus.OK, esp.wrapTrailer(out, payloadStart, icvOffset + icvLength, icvLength));
        assertEquals(input.length, esp.paddingOffset());
        assertEquals(nextHeader, esp.nextHeader());
    }
}
