package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an ARP packet (RFC 826) for Ethernet hardware addresses and IPv4 protocol addresses, the only
 * combination the home agent speaks: it answers ARP for the IPv4 home addresses of away mobile nodes (proxy ARP,
 * RFC 5944 §4.6). Reused across packets: {@link #wrap} it, check the status, read or write.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Hardware Type (ar$hrd)    |    Protocol Type (ar$pro)     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | HLen (ar$hln) | PLen (ar$pln) |       Operation (ar$op)       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Sender Hardware Address (ar$sha)               |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               | Sender Protocol Address (spa) |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   (ar$spa continued)          |Target Hardware Address (tha)  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *  |                       (ar$tha continued)                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Target Protocol Address (ar$tpa)               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * With hardware type 1 (Ethernet), protocol type 0x0800 (IPv4), hardware length 6 and protocol length 4 the
 * packet is 28 octets. The operation is not checked by {@link #wrap}: RFC 826 ("Packet Reception") has the
 * receiver merge the sender's addresses before it looks at the opcode, so the caller decides what to do with
 * opcodes other than {@link #OP_REQUEST} and {@link #OP_REPLY}.
 * <p>
 * MAC addresses are the low 48 bits of a {@code long}, IPv4 addresses an {@code int} in network order.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class ArpPacket
{
    /** Length of an Ethernet/IPv4 ARP packet in octets. */
    public static final int LENGTH = 28;
    /** Length of the fixed part that says how long the addresses are. */
    public static final int FIXED_LENGTH = 8;
    /** Offset of the hardware address space (ar$hrd). */
    public static final int HARDWARE_TYPE_OFFSET = 0;
    /** Offset of the protocol address space (ar$pro). */
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    /** Offset of the hardware address length (ar$hln). */
    public static final int HARDWARE_LENGTH_OFFSET = 4;
    /** Offset of the protocol address length (ar$pln). */
    public static final int PROTOCOL_LENGTH_OFFSET = 5;
    /** Offset of the opcode (ar$op). */
    public static final int OPERATION_OFFSET = 6;
    /** Offset of the sender hardware address (ar$sha). */
    public static final int SENDER_MAC_OFFSET = 8;
    /** Offset of the sender protocol address (ar$spa). */
    public static final int SENDER_IP_OFFSET = 14;
    /** Offset of the target hardware address (ar$tha). */
    public static final int TARGET_MAC_OFFSET = 18;
    /** Offset of the target protocol address (ar$tpa). */
    public static final int TARGET_IP_OFFSET = 24;
    /** Hardware type of Ethernet (ares_hrd$Ethernet, RFC 826). */
    public static final int HARDWARE_TYPE_ETHERNET = 1;
    /** Protocol type of IPv4: its EtherType (RFC 826). */
    public static final int PROTOCOL_TYPE_IPV4 = EthernetHeader.ETHERTYPE_IPV4;
    /** Hardware address length of Ethernet. */
    public static final int HARDWARE_LENGTH_ETHERNET = 6;
    /** Protocol address length of IPv4. */
    public static final int PROTOCOL_LENGTH_IPV4 = 4;
    /** Opcode of a request (ares_op$REQUEST, RFC 826). */
    public static final int OP_REQUEST = 1;
    /** Opcode of a reply (ares_op$REPLY, RFC 826). */
    public static final int OP_REPLY = 2;

    private MemorySegment segment;
    private long offset;

    /**
     * Point the flyweight at a received packet and validate it: Ethernet hardware and IPv4 protocol addresses of
     * the right lengths, all 28 octets present.
     *
     * @param segment holding the packet.
     * @param offset  of the ARP packet (the Ethernet payload).
     * @param limit   offset one past the last octet of the frame.
     * @return {@link CodecStatus#OK}, {@link CodecStatus#TRUNCATED}, {@link CodecStatus#UNSUPPORTED} (another
     * hardware or protocol type) or {@link CodecStatus#BAD_FIELD} (address lengths other than 6 and 4).
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        final long available = limit - offset;
        if (available < FIXED_LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        if (hardwareType() != HARDWARE_TYPE_ETHERNET || protocolType() != PROTOCOL_TYPE_IPV4)
        {
            return CodecStatus.UNSUPPORTED;
        }
        // RFC 826: ar$hln and ar$pln are fixed by the address spaces: 6 for Ethernet, 4 for IP.
        if (hardwareLength() != HARDWARE_LENGTH_ETHERNET || protocolLength() != PROTOCOL_LENGTH_IPV4)
        {
            return CodecStatus.BAD_FIELD;
        }
        if (available < LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        return CodecStatus.OK;
    }

    /**
     * Point the flyweight at a packet to be written; nothing is validated.
     *
     * @param segment holding the packet.
     * @param offset  of the ARP packet.
     * @return this for chaining.
     */
    public ArpPacket wrapForEncode(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /**
     * @return offset of the packet in the segment.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return the hardware address space (ar$hrd).
     */
    public int hardwareType()
    {
        return Bytes.u16(segment, offset + HARDWARE_TYPE_OFFSET);
    }

    /**
     * @return the protocol address space (ar$pro).
     */
    public int protocolType()
    {
        return Bytes.u16(segment, offset + PROTOCOL_TYPE_OFFSET);
    }

    /**
     * @return the hardware address length (ar$hln).
     */
    public int hardwareLength()
    {
        return Bytes.u8(segment, offset + HARDWARE_LENGTH_OFFSET);
    }

    /**
     * @return the protocol address length (ar$pln).
     */
    public int protocolLength()
    {
        return Bytes.u8(segment, offset + PROTOCOL_LENGTH_OFFSET);
    }

    /**
     * Write the fixed part for Ethernet/IPv4: hardware type 1, protocol type 0x0800, lengths 6 and 4.
     *
     * @return this for chaining.
     */
    public ArpPacket ethernetIpv4()
    {
        Bytes.put16(segment, offset + HARDWARE_TYPE_OFFSET, HARDWARE_TYPE_ETHERNET);
        Bytes.put16(segment, offset + PROTOCOL_TYPE_OFFSET, PROTOCOL_TYPE_IPV4);
        Bytes.put8(segment, offset + HARDWARE_LENGTH_OFFSET, HARDWARE_LENGTH_ETHERNET);
        Bytes.put8(segment, offset + PROTOCOL_LENGTH_OFFSET, PROTOCOL_LENGTH_IPV4);
        return this;
    }

    /**
     * @return the opcode (ar$op).
     */
    public int operation()
    {
        return Bytes.u16(segment, offset + OPERATION_OFFSET);
    }

    /**
     * @param operation the opcode, e.g. {@link #OP_REPLY}.
     * @return this for chaining.
     */
    public ArpPacket operation(final int operation)
    {
        Bytes.put16(segment, offset + OPERATION_OFFSET, operation);
        return this;
    }

    /**
     * @return true for a request.
     */
    public boolean isRequest()
    {
        return operation() == OP_REQUEST;
    }

    /**
     * @return true for a reply.
     */
    public boolean isReply()
    {
        return operation() == OP_REPLY;
    }

    /**
     * @return the sender hardware address (ar$sha) in the low 48 bits.
     */
    public long senderMac()
    {
        return EthernetHeader.readMac(segment, offset + SENDER_MAC_OFFSET);
    }

    /**
     * @param mac the sender hardware address in the low 48 bits.
     * @return this for chaining.
     */
    public ArpPacket senderMac(final long mac)
    {
        EthernetHeader.writeMac(segment, offset + SENDER_MAC_OFFSET, mac);
        return this;
    }

    /**
     * @return the sender protocol address (ar$spa).
     */
    public int senderIp()
    {
        return Bytes.i32(segment, offset + SENDER_IP_OFFSET);
    }

    /**
     * @param address the sender protocol address.
     * @return this for chaining.
     */
    public ArpPacket senderIp(final int address)
    {
        Bytes.put32(segment, offset + SENDER_IP_OFFSET, address);
        return this;
    }

    /**
     * @return the target hardware address (ar$tha) in the low 48 bits; zero in a request.
     */
    public long targetMac()
    {
        return EthernetHeader.readMac(segment, offset + TARGET_MAC_OFFSET);
    }

    /**
     * @param mac the target hardware address in the low 48 bits.
     * @return this for chaining.
     */
    public ArpPacket targetMac(final long mac)
    {
        EthernetHeader.writeMac(segment, offset + TARGET_MAC_OFFSET, mac);
        return this;
    }

    /**
     * @return the target protocol address (ar$tpa).
     */
    public int targetIp()
    {
        return Bytes.i32(segment, offset + TARGET_IP_OFFSET);
    }

    /**
     * @param address the target protocol address.
     * @return this for chaining.
     */
    public ArpPacket targetIp(final int address)
    {
        Bytes.put32(segment, offset + TARGET_IP_OFFSET, address);
        return this;
    }

    /**
     * @return true when sender and target protocol addresses are equal: a gratuitous ARP or ARP announcement
     * (RFC 5227 §3), as the home agent sends when it starts defending a home address (RFC 5944 §4.6).
     */
    public boolean isGratuitous()
    {
        return senderIp() == targetIp();
    }

    /**
     * Write a complete Ethernet/IPv4 reply.
     *
     * @param senderMac the hardware address that answers for {@code senderIp} (the home agent's, for proxy ARP).
     * @param senderIp  the address asked about.
     * @param targetMac the requester's hardware address.
     * @param targetIp  the requester's protocol address.
     * @return this for chaining.
     */
    public ArpPacket encodeReply(final long senderMac, final int senderIp, final long targetMac, final int targetIp)
    {
        return ethernetIpv4().operation(OP_REPLY)
            .senderMac(senderMac).senderIp(senderIp).targetMac(targetMac).targetIp(targetIp);
    }

    /**
     * Write a whole request (RFC 826): Ethernet/IPv4 fixed part, opcode request, the sender's addresses, a zero
     * target hardware address (RFC 826 leaves ar$tha unknown in a request) and the protocol address looked for.
     *
     * @param senderMac the requester's hardware address in the low 48 bits.
     * @param senderIp  the requester's protocol address.
     * @param targetIp  the protocol address to resolve.
     * @return this for chaining.
     */
    public ArpPacket encodeRequest(final long senderMac, final int senderIp, final int targetIp)
    {
        return ethernetIpv4().operation(OP_REQUEST)
            .senderMac(senderMac).senderIp(senderIp).targetMac(0L).targetIp(targetIp);
    }

    /**
     * Turn a wrapped request into its reply in place, as RFC 826 "Packet Reception" does: swap the sender and target
     * fields, put the local hardware address and the requested protocol address in the sender fields, set the
     * opcode to reply. For proxy ARP the local hardware address is the home agent's (RFC 5944 §4.6).
     *
     * @param localMac the hardware address to answer with, in the low 48 bits.
     * @return this for chaining.
     */
    public ArpPacket requestToReply(final long localMac)
    {
        final long requesterMac = senderMac();
        final int requesterIp = senderIp();
        final int requestedIp = targetIp();
        return encodeReply(localMac, requestedIp, requesterMac, requesterIp);
    }
}
