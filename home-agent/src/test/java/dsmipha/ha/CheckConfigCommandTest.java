package dsmipha.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code dsmip-ha check-config} and {@code run --config} on the command line: exit status 0 with the layout for a
 * good file, 2 with every fault as FILE:LINE: KEY: message for a bad one, layout options refused beside --config.
 */
class CheckConfigCommandTest
{
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).getParent().resolve("config/examples");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void goodFilePrintsItsLayoutAndExitsZero()
    {
        assertEquals(0, run("check-config", EXAMPLES.resolve("demo.toml").toString()), err.toString());
        assertTrue(out.toString().contains("demo.toml: good"), out.toString());
        assertTrue(out.toString().contains("layout: shared thread (every agent on one thread), idle backoff"),
            out.toString());
        assertTrue(out.toString().contains("home       memory, 1 queue, 198.51.100.1/24 2001:db8:a::1/64"),
            out.toString());
    }

    @Test
    void lineCardFileIsCheckedAgainstTheCoresOfTheMachineItIsFor()
    {
        final String file = EXAMPLES.resolve("line-card-af-xdp.toml").toString();
        assertEquals(0, run("check-config", "--online-cores", "0-15", file), err.toString());
        assertTrue(out.toString().contains("worker 3   core 5     access:3 home:3"), out.toString());
        assertTrue(out.toString().contains("access     af-xdp ens1f0, 4 queues, 203.0.113.2/29 2001:db8:100::2/64"),
            out.toString());

        assertEquals(2, run("check-config", "--online-cores", "0-3", file));
        assertTrue(err.toString().contains("line-card-af-xdp.toml:27: workers[3].core: core 5 is offline or does " +
            "not exist (online cores: 0-3)"), err.toString());
    }

    @Test
    void badFileListsEveryFaultAndExitsTwo() throws Exception
    {
        final Path file = dir.resolve("bad.toml");
        Files.writeString(file, Files.readString(EXAMPLES.resolve("demo.toml"))
            .replace("binding-capacity = 65536", "binding-capacity = 0\nbinding-capcity = 5")
            .replace("ipv4 = \"192.0.2.1/25\"", "ipv4 = \"192.0.2.300/25\""));
        assertEquals(2, run("check-config", file.toString()));
        final String errors = err.toString();
        assertTrue(errors.contains(file + ":17: fastpath.binding-capacity: must be 1..268435456, not 0"), errors);
        assertTrue(errors.contains(file + ":18: fastpath.binding-capcity: unknown key (did you mean " +
            "'binding-capacity'?)"), errors);
        assertTrue(errors.contains(file + ":25: ports[0].ipv4: not an IPv4 address: '192.0.2.300'"), errors);
        assertTrue(errors.contains(file + ": 3 fault(s)"), errors);
    }

    @Test
    void missingFileIsOneClearFault()
    {
        assertEquals(2, run("check-config", dir.resolve("absent.toml").toString()));
        assertTrue(err.toString().contains("absent.toml: cannot read: java.nio.file.NoSuchFileException"),
            err.toString());
    }

    @Test
    void runRefusesLayoutOptionsBesideAConfigFile()
    {
        assertEquals(2, run("run", "--config", EXAMPLES.resolve("demo.toml").toString(), "--workers", "2"));
        assertTrue(err.toString().contains("--workers cannot be combined with --config: the config file sets it"),
            err.toString());
    }

    @Test
    void runRefusesAFaultyConfigFileWithItsErrors() throws Exception
    {
        final Path file = dir.resolve("bad.toml");
        Files.writeString(file, Files.readString(EXAMPLES.resolve("demo.toml")).replace("idle = \"backoff\"",
            "idle = \"lazy\""));
        assertEquals(2, run("run", "--config", file.toString(), "--duration", "1s"));
        assertTrue(err.toString().contains(file + ":12: threading.idle: 'lazy' is not one of busy-spin, yield, " +
            "backoff, sleep"), err.toString());
    }

    private int run(final String... args)
    {
        final CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
