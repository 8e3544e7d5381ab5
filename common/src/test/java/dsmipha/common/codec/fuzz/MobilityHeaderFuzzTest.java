package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.BindingError;
import dsmipha.common.codec.mh.BindingRefreshRequest;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.codec.mh.HomeTest;
import dsmipha.common.codec.mh.HomeTestInit;
import dsmipha.common.codec.mh.MobilityHeader;
import dsmipha.common.codec.mh.MobilityOptionIterator;

/**
 * Jazzer fuzz test of the Mobility Header parser: any octets give a status code, never an exception; an accepted
 * header lies inside the packet, its message fields can be read for its type, and its options walk ends inside
 * the header. Runs its seed corpus (the scapy fixtures' headers) in regression mode under {@code mvn test}; fuzz
 * with {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=MobilityHeaderFuzzTest}.
 */
class MobilityHeaderFuzzTest
{
    /** Octets in front of the header holding the pseudo-header source and destination addresses. */
    private static final int PSEUDO_HEADER = 32;

    private final MobilityHeader mh = new MobilityHeader();
    private final BindingRefreshRequest brr = new BindingRefreshRequest();
    private final HomeTestInit testInit = new HomeTestInit();
    private final HomeTest test = new HomeTest();
    private final BindingUpdate bu = new BindingUpdate();
    private final BindingAck ba = new BindingAck();
    private final BindingError be = new BindingError();
    private final MobilityOptionIterator options = new MobilityOptionIterator();
    private final byte[] address = new byte[16];
    private long sink;

    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(PSEUDO_HEADER + input.length);
            segment.fill((byte)0x20);
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, PSEUDO_HEADER, input.length);
            final long limit = PSEUDO_HEADER + input.length;
            final int status = mh.wrap(segment, PSEUDO_HEADER, limit);
            if (status == CodecStatus.OK || status == CodecStatus.UNSUPPORTED)
            {
                assertEquals(limit, mh.optionsLimit());
                assertTrue(mh.optionsOffset() <= mh.optionsLimit());
                assertTrue(mh.optionsOffset() >= PSEUDO_HEADER + MobilityHeader.MESSAGE_DATA_OFFSET);
                mh.verifyChecksum(0, 16);
            }
            if (status == CodecStatus.OK)
            {
                assertEquals(CodecStatus.OK, readMessage());
                walkOptions(limit);
            }
        }
    }

    private int readMessage()
    {
        final int type = mh.type();
        if (type == MobilityHeader.TYPE_BINDING_REFRESH_REQUEST)
        {
            final int status = brr.wrap(mh);
            sink += brr.reserved();
            return status;
        }
        if (type == MobilityHeader.TYPE_HOME_TEST_INIT || type == MobilityHeader.TYPE_CARE_OF_TEST_INIT)
        {
            final int status = testInit.wrap(mh);
            sink += testInit.reserved() + testInit.cookie();
            return status;
        }
        if (type == MobilityHeader.TYPE_HOME_TEST || type == MobilityHeader.TYPE_CARE_OF_TEST)
        {
            final int status = test.wrap(mh);
            sink += test.nonceIndex() + test.cookie() + test.keygenToken();
            return status;
        }
        if (type == MobilityHeader.TYPE_BINDING_UPDATE)
        {
            final int status = bu.wrap(mh);
            sink += bu.sequence() + bu.flags() + bu.lifetimeSeconds();
            return status;
        }
        if (type == MobilityHeader.TYPE_BINDING_ACK)
        {
            final int status = ba.wrap(mh);
            sink += ba.status() + ba.flags() + ba.sequence() + ba.lifetimeSeconds();
            return status;
        }
        assertEquals(MobilityHeader.TYPE_BINDING_ERROR, type, "wrap accepted an undecoded type");
        final int status = be.wrap(mh);
        be.getHomeAddress(address, 0);
        assertTrue(be.homeAddressOffset() + address.length <= mh.optionsLimit());
        sink += be.status() + be.reserved();
        return status;
    }

    private void walkOptions(final long limit)
    {
        options.reset(mh);
        long previous = -1;
        int calls = 0;
        int type;
        while ((type = options.next()) != MobilityOptionIterator.END && type >= 0)
        {
            assertTrue(MobilityOptionIterator.isKnown(type));
            assertTrue(options.offset() > previous);
            assertTrue(options.offset() >= mh.optionsOffset());
            assertTrue(options.valueOffset() + options.length() <= limit);
            previous = options.offset();
            assertTrue(++calls <= MobilityHeader.MAX_LENGTH);
        }
    }
}
