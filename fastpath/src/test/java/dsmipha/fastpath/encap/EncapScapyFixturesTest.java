package dsmipha.fastpath.encap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.testing.Oracles;

/**
 * The committed encapsulation fixtures must be exactly what {@code src/test/scapy/fixtures_encap.py} produces:
 * re-run it into a temporary folder and compare file by file, both ways (common's {@code ScapyFixturesTest} only
 * runs common's scripts).
 */
class EncapScapyFixturesTest
{
    private static final Path SCRIPT = Path.of("src/test/scapy/fixtures_encap.py");
    private static final Path COMMITTED = Path.of("src/test/resources/fixtures");

    @Test
    void committedFixturesAreWhatScapyBuilds(@TempDir final Path out) throws Exception
    {
        Oracles.requireScapy();
        final Process process = new ProcessBuilder(Oracles.PYTHON, SCRIPT.toString(), out.toString())
            .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(300, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), SCRIPT + " failed:\n" + output);
        final List<Path> generated = files(out.resolve(EncapFixtures.GROUP));
        assertFalse(generated.isEmpty(), "the script wrote nothing");
        for (final Path file : generated)
        {
            final Path committed = COMMITTED.resolve(out.relativize(file));
            assertEquals(read(file), read(committed), "fixture differs from scapy's output: " + committed);
        }
        assertEquals(generated.size(), files(COMMITTED.resolve(EncapFixtures.GROUP)).size(),
            "committed fixtures the script no longer writes");
    }

    private static List<Path> files(final Path dir) throws IOException
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String read(final Path file) throws IOException
    {
        return Files.exists(file) ? Files.readString(file) : "<missing>";
    }
}
