package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an Ethernet II header (RFC 894, IEEE 802.3 §3.2.6) with up to two VLAN tags (IEEE 802.1Q §9.6):
 * one C-tag (TPID 0x8100), or an S-tag (TPID 0x88A8, IEEE 802.1ad) outside a C-tag ("QinQ"). Reused across
 * frames: {@link #wrap} it, check the status, read or write.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination MAC address                    |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *  |                      Source MAC address                       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   TPID 0x88A8 (S) or 0x8100   | PCP |D|          VID          |  optional outer tag
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          TPID 0x8100          | PCP |D|          VID          |  optional inner tag (QinQ)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           EtherType           |  payload ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The tag control information (TCI) is PCP (priority code point, 3 bits), DEI (drop eligible, 1 bit) and VID
 * (VLAN identifier, 12 bits) per IEEE 802.1Q §9.6. Tag index 0 is the outermost tag.
 * <p>
 * MAC addresses are carried as the low 48 bits of a {@code long}, first octet most significant, so nothing
 * allocates. The frame check sequence is not part of the segment (NICs strip it) and the 60-octet minimum frame
 * length is not checked: padding after the network-layer payload is the next layer's business (the IPv4 total
 * length says where the datagram ends).
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class EthernetHeader
{
    /** Length of the untagged header in octets. */
    public static final int LENGTH = 14;
    /** Offset of the destination MAC address. */
    public static final int DESTINATION_OFFSET = 0;
    /** Offset of the source MAC address. */
    public static final int SOURCE_OFFSET = 6;
    /** Offset of the EtherType of an untagged frame, or of the outermost tag's TPID. */
    public static final int ETHERTYPE_OFFSET = 12;
    /** Length of a MAC address in octets. */
    public static final int MAC_LENGTH = 6;
    /** Length of one VLAN tag (TPID and TCI) in octets. */
    public static final int VLAN_TAG_LENGTH = 4;
    /** Offset of the TCI inside a VLAN tag. */
    public static final int VLAN_TCI_OFFSET = 2;
    /** Most VLAN tags this codec walks: an S-tag and a C-tag. */
    public static final int MAX_VLAN_TAGS = 2;
    /** Smallest value that is an EtherType rather than an IEEE 802.3 length (IEEE 802.3 §3.2.6). */
    public static final int MIN_ETHERTYPE = 0x0600;
    /** EtherType of IPv4 (RFC 894). */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of ARP (RFC 826). */
    public static final int ETHERTYPE_ARP = 0x0806;
    /** EtherType of IPv6 (RFC 2464 §3). */
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    /** TPID of an IEEE 802.1Q customer VLAN tag (C-tag). */
    public static final int ETHERTYPE_VLAN = 0x8100;
    /** TPID of an IEEE 802.1ad service VLAN tag (S-tag), the outer tag of QinQ. */
    public static final int ETHERTYPE_QINQ = 0x88A8;
    /** Highest VLAN identifier; 0xFFF is reserved (IEEE 802.1Q Table 9-2) and reported as-is. */
    public static final int MAX_VLAN_ID = 0xFFF;
    /** The broadcast MAC address ff:ff:ff:ff:ff:ff. */
    public static final long BROADCAST_MAC = 0xFFFF_FFFF_FFFFL;

    private MemorySegment segment;
    private long offset;
    private int vlanCount;

    /**
     * Point the flyweight at a received frame and validate it: the MACs and every tag fit, at most an S-tag and a
     * C-tag are present with the S-tag outermost, and the inner type field is an EtherType.
     *
     * @param segment holding the frame.
     * @param offset  of the first octet of the destination MAC.
     * @param limit   offset one past the last octet of the frame.
     * @return {@link CodecStatus#OK}, {@link CodecStatus#TRUNCATED}, {@link CodecStatus#TOO_MANY_HEADERS} (a third
     * tag), {@link CodecStatus#BAD_FIELD} (an S-tag inside another tag) or {@link CodecStatus#UNSUPPORTED} (an IEEE
     * 802.3 length field instead of an EtherType, i.e. an LLC frame).
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        this.vlanCount = 0;
        final long available = limit - offset;
        if (available < LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        int tags = 0;
        int type = Bytes.u16(segment, offset + ETHERTYPE_OFFSET);
        while (isTagType(type))
        {
            if (tags == MAX_VLAN_TAGS)
            {
                return CodecStatus.TOO_MANY_HEADERS;
            }
            // IEEE 802.1ad (folded into IEEE 802.1Q since 2011): a provider bridge adds the S-tag outside any
            // C-tag, so only the outermost tag may be an S-tag.
            if (type == ETHERTYPE_QINQ && tags > 0)
            {
                return CodecStatus.BAD_FIELD;
            }
            if (available < LENGTH + (long)(tags + 1) * VLAN_TAG_LENGTH)
            {
                return CodecStatus.TRUNCATED;
            }
            tags++;
            type = Bytes.u16(segment, offset + ETHERTYPE_OFFSET + (long)tags * VLAN_TAG_LENGTH);
        }
        // IEEE 802.3 §3.2.6: values up to 1500 are a length (LLC follows), 1501..1535 are undefined.
        if (type < MIN_ETHERTYPE)
        {
            return CodecStatus.UNSUPPORTED;
        }
        vlanCount = tags;
        return CodecStatus.OK;
    }

    /**
     * Point the flyweight at a frame to be written, with no VLAN tags yet; nothing is validated.
     *
     * @param segment holding the frame.
     * @param offset  of the first octet of the destination MAC.
     * @return this for chaining.
     */
    public EthernetHeader wrapForEncode(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        this.offset = offset;
        this.vlanCount = 0;
        return this;
    }

    /**
     * @return offset of the header in the segment.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return the destination MAC address in the low 48 bits.
     */
    public long destinationMac()
    {
        return readMac(segment, offset + DESTINATION_OFFSET);
    }

    /**
     * @param mac the destination MAC address in the low 48 bits.
     * @return this for chaining.
     */
    public EthernetHeader destinationMac(final long mac)
    {
        writeMac(segment, offset + DESTINATION_OFFSET, mac);
        return this;
    }

    /**
     * @return the source MAC address in the low 48 bits.
     */
    public long sourceMac()
    {
        return readMac(segment, offset + SOURCE_OFFSET);
    }

    /**
     * @param mac the source MAC address in the low 48 bits.
     * @return this for chaining.
     */
    public EthernetHeader sourceMac(final long mac)
    {
        writeMac(segment, offset + SOURCE_OFFSET, mac);
        return this;
    }

    /**
     * @return number of VLAN tags, 0 to {@link #MAX_VLAN_TAGS}.
     */
    public int vlanCount()
    {
        return vlanCount;
    }

    /**
     * @param index of the tag, 0 (outermost) to {@link #vlanCount()} - 1.
     * @return the tag protocol identifier: {@link #ETHERTYPE_VLAN} or {@link #ETHERTYPE_QINQ}.
     */
    public int vlanTpid(final int index)
    {
        return Bytes.u16(segment, tagOffset(index));
    }

    /**
     * @param index of the tag, 0 (outermost) to {@link #vlanCount()} - 1.
     * @return the 16-bit tag control information.
     */
    public int vlanTci(final int index)
    {
        return Bytes.u16(segment, tagOffset(index) + VLAN_TCI_OFFSET);
    }

    /**
     * @param index of the tag, 0 (outermost) to {@link #vlanCount()} - 1.
     * @return the VLAN identifier 0..4095 (0: priority tag only; 4095 reserved, IEEE 802.1Q Table 9-2).
     */
    public int vlanId(final int index)
    {
        return vlanTci(index) & MAX_VLAN_ID;
    }

    /**
     * @param index of the tag, 0 (outermost) to {@link #vlanCount()} - 1.
     * @return the priority code point 0..7.
     */
    public int vlanPcp(final int index)
    {
        return vlanTci(index) >>> 13;
    }

    /**
     * @param index of the tag, 0 (outermost) to {@link #vlanCount()} - 1.
     * @return the drop eligible indicator.
     */
    public boolean vlanDei(final int index)
    {
        return (vlanTci(index) & 0x1000) != 0;
    }

    /**
     * @return the EtherType of the payload, after any VLAN tags.
     */
    public int etherType()
    {
        return Bytes.u16(segment, etherTypeOffset());
    }

    /**
     * Write the EtherType of the payload, after the tags appended so far.
     *
     * @param etherType e.g. {@link #ETHERTYPE_IPV4}.
     * @return this for chaining.
     */
    public EthernetHeader etherType(final int etherType)
    {
        Bytes.put16(segment, etherTypeOffset(), etherType);
        return this;
    }

    /**
     * @return offset of the payload's EtherType field.
     */
    public long etherTypeOffset()
    {
        return offset + ETHERTYPE_OFFSET + (long)vlanCount * VLAN_TAG_LENGTH;
    }

    /**
     * @return length of the header including tags, in octets.
     */
    public int headerLength()
    {
        return LENGTH + vlanCount * VLAN_TAG_LENGTH;
    }

    /**
     * @return offset of the first payload octet.
     */
    public long payloadOffset()
    {
        return offset + headerLength();
    }

    /**
     * Encode side: write a VLAN tag after the MACs and the tags written so far (outermost first); write the
     * EtherType with {@link #etherType(int)} afterwards.
     *
     * @param tpid {@link #ETHERTYPE_QINQ} for an S-tag (outermost only) or {@link #ETHERTYPE_VLAN}.
     * @param pcp  priority code point 0..7.
     * @param dei  drop eligible indicator.
     * @param vid  VLAN identifier 0..4095.
     * @return this for chaining.
     */
    public EthernetHeader appendVlanTag(final int tpid, final int pcp, final boolean dei, final int vid)
    {
        writeTag(etherTypeOffset(), tpid, pcp, dei, vid);
        vlanCount++;
        return this;
    }

    /**
     * Insert a VLAN tag as the outermost tag of a wrapped frame without moving the payload: the MACs move
     * {@link #VLAN_TAG_LENGTH} octets towards the start of the segment, into the headroom, and {@link #offset()}
     * moves with them.
     *
     * @param tpid {@link #ETHERTYPE_QINQ} or {@link #ETHERTYPE_VLAN}.
     * @param pcp  priority code point 0..7.
     * @param dei  drop eligible indicator.
     * @param vid  VLAN identifier 0..4095.
     * @return {@link CodecStatus#OK}; {@link CodecStatus#TOO_MANY_HEADERS} when {@link #MAX_VLAN_TAGS} are present;
     * {@link CodecStatus#BAD_FIELD} for another TPID or a tag outside an S-tag (IEEE 802.1ad);
     * {@link CodecStatus#TRUNCATED} when there is no headroom. The frame is unchanged on error.
     */
    public int pushVlanTag(final int tpid, final int pcp, final boolean dei, final int vid)
    {
        if (vlanCount == MAX_VLAN_TAGS)
        {
            return CodecStatus.TOO_MANY_HEADERS;
        }
        if (!isTagType(tpid) || (vlanCount > 0 && vlanTpid(0) == ETHERTYPE_QINQ))
        {
            return CodecStatus.BAD_FIELD;
        }
        if (offset < VLAN_TAG_LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        final long newOffset = offset - VLAN_TAG_LENGTH;
        Bytes.copy(segment, offset, segment, newOffset, 2 * MAC_LENGTH);
        offset = newOffset;
        writeTag(offset + ETHERTYPE_OFFSET, tpid, pcp, dei, vid);
        vlanCount++;
        return CodecStatus.OK;
    }

    /**
     * @param mac a MAC address in the low 48 bits.
     * @return true for a group (multicast or broadcast) address: the I/G bit, the least significant bit of the
     * first octet (IEEE 802 §8.2).
     */
    public static boolean isGroupMac(final long mac)
    {
        return ((mac >>> 40) & 1) != 0;
    }

    /**
     * @param segment holding the address.
     * @param offset  of its first octet.
     * @return the MAC address in the low 48 bits.
     */
    public static long readMac(final MemorySegment segment, final long offset)
    {
        return ((long)Bytes.u16(segment, offset) << 32) | Bytes.u32(segment, offset + 2);
    }

    /**
     * @param segment to write.
     * @param offset  of the first octet.
     * @param mac     the MAC address in the low 48 bits.
     */
    public static void writeMac(final MemorySegment segment, final long offset, final long mac)
    {
        Bytes.put16(segment, offset, (int)(mac >>> 32));
        Bytes.put32(segment, offset + 2, (int)mac);
    }

    private long tagOffset(final int index)
    {
        return offset + ETHERTYPE_OFFSET + (long)index * VLAN_TAG_LENGTH;
    }

    private void writeTag(final long tagOffset, final int tpid, final int pcp, final boolean dei, final int vid)
    {
        Bytes.put16(segment, tagOffset, tpid);
        Bytes.put16(segment, tagOffset + VLAN_TCI_OFFSET, (pcp & 0x7) << 13 | (dei ? 0x1000 : 0) | (vid & MAX_VLAN_ID));
    }

    private static boolean isTagType(final int type)
    {
        return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ;
    }
}
