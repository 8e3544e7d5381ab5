package dsmipha.ha.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's ceilings measured in the same run ({@code --compare}): {@code openssl speed} AES-128-GCM and
 * {@code dpdk-testpmd} io forwarding between two null PMD ports on one forwarding core (the command of
 * perf/testpmd-io.sh, docs/benchmarks.md). A tool that is not installed is skipped with a note.
 *
 * @param opensslCommand    the openssl command run, or null when skipped.
 * @param aesGcm64BytesPerS AES-128-GCM bytes per second on 64-octet blocks, or null.
 * @param aesGcm1kBytesPerS on 1024-octet blocks (the 1400-ish size openssl speed offers), or null.
 * @param testpmdCommand    the testpmd command run, or null when skipped.
 * @param testpmdMpps       testpmd's median forwarding rate (both ports' Rx-pps summed per period), or null.
 * @param notes             what was skipped and why.
 */
public record Ceilings(
    String opensslCommand,
    Double aesGcm64BytesPerS,
    Double aesGcm1kBytesPerS,
    String testpmdCommand,
    Double testpmdMpps,
    List<String> notes)
{
    private static final String OPENSSL = "/usr/bin/openssl";
    private static final String TESTPMD = "/usr/bin/dpdk-testpmd";
    private static final String TIMEOUT = "/usr/bin/timeout";
    private static final Pattern AES_ROW = Pattern.compile("^(?:AES-128-GCM|aes-128-gcm)\\s+(.*)$");
    private static final Pattern RX_PPS = Pattern.compile("Rx-pps:\\s+(\\d+)");
    /** Periods at the start of testpmd's output left out (start-up), as perf/testpmd-io.sh does. */
    private static final int TESTPMD_SKIP_PERIODS = 2;

    /**
     * Copy the notes.
     */
    public Ceilings
    {
        notes = List.copyOf(notes);
    }

    /**
     * Run both ceilings where installed.
     *
     * @param seconds how long each runs.
     * @return what was measured.
     */
    public static Ceilings measure(final int seconds)
    {
        final List<String> notes = new ArrayList<>();
        String opensslCommand = null;
        Double small = null;
        Double large = null;
        if (Files.isExecutable(Path.of(OPENSSL)))
        {
            final List<String> command = List.of(OPENSSL, "speed", "-elapsed", "-seconds", Integer.toString(seconds),
                "-evp", "aes-128-gcm");
            opensslCommand = String.join(" ", command);
            final double[] rates = parseOpenssl(run(command, seconds * 8L + 30, notes));
            small = rates == null ? null : rates[1];
            large = rates == null ? null : rates[3];
            if (rates == null)
            {
                notes.add("openssl speed printed no aes-128-gcm row");
            }
        }
        else
        {
            notes.add("openssl not installed (" + OPENSSL + "): AES-GCM ceiling skipped");
        }
        String testpmdCommand = null;
        Double mpps = null;
        if (Files.isExecutable(Path.of(TESTPMD)))
        {
            final int cores = Runtime.getRuntime().availableProcessors();
            final List<String> command = List.of(TESTPMD, "-l", cores > 1 ? "0,1" : "0", "--no-huge", "-m", "1024",
                "--no-pci", "--vdev=net_null0", "--vdev=net_null1", "--", "--forward-mode=io", "--nb-cores=1",
                "--stats-period=1", "--auto-start");
            testpmdCommand = String.join(" ", command);
            mpps = parseTestpmd(run(command, Math.max(3, seconds) + TESTPMD_SKIP_PERIODS + 3, notes));
            if (mpps == null)
            {
                notes.add("dpdk-testpmd printed no Rx-pps after start-up");
            }
        }
        else
        {
            notes.add("dpdk-testpmd not installed (" + TESTPMD + "): packet I/O ceiling skipped");
        }
        return new Ceilings(opensslCommand, small, large, testpmdCommand, mpps, notes);
    }

    /**
     * @param output {@code openssl speed -evp aes-128-gcm} output.
     * @return bytes per second at 16, 64, 256, 1024, 8192, 16384 octets, or null.
     */
    static double[] parseOpenssl(final String output)
    {
        if (output == null)
        {
            return null;
        }
        for (final String line : output.split("\n"))
        {
            final Matcher row = AES_ROW.matcher(line.trim());
            if (row.matches())
            {
                final String[] cells = row.group(1).trim().split("\\s+");
                final double[] rates = new double[cells.length];
                for (int i = 0; i < cells.length; i++)
                {
                    // openssl prints thousands of bytes per second with a trailing k.
                    rates[i] = Double.parseDouble(cells[i].replace("k", "")) * 1000;
                }
                return rates.length >= 4 ? rates : null;
            }
        }
        return null;
    }

    /**
     * @param output testpmd's output with periodic port statistics.
     * @return the median of both ports' Rx-pps summed per period, start-up periods left out, in Mpps; or null.
     */
    static Double parseTestpmd(final String output)
    {
        if (output == null)
        {
            return null;
        }
        final List<Long> periods = new ArrayList<>();
        final Matcher matcher = RX_PPS.matcher(output);
        long sum = 0;
        int ports = 0;
        while (matcher.find())
        {
            sum += Long.parseLong(matcher.group(1));
            if (++ports == 2)
            {
                periods.add(sum);
                sum = 0;
                ports = 0;
            }
        }
        if (periods.size() <= TESTPMD_SKIP_PERIODS)
        {
            return null;
        }
        final List<Long> kept = new ArrayList<>(periods.subList(TESTPMD_SKIP_PERIODS, periods.size()));
        Collections.sort(kept);
        return kept.get((kept.size() - 1) / 2) / 1e6;
    }

    /**
     * Run a tool under {@code timeout -s INT} (testpmd prints its statistics and leaves on SIGINT, as
     * perf/testpmd-io.sh runs it), its output to a temporary file, stdin from /dev/null.
     */
    private static String run(final List<String> command, final long timeoutSeconds, final List<String> notes)
    {
        Path output = null;
        try
        {
            output = Files.createTempFile("dsmip-ha-ceiling", ".out");
            final List<String> timed = new ArrayList<>(List.of(TIMEOUT, "-s", "INT", Long.toString(timeoutSeconds)));
            timed.addAll(command);
            final Process process = new ProcessBuilder(Files.isExecutable(Path.of(TIMEOUT)) ? timed : command)
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(timeoutSeconds + 10, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                notes.add(command.get(0) + " did not stop within " + (timeoutSeconds + 10) + " s");
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            notes.add(command.get(0) + " could not run: " + ex.getMessage());
            return null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
        finally
        {
            if (output != null)
            {
                output.toFile().delete();
            }
        }
    }
}
