package dsmipha.slowpath.control;

import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.slowpath.registration.BindingRecord;

/**
 * Writes one binding cache entry as the control socket answers it: a JSON object on one line, or a table row.
 * Field names are stable (scripts rely on them; docs/operations.md "Inspect bindings" lists them):
 * <pre>
 *   home                  IPv6 home address (RFC 5952 text)
 *   ipv4_home             IPv4 home address (RFC 5555 §3.1.1), or null
 *   ipv4_home_prefix      IPv4 home prefix "a.b.c.d/len" (RFC 5555 §3.1.1 P), or null
 *   care_of               care-of address: IPv6, or IPv4 dotted decimal for an IPv4 care-of address (RFC 5555 §4)
 *   transport             "ipv6" (IPv6 in IPv6), "ipv4" (IPv6 in IPv4, protocol 41) or "ipv4-udp" (UDP 4191)
 *   nat_detected          true when the last Binding Update crossed a NAT (RFC 5555 §4.1)
 *   nat_address, nat_port outer IPv4 destination and UDP port of the UDP tunnel (the NAT mapping), or null
 *   lifetime              granted lifetime in seconds (RFC 6275 §6.1.8)
 *   remaining             seconds until the binding expires (0 when due)
 *   sequence              last accepted sequence number (RFC 6275 §9.5.1)
 *   flags                 letters of the last accepted BU flags (RFC 6275 §6.1.7, RFC 3963 R, RFC 5555 F)
 *   mobile_router         true for a mobile router binding (RFC 3963 §6.1)
 *   mobile_network_prefixes  ["2001:db8:d::/48", ...] (RFC 3963 §6.1.2), empty for a mobile node
 *   binding_id            the fastpath binding handle (unsigned 32 bits)
 * </pre>
 * Reuses its caller's {@link AsciiLine}; no allocation per binding. Slowpath thread.
 */
public final class BindingFormatter
{
    /** Table columns: name and width. */
    private static final String[] COLUMNS =
    {
        "HOME", "IPV4-HOME", "CARE-OF", "TRANSPORT", "NAT", "LIFETIME", "LEFT", "SEQ", "FLAGS", "PREFIXES",
    };
    private static final int[] WIDTHS = {26, 16, 26, 10, 22, 9, 9, 6, 6, 0};
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int[] FLAG_MASKS =
    {
        BindingUpdate.FLAG_ACKNOWLEDGE, BindingUpdate.FLAG_HOME_REGISTRATION,
        BindingUpdate.FLAG_LINK_LOCAL_COMPATIBILITY, BindingUpdate.FLAG_KEY_MANAGEMENT,
        BindingUpdate.FLAG_MAP_REGISTRATION, BindingUpdate.FLAG_MOBILE_ROUTER, BindingUpdate.FLAG_PROXY_REGISTRATION,
        BindingUpdate.FLAG_FORCE_UDP, BindingUpdate.FLAG_TLV_HEADER, BindingUpdate.FLAG_BULK, BindingUpdate.FLAG_S,
        BindingUpdate.FLAG_D,
    };
    private static final char[] FLAG_LETTERS = {'A', 'H', 'L', 'K', 'M', 'R', 'P', 'F', 'T', 'B', 'S', 'D'};

    private BindingFormatter()
    {
    }

    /**
     * The table's header line, newline included.
     *
     * @param out where to write.
     */
    public static void tableHeader(final AsciiLine out)
    {
        for (int c = 0; c < COLUMNS.length; c++)
        {
            final int start = out.length();
            out.append(COLUMNS[c]);
            if (c < COLUMNS.length - 1)
            {
                out.padCell(start, WIDTHS[c]);
            }
        }
        out.append('\n');
    }

    /**
     * @param record the binding.
     * @param nowNs  now on the registration's clock (for the time left).
     * @param out    where the JSON object and its newline go.
     */
    public static void json(final BindingRecord record, final long nowNs, final AsciiLine out)
    {
        out.append("{\"home\":\"").appendIpv6(record.homeHigh, record.homeLow).append('"');
        out.append(",\"ipv4_home\":");
        if (record.ipv4Home != 0)
        {
            out.append('"').appendIpv4(record.ipv4Home).append('"');
        }
        else
        {
            out.append("null");
        }
        out.append(",\"ipv4_home_prefix\":");
        if (record.ipv4PrefixLength != 0)
        {
            out.append('"').appendIpv4(record.ipv4PrefixNetwork).append('/').append(record.ipv4PrefixLength)
                .append('"');
        }
        else
        {
            out.append("null");
        }
        out.append(",\"care_of\":\"");
        careOf(record, out);
        out.append("\",\"transport\":\"").append(transport(record)).append('"');
        out.append(",\"nat_detected\":").append(record.natDetected ? "true" : "false");
        natJson(record, out);
        out.append(",\"lifetime\":").append(record.lifetimeSeconds);
        out.append(",\"remaining\":").append(remainingSeconds(record, nowNs));
        out.append(",\"sequence\":").append(record.sequence);
        out.append(",\"flags\":\"");
        flags(record.flags, false, out);
        out.append("\",\"mobile_router\":").append(record.flag(BindingUpdate.FLAG_MOBILE_ROUTER) ? "true" : "false");
        out.append(",\"mobile_network_prefixes\":[");
        for (int i = 0; i < record.mobileNetworkPrefixCount; i++)
        {
            out.append(i == 0 ? "\"" : ",\"");
            mobileNetworkPrefix(record, i, out);
            out.append('"');
        }
        out.append("],\"binding_id\":").append(Integer.toUnsignedLong(record.bindingId)).append("}\n");
    }

