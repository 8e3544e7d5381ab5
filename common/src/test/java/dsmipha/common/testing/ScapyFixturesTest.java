package dsmipha.common.testing;

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

/**
 * The committed fixtures must be exactly what the scapy scripts produce: re-run every script and compare file by
 * file, so a fixture cannot drift from the independent tool that made it.
 */
class ScapyFixturesTest
{
    private static final Path SCRIPTS = Path.of("src/test/scapy");
    private static final Path COMMITTED = Path.of("src/test/resources/fixtures");

    @Test
    void committedFixturesAreWhatScapyBuilds(@TempDir final Path out) throws Exception
    {
        Oracles.requireScapy();
        final List<Path> scripts;
        try (Stream<Path> files = Files.list(SCRIPTS))
        {
            scripts = files.filter(p -> p.getFileName().toString().startsWith("fixtures_")).sorted().toList();
        }
        assertFalse(scripts.isEmpty(), "no fixture scripts in " + SCRIPTS.toAbsolutePath());
        for (final Path script : scripts)
        {
            final Process process = new ProcessBuilder(Oracles.PYTHON, script.toString(), out.toString())
                .redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes());
            process.waitFor(300, TimeUnit.SECONDS);
            assertEquals(0, process.exitValue(), script + " failed:\n" + output);
        }
        try (Stream<Path> generated = Files.walk(out))
        {
            for (final Path file : generated.filter(Files::isRegularFile).toList())
            {
                final Path committed = COMMITTED.resolve(out.relativize(file));
                assertEquals(read(file), read(committed), "fixture differs from scapy's output: " + committed);
            }
        }
    }

    private static String read(final Path file) throws IOException
    {
        return Files.exists(file) ? Files.readString(file) : "<missing>";
    }
}
