package dsmipha.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The independent tools our codecs are checked against: tshark (Wireshark's dissectors) and scapy (Debian's
 * python3-scapy, which belongs to {@code /usr/bin/python3}). Outside CI a missing tool skips the test with a message
 * saying what to install; in CI ({@code CI=true}) it fails, so a missing install in {@code .ci/run} cannot hide a
 * whole class of tests.
 */
public final class Oracles
{
    /** The Python that has Debian's scapy. */
    public static final String PYTHON = "/usr/bin/python3";

    private static Boolean tshark;
    private static Boolean scapy;

    private Oracles()
    {
    }

    /**
     * Skip (or fail in CI) unless tshark runs.
     */
    public static synchronized void requireTshark()
    {
        if (tshark == null)
        {
            tshark = runs("tshark", "--version");
        }
        require(tshark, "tshark not found: apt-get install tshark");
    }

    /**
     * Skip (or fail in CI) unless {@code /usr/bin/python3} can import scapy.
     */
    public static synchronized void requireScapy()
    {
        if (scapy == null)
        {
            scapy = Files.isExecutable(Path.of(PYTHON)) && runs(PYTHON, "-c", "import scapy.all");
        }
        require(scapy, "scapy not found for " + PYTHON + ": apt-get install python3-scapy");
    }

    private static void require(final boolean present, final String message)
    {
        if (!present && "true".equals(System.getenv("CI")))
        {
            throw new AssertionError("CI must have this oracle installed by .ci/run: " + message);
        }
        Assumptions.assumeTrue(present, message);
    }

    private static boolean runs(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (final Exception ex)
        {
            return false;
        }
    }
}
