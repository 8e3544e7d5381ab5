package dsmipha.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checks that committed fixtures are exactly what their scapy scripts produce: every {@code fixtures_*.py} of a
 * folder is re-run into a temporary folder and the two trees are compared file by file, both ways, so a fixture
 * can neither drift from the independent tool that made it nor outlive the script case that wrote it.
 */
public final class ScapyFixtures
{
    private ScapyFixtures()
    {
    }

    /**
     * @param scripts   folder of {@code fixtures_*.py} scripts (each takes the output folder as its argument).
     * @param committed folder of the committed fixtures (group sub-folders).
     * @param out       an empty temporary folder.
     * @throws Exception from running the scripts or reading files.
     */
    public static void assertCommittedMatchScripts(final Path scripts, final Path committed, final Path out)
        throws Exception
    {
        Oracles.requireScapy();
        final List<Path> scriptFiles;
        try (Stream<Path> files = Files.list(scripts))
        {
            scriptFiles = files.filter(p -> p.getFileName().toString().startsWith("fixtures_")).sorted().toList();
        }
        assertFalse(scriptFiles.isEmpty(), "no fixture scripts in " + scripts.toAbsolutePath());
        for (final Path script : scriptFiles)
        {
            final Process process = new ProcessBuilder(Oracles.PYTHON, script.toString(), out.toString())
                .redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes());
            process.waitFor(300, TimeUnit.SECONDS);
            assertEquals(0, process.exitValue(), script + " failed:\n" + output);
        }
        final List<Path> generated = relativeFiles(out);
        assertFalse(generated.isEmpty(), "the scripts wrote nothing");
        for (final Path file : generated)
        {
            assertEquals(read(out.resolve(file)), read(committed.resolve(file)),
                "fixture differs from scapy's output: " + committed.resolve(file));
        }
        final List<Path> groups;
        try (Stream<Path> dirs = Files.list(out))
        {
            groups = dirs.map(out::relativize).toList();
        }
        for (final Path group : groups)
        {
            assertEquals(relativeFiles(out.resolve(group)), relativeFiles(committed.resolve(group)),
                "committed fixtures in " + group + " that the scripts no longer write, or the reverse");
        }
    }

    private static List<Path> relativeFiles(final Path dir) throws IOException
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            return walk.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    private static String read(final Path file) throws IOException
    {
        return Files.exists(file) ? Files.readString(file) : "<missing>";
    }
}
