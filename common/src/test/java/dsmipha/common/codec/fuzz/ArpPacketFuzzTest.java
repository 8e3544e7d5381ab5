package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.ArpPacket;
import dsmipha.common.codec.CodecStatus;

/**
 * Jazzer fuzz test of the ARP parser: any octets give a status code, never an exception; an accepted packet never
 * describes octets past the frame and turns into a reply that is still accepted, with the addresses swapped.
 * Runs its seed corpus in regression mode under {@code mvn test}; fuzz with
 * {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=ArpPacketFuzzTest}.
 */
class ArpPacketFuzzTest
{
    private static final long LOCAL_MAC = 0x02005e100001L;

    private final ArpPacket arp = new ArpPacket();

    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Math.max(1, input.length));
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, 0, input.length);
            final int status = arp.wrap(segment, 0, input.length);
            assertTrue(status <= CodecStatus.OK);
            if (status != CodecStatus.OK)
            {
                return;
            }
            assertTrue(arp.offset() + ArpPacket.LENGTH <= input.length);
            assertEquals(ArpPacket.HARDWARE_TYPE_ETHERNET, arp.hardwareType());
            assertEquals(ArpPacket.PROTOCOL_TYPE_IPV4, arp.protocolType());
            assertEquals(ArpPacket.HARDWARE_LENGTH_ETHERNET, arp.hardwareLength());
            assertEquals(ArpPacket.PROTOCOL_LENGTH_IPV4, arp.protocolLength());
            arp.operation();
            arp.isRequest();
            arp.isReply();
            arp.isGratuitous();
            arp.targetMac();
            final long senderMac = arp.senderMac();
            final int senderIp = arp.senderIp();
            final int targetIp = arp.targetIp();

            arp.requestToReply(LOCAL_MAC);
            assertEquals(CodecStatus.OK, arp.wrap(segment, 0, input.length));
            assertTrue(arp.isReply());
            assertEquals(LOCAL_MAC, arp.senderMac());
            assertEquals(targetIp, arp.senderIp());
            assertEquals(senderMac, arp.targetMac());
            assertEquals(senderIp, arp.targetIp());
        }
    }
}
