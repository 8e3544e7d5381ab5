package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;

/**
 * Walks the Mobility Options of a message (RFC 6275 §6.2.1) without allocating: {@link #reset} it on a wrapped
 * {@link MobilityHeader}, then call {@link #next()} until it returns {@link #END} or a negative
 * {@link CodecStatus}.
 * <p>
 * What {@link #next()} checks, in the order it meets the options:
 * <ul>
 *   <li>Pad1 (a single zero octet) and PadN are skipped, their content ignored (RFC 6275 §6.2.2-6.2.3);</li>
 *   <li>every other option needs its type and length octets and its data inside the options area, else
 *   {@link CodecStatus#BAD_OPTION};</li>
 *   <li>an option of a type this codec does not know is skipped (RFC 6275 §6.2.1: unrecognised options are
 *   ignored), and counted in {@link #skippedCount()};</li>
 *   <li>a known option must have its type's length (fixed, or at least the minimum for variable ones), else
 *   {@link CodecStatus#BAD_OPTION};</li>
 *   <li>a known option must sit on its "xn+y" alignment measured from the start of the Mobility Header (RFC 6275
 *   §6.2.1), else {@link CodecStatus#BAD_ALIGNMENT}.</li>
 * </ul>
 * An error ends the walk: further calls return the same status. Every call consumes at least one octet, so the walk
 * ends after at most as many calls as the options area has octets.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class MobilityOptionIterator
{
    /** Returned by {@link #next()} when no options remain. Not an option type (those are 0-255). */
    public static final int END = 256;

    /** Pad1 (RFC 6275 §6.2.2): a single zero octet, no length. */
    public static final int PAD1 = 0;
    /** PadN (RFC 6275 §6.2.3). */
    public static final int PADN = 1;
    /** Binding Refresh Advice (RFC 6275 §6.2.4). */
    public static final int BINDING_REFRESH_ADVICE = BindingRefreshAdviceOption.TYPE;
    /** Alternate Care-of Address (RFC 6275 §6.2.5). */
    public static final int ALTERNATE_CARE_OF_ADDRESS = AlternateCareOfAddressOption.TYPE;
    /** Nonce Indices (RFC 6275 §6.2.6). */
    public static final int NONCE_INDICES = NonceIndicesOption.TYPE;
    /** Binding Authorization Data (RFC 6275 §6.2.7). */
    public static final int BINDING_AUTHORIZATION_DATA = BindingAuthorizationDataOption.TYPE;
    /** Mobile Network Prefix (RFC 3963 §4.3). */
    public static final int MOBILE_NETWORK_PREFIX = MobileNetworkPrefixOption.TYPE;
    /** DNS Update (RFC 5026 §8.1). */
    public static final int DNS_UPDATE = DnsUpdateOption.TYPE;
    /** Service Selection (RFC 5149 §3). */
    public static final int SERVICE_SELECTION = ServiceSelectionOption.TYPE;
    /** IPv4 Home Address (RFC 5555 §3.1.1). */
    public static final int IPV4_HOME_ADDRESS = Ipv4HomeAddressOption.TYPE;
    /** IPv4 Address Acknowledgement (RFC 5555 §3.2.1). */
    public static final int IPV4_ADDRESS_ACKNOWLEDGEMENT = Ipv4AddressAcknowledgementOption.TYPE;
    /** NAT Detection (RFC 5555 §3.2.2). */
    public static final int NAT_DETECTION = NatDetectionOption.TYPE;
    /** IPv4 Care-of Address (RFC 5555 §3.1.2). */
    public static final int IPV4_CARE_OF_ADDRESS = Ipv4CareOfAddressOption.TYPE;

    private static final int MAX_OPTION_LENGTH = 255;

    private MemorySegment segment;
    private long headerOffset;
    private long position;
    private long limit;
    private long optionOffset;
    private int type;
    private int length;
    private int skippedCount;
    private int finalStatus;

    /**
     * Start walking the options of a header that {@link MobilityHeader#wrap} accepted.
     *
     * @param header the wrapped header.
     * @return this for chaining.
     */
    public MobilityOptionIterator reset(final MobilityHeader header)
    {
        return reset(header.segment(), header.offset(), header.optionsOffset(), header.optionsLimit());
    }

    /**
     * Start walking an options area.
     *
     * @param segment       holding the header.
     * @param headerOffset  offset of the Mobility Header: alignment is measured from here.
     * @param optionsOffset offset of the first option.
     * @param optionsLimit  offset one past the options area.
     * @return this for chaining.
     */
    public MobilityOptionIterator reset(
        final MemorySegment segment, final long headerOffset, final long optionsOffset, final long optionsLimit)
    {
        this.segment = segment;
        this.headerOffset = headerOffset;
        this.position = optionsOffset;
        this.limit = optionsLimit;
        this.optionOffset = optionsOffset;
        this.type = END;
        this.length = 0;
        this.skippedCount = 0;
        this.finalStatus = 0;
        return this;
    }

    /**
     * Advance to the next known option.
     *
     * @return its type (one of the named constants), {@link #END}, or a negative {@link CodecStatus}.
     */
    public int next()
    {
        if (finalStatus != 0)
        {
            return finalStatus;
        }
        while (position < limit)
        {
            final long at = position;
            final int optionType = Bytes.u8(segment, at);
            if (optionType == PAD1)
            {
                position = at + 1;
                continue;
            }
            if (limit - at < MobilityOption.VALUE_OFFSET)
            {
                return stop(CodecStatus.BAD_OPTION);
            }
            final int optionLength = Bytes.u8(segment, at + MobilityOption.LENGTH_OFFSET);
            final long end = at + MobilityOption.VALUE_OFFSET + optionLength;
            if (end > limit)
            {
                return stop(CodecStatus.BAD_OPTION);
            }
            position = end;
            if (optionType == PADN)
            {
                continue;
            }
            if (!isKnown(optionType))
            {
                skippedCount++;
                continue;
            }
            final int status = check(optionType, optionLength, at - headerOffset);
            if (status != CodecStatus.OK)
            {
                return stop(status);
            }
            optionOffset = at;
            type = optionType;
            length = optionLength;
            return optionType;
        }
        return stop(END);
    }

    /**
     * @return the segment being walked.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * @return type of the current option.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return length octet of the current option: octets of data.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return offset of the current option's type octet.
     */
    public long offset()
    {
        return optionOffset;
    }

    /**
     * @return offset of the current option's data.
     */
    public long valueOffset()
    {
        return optionOffset + MobilityOption.VALUE_OFFSET;
    }

    /**
     * @return offset one past the options area.
     */
    public long limit()
    {
        return limit;
    }

    /**
     * @return options of unknown type skipped so far.
     */
    public int skippedCount()
    {
        return skippedCount;
    }

    /**
     * @param optionType an option type.
     * @return true for the types this codec decodes (Pad1 and PadN are handled by the walk, not returned).
     */
    public static boolean isKnown(final int optionType)
    {
        return minimumLength(optionType) >= 0;
    }

    /**
     * @param optionType an option type.
     * @return the smallest valid option length, or -1 for a type this codec does not decode.
     */
    public static int minimumLength(final int optionType)
    {
        return switch (optionType)
        {
            case BINDING_REFRESH_ADVICE -> BindingRefreshAdviceOption.LENGTH;
            case ALTERNATE_CARE_OF_ADDRESS -> AlternateCareOfAddressOption.LENGTH;
            case NONCE_INDICES -> NonceIndicesOption.LENGTH;
            case BINDING_AUTHORIZATION_DATA -> 0;
            case MOBILE_NETWORK_PREFIX -> MobileNetworkPrefixOption.LENGTH;
            case DNS_UPDATE -> DnsUpdateOption.MIN_LENGTH;
            case SERVICE_SELECTION -> ServiceSelectionOption.MIN_LENGTH;
            case IPV4_HOME_ADDRESS -> Ipv4HomeAddressOption.LENGTH;
            case IPV4_ADDRESS_ACKNOWLEDGEMENT -> Ipv4AddressAcknowledgementOption.LENGTH;
            case NAT_DETECTION -> NatDetectionOption.LENGTH;
            case IPV4_CARE_OF_ADDRESS -> Ipv4CareOfAddressOption.LENGTH;
            default -> -1;
        };
    }

    /**
     * @param optionType a known option type.
     * @return the largest valid option length: the fixed length, or 255 for variable-length options.
     */
    public static int maximumLength(final int optionType)
    {
        return switch (optionType)
        {
            case BINDING_AUTHORIZATION_DATA, DNS_UPDATE, SERVICE_SELECTION -> MAX_OPTION_LENGTH;
            default -> minimumLength(optionType);
        };
    }

    /**
     * @param optionType a known option type.
     * @return x of the type's "xn+y" alignment rule, 0 when it has none.
     */
    public static int alignmentModulus(final int optionType)
    {
        return switch (optionType)
        {
            case BINDING_REFRESH_ADVICE -> BindingRefreshAdviceOption.ALIGNMENT_MODULUS;
            case ALTERNATE_CARE_OF_ADDRESS -> AlternateCareOfAddressOption.ALIGNMENT_MODULUS;
            case NONCE_INDICES -> NonceIndicesOption.ALIGNMENT_MODULUS;
            case BINDING_AUTHORIZATION_DATA -> BindingAuthorizationDataOption.ALIGNMENT_MODULUS;
            case MOBILE_NETWORK_PREFIX -> MobileNetworkPrefixOption.ALIGNMENT_MODULUS;
            case IPV4_HOME_ADDRESS, IPV4_ADDRESS_ACKNOWLEDGEMENT, NAT_DETECTION, IPV4_CARE_OF_ADDRESS ->
                Ipv4HomeAddressOption.ALIGNMENT_MODULUS;
            default -> 0;
        };
    }

    /**
     * @param optionType a known option type.
     * @return y of the type's "xn+y" alignment rule.
     */
    public static int alignmentRemainder(final int optionType)
    {
        return switch (optionType)
        {
            case ALTERNATE_CARE_OF_ADDRESS -> AlternateCareOfAddressOption.ALIGNMENT_REMAINDER;
            case BINDING_AUTHORIZATION_DATA -> BindingAuthorizationDataOption.ALIGNMENT_REMAINDER;
            case MOBILE_NETWORK_PREFIX -> MobileNetworkPrefixOption.ALIGNMENT_REMAINDER;
            default -> 0;
        };
    }

    private static int check(final int optionType, final int optionLength, final long positionInHeader)
    {
        if (optionLength < minimumLength(optionType) || optionLength > maximumLength(optionType))
        {
            return CodecStatus.BAD_OPTION;
        }
        final int modulus = alignmentModulus(optionType);
        if (modulus != 0 && positionInHeader % modulus != alignmentRemainder(optionType))
        {
            return CodecStatus.BAD_ALIGNMENT;
        }
        return CodecStatus.OK;
    }

    private int stop(final int status)
    {
        finalStatus = status;
        type = END;
        length = 0;
        return status;
    }
}
