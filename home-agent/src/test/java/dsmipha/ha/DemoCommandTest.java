package dsmipha.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code dsmip-ha demo} end to end on its own threads (the home agent in SHARED mode, the emulator on the caller's
 * thread): a short run prints the live view and a summary and exits 0.
 */
class DemoCommandTest
{
    @TempDir
    Path dir;

    @Test
    void aShortDemoPassesAndPrintsItsLiveViewAndSummary()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new DemoCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        final int exit = command.execute("--duration", "3s", "--nodes", "40", "--interval", "1s", "--dir",
            dir.toString());
        final String text = out.toString();
        System.out.println(text);
        assertEquals(0, exit, text + err);
        assertTrue(text.contains("t=  1.0s bindings") || text.contains("bindings 40"), text);
        assertTrue(text.contains("home agent drops:"), text);
        assertTrue(text.contains("summary: 40/40 nodes registered (home agent: 40 bindings)"), text);
        assertTrue(text.contains("demo: OK"), text);
        assertTrue(err.toString().contains("unprotected signaling is allowed"), err.toString());
    }
}
