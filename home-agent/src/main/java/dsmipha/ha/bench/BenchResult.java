package dsmipha.ha.bench;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * One result line of {@code dsmip-ha bench}: the fields of issue 8 that operators script against (docs/bench.md).
 * A value the scenario does not measure is null, printed {@code null} in JSON and {@code -} in the table.
 *
 * @param settings            what ran.
 * @param mpps                packets the home agent sent per second over the window, in millions.
 * @param gbps                their Ethernet frame octets (no FCS, preamble or gap) per second, in gigabits.
 * @param p50Ns               latency median in nanoseconds.
 * @param p99Ns               latency 99th percentile.
 * @param p999Ns              latency 99.9th percentile.
 * @param allocBytesPerPacket bytes the home agent's threads allocated per packet (or per Binding Update).
 * @param cpu                 CPU cores the home agent's threads used over the window.
 * @param buPerSecond         Binding Updates acknowledged as accepted per second (signaling, registration).
 * @param lostBindings        bindings of the binding cache before the restart missing or different after it.
 * @param restoreSeconds      seconds from start to running with every binding restored (restart).
 * @param latency             the latency distribution, or null (the report draws it).
 * @param accounting          packet counts for the exactness check, or null.
 */
public record BenchResult(
    BenchSettings settings,
    Double mpps,
    Double gbps,
    Long p50Ns,
    Long p99Ns,
    Long p999Ns,
    Double allocBytesPerPacket,
    Double cpu,
    Double buPerSecond,
    Long lostBindings,
    Double restoreSeconds,
    Histogram latency,
    PacketAccounting accounting)
{
    /** Scenarios whose JSON line carries {@code bu_per_second}. */
    private static final String SIGNALING = "signaling";

    /**
     * @return the result as one JSON object on one line, the field names in a fixed order (plus {@code encap}
     *         after {@code packet_size}: the variant of a downlink or uplink line, else null); restart adds
     *         lost_bindings and restore_seconds, signaling and registration bu_per_second.
     */
    public String toJson()
    {
        final StringBuilder json = new StringBuilder(256).append('{');
        field(json, "scenario", quote(settings.scenario()));
        field(json, "workers", Integer.toString(settings.workers()));
        field(json, "bindings", Integer.toString(settings.bindings()));
        field(json, "packet_size", isTraffic() ? packetSizeJson() : "null");
        // Beyond the list (additive): which encapsulation a downlink or uplink line measured.
        field(json, "encap", isTraffic() && !BenchScenarios.MIX.equals(settings.scenario()) ?
            quote(settings.encap()) : "null");
        field(json, "mpps", number(mpps));
        field(json, "gbps", number(gbps));
        field(json, "p50_ns", number(p50Ns));
        field(json, "p99_ns", number(p99Ns));
        field(json, "p999_ns", number(p999Ns));
        field(json, "alloc_bytes_per_packet", number(allocBytesPerPacket));
        field(json, "cpu", number(cpu));
        if (BenchScenarios.RESTART.equals(settings.scenario()))
        {
            field(json, "lost_bindings", number(lostBindings));
            field(json, "restore_seconds", number(restoreSeconds));
        }
        if (SIGNALING.equals(settings.scenario()) || BenchScenarios.REGISTRATION.equals(settings.scenario()))
        {
            field(json, "bu_per_second", number(buPerSecond));
        }
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    /**
     * @return true for the packet forwarding scenarios (downlink, uplink, mix).
     */
    public boolean isTraffic()
    {
        return BenchScenarios.isTraffic(settings.scenario());
    }

    /**
     * @return the scenario as the table names it: downlink and uplink with their variant.
     */
    public String label()
    {
        final String scenario = settings.scenario();
        return BenchScenarios.DOWNLINK.equals(scenario) || BenchScenarios.UPLINK.equals(scenario) ?
            scenario + " " + settings.encap() : scenario;
    }

    private String packetSizeJson()
    {
        return settings.packetSize() == BenchSettings.IMIX ? quote("imix") : Integer.toString(settings.packetSize());
    }

    private static void field(final StringBuilder json, final String name, final String value)
    {
        json.append('"').append(name).append("\":").append(value).append(',');
    }

    private static String quote(final String text)
    {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * @param value a number or null.
     * @return JSON text: null, an integer, or a decimal with up to 4 fraction digits.
     */
    static String number(final Number value)
    {
        if (value == null)
        {
            return "null";
        }
        if (value instanceof Long || value instanceof Integer)
        {
            return value.toString();
        }
        final double d = value.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d))
        {
            return "null";
        }
        return String.format(Locale.ROOT, "%.4f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
