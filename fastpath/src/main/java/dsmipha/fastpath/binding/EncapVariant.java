package dsmipha.fastpath.binding;

/**
 * Encapsulation variants a binding can be registered with, stored as a u8 code in the entry
 * ({@link BindingTableDescriptor#VARIANT_OFFSET}). Plain constants rather than an enum so the packet path
 * switches on an {@code int} and never touches {@code values()}.
 */
public final class EncapVariant
{
    /** No encapsulation chosen (an entry never holds it once published by a valid put). */
    public static final int NONE = 0;
    /** IPv6 in IPv6, next header 41 (RFC 2473): IPv6 home address, IPv6 care-of address. */
    public static final int IPV6_IN_IPV6 = 1;
    /** IPv4 in IPv6, next header 4 (RFC 5555 §4.2): IPv4 home address, IPv6 care-of address. */
    public static final int IPV4_IN_IPV6 = 2;
    /** IPv6 in IPv4, protocol 41 (RFC 5555 §4.2, RFC 4213): IPv6 home address, IPv4 care-of address. */
    public static final int IPV6_IN_IPV4 = 3;
    /** IPv4 in IPv4, protocol 4 (RFC 2003): IPv4 home address, IPv4 care-of address. */
    public static final int IPV4_IN_IPV4 = 4;
    /** IPv4 or IPv6 in IPv4/UDP port 4191 (RFC 5555 §4.1 NAT traversal), to the NAT-mapped address and port. */
    public static final int IPV4_UDP_4191 = 5;
    /** Highest valid code. */
    public static final int MAX = IPV4_UDP_4191;

    private EncapVariant()
    {
    }

    /**
     * @param code a variant code.
     * @return true when it names a variant (1..{@link #MAX}).
     */
    public static boolean isValid(final int code)
    {
        return code >= IPV6_IN_IPV6 && code <= MAX;
    }
}
