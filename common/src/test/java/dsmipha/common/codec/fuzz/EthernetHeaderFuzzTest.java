package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EthernetHeader;

/**
 * Jazzer fuzz test of the Ethernet/VLAN parser: any octets give a status code, never an exception; an accepted
 * header never describes octets past the frame; pushing a tag onto an accepted frame gives a frame the parser
 * accepts with one more tag and the same payload. Runs its seed corpus in regression mode under {@code mvn test};
 * fuzz with {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=EthernetHeaderFuzzTest}.
 */
class EthernetHeaderFuzzTest
{
    private static final int HEADROOM = EthernetHeader.VLAN_TAG_LENGTH;

    private final EthernetHeader eth = new EthernetHeader();

    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(HEADROOM + input.length);
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, HEADROOM, input.length);
            final long limit = HEADROOM + input.length;
            final int status = eth.wrap(segment, HEADROOM, limit);
            assertTrue(status <= CodecStatus.OK);
            if (status != CodecStatus.OK)
            {
                return;
            }
            final int count = eth.vlanCount();
            assertTrue(count >= 0 && count <= EthernetHeader.MAX_VLAN_TAGS);
            assertEquals(EthernetHeader.LENGTH + count * EthernetHeader.VLAN_TAG_LENGTH, eth.headerLength());
            assertTrue(eth.payloadOffset() <= limit);
            assertTrue(eth.etherTypeOffset() + 2 <= limit);
            assertTrue(eth.etherType() >= EthernetHeader.MIN_ETHERTYPE);
            eth.destinationMac();
            eth.sourceMac();
            EthernetHeader.isGroupMac(eth.destinationMac());
            for (int i = 0; i < count; i++)
            {
                final int tpid = eth.vlanTpid(i);
                assertTrue(tpid == EthernetHeader.ETHERTYPE_VLAN || tpid == EthernetHeader.ETHERTYPE_QINQ);
                assertTrue(i == 0 || tpid == EthernetHeader.ETHERTYPE_VLAN);
                assertEquals(eth.vlanTci(i), eth.vlanPcp(i) << 13 | (eth.vlanDei(i) ? 0x1000 : 0) | eth.vlanId(i));
            }
            pushAndReparse(segment, limit, count);
        }
    }

    private void pushAndReparse(final MemorySegment segment, final long limit, final int count)
    {
        final int etherType = eth.etherType();
        final long payload = eth.payloadOffset();
        final boolean outerIsSTag = count > 0 && eth.vlanTpid(0) == EthernetHeader.ETHERTYPE_QINQ;
        final int pushed = eth.pushVlanTag(EthernetHeader.ETHERTYPE_VLAN, 5, true, 0xABC);
        if (count == EthernetHeader.MAX_VLAN_TAGS)
        {
            assertEquals(CodecStatus.TOO_MANY_HEADERS, pushed);
            return;
        }
        if (outerIsSTag)
        {
            assertEquals(CodecStatus.BAD_FIELD, pushed);
            return;
        }
        assertEquals(CodecStatus.OK, pushed);
        assertEquals(CodecStatus.OK, eth.wrap(segment, 0, limit));
        assertEquals(count + 1, eth.vlanCount());
        assertEquals(0xABC, eth.vlanId(0));
        assertEquals(etherType, eth.etherType());
        assertEquals(payload, eth.payloadOffset());
    }
}
