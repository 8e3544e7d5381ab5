package dsmipha.fastpath.decap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Oracles;

/**
 * Decodes one raw IP packet (no link header) with tshark and returns the fields asked for
 * ({@code tshark -T fields}), so a test can check what an independent dissector sees. The IPv4 header checksum is
 * verified ({@code ip.check_checksum:TRUE}; {@code ip.checksum.status} 1 = good).
 */
final class TsharkFields
{
    private TsharkFields()
    {
    }

    static String[] decode(final byte[] packet, final String... fields)
    {
        Oracles.requireTshark();
        try
        {
            final Path pcap = Files.createTempFile("dsmipha-decap", ".pcap");
            try
            {
                try (PcapWriter writer = new PcapWriter(Files.newOutputStream(pcap), PcapWriter.LINKTYPE_RAW))
                {
                    writer.write(1_700_000_000_000_000_000L, packet, 0, packet.length);
                }
                final List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(),
                    "-o", "ip.check_checksum:TRUE", "-T", "fields", "-E", "separator=|", "-E", "occurrence=f"));
                for (final String field : fields)
                {
                    command.add("-e");
                    command.add(field);
                }
                final Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0)
                {
                    throw new IllegalStateException("tshark failed: " + command);
                }
                return out.strip().split("\\|", -1);
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
