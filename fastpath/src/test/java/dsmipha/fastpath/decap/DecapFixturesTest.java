package dsmipha.fastpath.decap;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The committed decapsulation fixtures must be exactly what {@code src/test/scapy/fixtures_decap.py} produces:
 * re-run the script into a temporary folder and compare file by file, both ways.
 */
class DecapFixturesTest
{
    private static final Path SCRIPT = Path.of("src/test/scapy/fixtures_decap.py");
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
        assertEquals(list(COMMITTED.resolve("decap")), list(out.resolve("decap")), "same fixture files");
        for (final Path file : list(out.resolve("decap")))
        {
            assertEquals(Files.readString(out.resolve("decap").resolve(file)),
                Files.readString(COMMITTED.resolve("decap").resolve(file)), "fixture differs from scapy's: " + file);
        }
    }

    private static List<Path> list(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(Path::getFileName).sorted().toList();
        }
    }
}
