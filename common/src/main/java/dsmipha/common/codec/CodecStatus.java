package dsmipha.common.codec;

/**
 * Result codes of the codec flyweights. A malformed header is a return code, never an exception: the fastpath
 * turns a negative code into a named drop counter and the slowpath into a protocol error reply.
 * <p>
 * {@link #OK} is zero; every failure is negative so callers test {@code status < 0}.
 */
public final class CodecStatus
{
    /** The header is well formed as far as this codec checks. */
    public static final int OK = 0;
    /** Fewer octets remain in the packet than the fixed part of the header needs. */
    public static final int TRUNCATED = -1;
    /** A length field points past the end of the packet, or is smaller than the header it describes. */
    public static final int BAD_LENGTH = -2;
    /** A version field (IP version nibble, ESP/MH reserved fields that must be zero) has a value we do not speak. */
    public static final int BAD_VERSION = -3;
    /** An option or extension is not placed on the alignment its RFC requires (RFC 6275 §6.2). */
    public static final int BAD_ALIGNMENT = -4;
    /** An option's length does not match the fixed length its type requires, or an option overruns its container. */
    public static final int BAD_OPTION = -5;
    /** The header type or option is valid on the wire but not one this codec decodes. */
    public static final int UNSUPPORTED = -6;
    /** More extension headers than the walk allows: a packet crafted to make the parser loop. */
    public static final int TOO_MANY_HEADERS = -7;
    /** A field has a value the RFC forbids (for example an IPv4 IHL below 5, a MH payload proto other than 59). */
    public static final int BAD_FIELD = -8;
    /** The padding is not what the RFC requires (ESP pad bytes 1, 2, 3..., an MH not a multiple of 8 octets). */
    public static final int BAD_PADDING = -9;

    private static final String[] NAMES =
    {
        "ok", "truncated", "bad-length", "bad-version", "bad-alignment", "bad-option", "unsupported",
        "too-many-headers", "bad-field", "bad-padding"
    };

    private CodecStatus()
    {
    }

    /**
     * @param status a code returned by a codec.
     * @return its stable lower-case name, as used in counter labels and logs.
     */
    public static String name(final int status)
    {
        final int index = -status;
        return index >= 0 && index < NAMES.length ? NAMES[index] : "unknown(" + status + ")";
    }
}
