package dsmipha.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dsmipha.common.pcap.PcapWriter;

/**
 * Decodes packets with tshark ({@code tshark -T json} or {@code -T fields}) so tests can assert what an
 * independent dissector sees in the packets our encoders build.
 */
public final class Tshark
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tshark()
    {
    }

    /**
     * Decode packets with tshark.
     *
     * @param linkType    {@link PcapWriter#LINKTYPE_ETHERNET} or {@link PcapWriter#LINKTYPE_RAW}.
     * @param extraArgs   extra tshark arguments, e.g. {@code "-d", "udp.port==4191,ipv6"}.
     * @param packets     the packets.
     * @return one {@code _source.layers} node per packet.
     */
    public static List<JsonNode> decode(final int linkType, final List<String> extraArgs, final byte[]... packets)
    {
        final List<String> command = new ArrayList<>(List.of("-T", "json"));
        command.addAll(extraArgs);
        final String out = run(linkType, command, packets);
        try
        {
            final List<JsonNode> layers = new ArrayList<>();
            for (final JsonNode packet : JSON.readTree(out))
            {
                layers.add(packet.path("_source").path("layers"));
            }
            return layers;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Decode packets with tshark and return named fields ({@code tshark -T fields}), one map per packet. A field
     * that occurs more than once (the outer and inner header of a tunnel) comes back comma-joined in wire order,
     * e.g. {@code ip.ttl} = {@code "64,63"}; an absent field is {@code ""}.
     *
     * @param linkType  {@link PcapWriter#LINKTYPE_ETHERNET} or {@link PcapWriter#LINKTYPE_RAW}.
     * @param extraArgs extra tshark arguments, e.g. {@code "-o", "ip.check_checksum:TRUE"}.
     * @param fields    tshark field names.
     * @param packets   the packets.
     * @return field name to value, per packet.
     */
    public static List<Map<String, String>> fields(
        final int linkType, final List<String> extraArgs, final List<String> fields, final byte[]... packets)
    {
        final List<String> command = new ArrayList<>(List.of(
            "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        command.addAll(extraArgs);
        for (final String field : fields)
        {
            command.add("-e");
            command.add(field);
        }
        final List<Map<String, String>> rows = new ArrayList<>();
        for (final String line : run(linkType, command, packets).split("\n"))
        {
            final String[] values = line.split("\t", -1);
            final Map<String, String> row = new HashMap<>();
            for (int i = 0; i < fields.size(); i++)
            {
                row.put(fields.get(i), i < values.length ? values[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * Find the first value of a field anywhere under a node (tshark nests fields in subtrees named after their
     * parent item), e.g. {@code field(layers, "udp.srcport")}.
     *
     * @param node  a layer node.
     * @param field the tshark field name.
     * @return the value as text, or null when tshark did not show the field.
     */
    public static String field(final JsonNode node, final String field)
    {
        if (node == null)
        {
            return null;
        }
        if (node.isObject())
        {
            final JsonNode direct = node.get(field);
            if (direct != null)
            {
                return direct.isArray() ? direct.get(0).asText() : direct.asText();
            }
            for (final JsonNode child : node)
            {
                final String value = field(child, field);
                if (value != null)
                {
                    return value;
                }
            }
        }
        else if (node.isArray())
        {
            for (final JsonNode child : node)
            {
                final String value = field(child, field);
                if (value != null)
                {
                    return value;
                }
            }
        }
        return null;
    }

    private static String run(final int linkType, final List<String> arguments, final byte[]... packets)
    {
        Oracles.requireTshark();
        try
        {
            final Path pcap = Files.createTempFile("dsmipha-tshark", ".pcap");
            try
            {
                try (PcapWriter writer = new PcapWriter(Files.newOutputStream(pcap), linkType))
                {
                    long ts = 1_700_000_000_000_000_000L;
                    for (final byte[] packet : packets)
                    {
                        writer.write(ts, packet, 0, packet.length);
                        ts += 1_000_000;
                    }
                }
                final List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
                command.addAll(arguments);
                final Process process =
                    new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                final ByteArrayOutputStream out = new ByteArrayOutputStream();
                process.getInputStream().transferTo(out);
                if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0)
                {
                    throw new IllegalStateException("tshark failed: " + command);
                }
                return out.toString(StandardCharsets.UTF_8);
            }
            finally
            {
                Files.deleteIfExists(pcap);
            }
        }
        catch (final IOException | InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
