package dsmipha.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dsmipha.common.pcap.PcapWriter;

/**
 * Decodes packets with tshark ({@code tshark -T json}) so tests can assert what an independent dissector sees in
 * the packets our encoders build.
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
                return run(pcap, extraArgs);
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

    private static List<JsonNode> run(final Path pcap, final List<String> extraArgs)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-T", "json"));
        command.addAll(extraArgs);
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            throw new IllegalStateException("tshark failed: " + command);
        }
        final JsonNode root = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        final List<JsonNode> layers = new ArrayList<>();
        for (final JsonNode packet : root)
        {
            layers.add(packet.path("_source").path("layers"));
        }
        return layers;
    }
}