    /**
     * @param record the binding.
     * @param nowNs  now on the registration's clock.
     * @param out    where the row and its newline go.
     */
    public static void tableRow(final BindingRecord record, final long nowNs, final AsciiLine out)
    {
        int start = out.length();
        out.appendIpv6(record.homeHigh, record.homeLow).padCell(start, WIDTHS[0]);
        start = out.length();
        if (record.ipv4Home != 0)
        {
            out.appendIpv4(record.ipv4Home);
        }
        else
        {
            out.append('-');
        }
        out.padCell(start, WIDTHS[1]);
        start = out.length();
        careOf(record, out);
        out.padCell(start, WIDTHS[2]);
        start = out.length();
        out.append(transport(record)).padCell(start, WIDTHS[3]);
        start = out.length();
        if (record.variantIpv6 == EncapVariant.IPV4_UDP_4191)
        {
            out.appendIpv4(record.tunnelIpv4).append(':').append(record.natUdpPort);
        }
        else
        {
            out.append('-');
        }
        out.padCell(start, WIDTHS[4]);
        start = out.length();
        out.append(record.lifetimeSeconds).padCell(start, WIDTHS[5]);
        start = out.length();
        out.append(remainingSeconds(record, nowNs)).padCell(start, WIDTHS[6]);
        start = out.length();
        out.append(record.sequence).padCell(start, WIDTHS[7]);
        start = out.length();
        flags(record.flags, true, out);
        out.padCell(start, WIDTHS[8]);
        prefixesCell(record, out);
        out.append('\n');
    }

    /**
     * @param record the binding.
     * @return "ipv6", "ipv4" or "ipv4-udp": how the tunnel to the care-of address is carried (RFC 5555 §4).
     */
    public static String transport(final BindingRecord record)
    {
        return switch (record.variantIpv6)
        {
            case EncapVariant.IPV6_IN_IPV4 -> "ipv4";
            case EncapVariant.IPV4_UDP_4191 -> "ipv4-udp";
            default -> "ipv6";
        };
    }

    /**
     * @param record the binding.
     * @param nowNs  now on the registration's clock.
     * @return whole seconds until it expires, 0 when due.
     */
    public static long remainingSeconds(final BindingRecord record, final long nowNs)
    {
        return Math.max(0, (record.expiryNs - nowNs) / NANOS_PER_SECOND);
    }

    private static void prefixesCell(final BindingRecord record, final AsciiLine out)
    {
        boolean any = false;
        if (record.ipv4PrefixLength != 0)
        {
            out.appendIpv4(record.ipv4PrefixNetwork).append('/').append(record.ipv4PrefixLength);
            any = true;
        }
        for (int i = 0; i < record.mobileNetworkPrefixCount; i++)
        {
            out.append(any ? "," : "");
            mobileNetworkPrefix(record, i, out);
            any = true;
        }
        if (!any)
        {
            out.append('-');
        }
    }

    private static void natJson(final BindingRecord record, final AsciiLine out)
    {
        if (record.variantIpv6 == EncapVariant.IPV4_UDP_4191)
        {
            // RFC 5555 §4.1: the UDP tunnel goes to the address and port the NAT mapped the Binding Update from.
            out.append(",\"nat_address\":\"").appendIpv4(record.tunnelIpv4).append("\",\"nat_port\":")
                .append(record.natUdpPort);
        }
        else
        {
            out.append(",\"nat_address\":null,\"nat_port\":null");
        }
    }

    private static void careOf(final BindingRecord record, final AsciiLine out)
    {
        if (AsciiLine.isIpv4Mapped(record.careOfHigh, record.careOfLow))
        {
            out.appendIpv4((int)record.careOfLow);
        }
        else
        {
            out.appendIpv6(record.careOfHigh, record.careOfLow);
        }
    }

    private static void mobileNetworkPrefix(final BindingRecord record, final int index, final AsciiLine out)
    {
        out.appendIpv6(record.mobileNetworkPrefixHigh[index], record.mobileNetworkPrefixLow[index]).append('/')
            .append(record.mobileNetworkPrefixLength[index]);
    }

    private static void flags(final int flags, final boolean dashWhenNone, final AsciiLine out)
    {
        final int start = out.length();
        for (int i = 0; i < FLAG_MASKS.length; i++)
        {
            if ((flags & FLAG_MASKS[i]) != 0)
            {
                out.append(FLAG_LETTERS[i]);
            }
        }
        if (dashWhenNone && out.length() == start)
        {
            out.append('-');
        }
    }
}
