package dsmipha.ha.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dsmipha.ha.BenchCommand;
import picocli.CommandLine;

/**
 * {@code dsmip-ha bench} in-process: the CI smoke test of the quick mode (every JSON line carries the issue's
 * fields), the harness's exact packet count, and the ESP scenarios refused with exit 2.
 */
class BenchCommandTest
{
    private static final Set<String> BASE_FIELDS = Set.of("scenario", "workers", "bindings", "packet_size", "encap",
        "mpps", "gbps", "p50_ns", "p99_ns", "p999_ns", "alloc_bytes_per_packet", "cpu");

    @TempDir
    Path temp;

    @Test
    void quickJsonRunsTheDefaultSetWithTheIssuesFields() throws Exception
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Path report = temp.resolve("report");
        final int exit = command(out, err).execute("--quick", "--json", "--duration", "0.5", "--report",
            report.toString());

        assertEquals(0, exit, err.toString());
        final ObjectMapper mapper = new ObjectMapper();
        final List<String> scenarios = new ArrayList<>();
        for (final String line : out.toString().strip().split("\n"))
        {
            final JsonNode json = mapper.readTree(line);
            final String scenario = json.get("scenario").asText();
            scenarios.add(scenario);
            final Set<String> expected = new TreeSet<>(BASE_FIELDS);
            if (BenchScenarios.RESTART.equals(scenario))
            {
                expected.addAll(Set.of("lost_bindings", "restore_seconds"));
            }
            if (BenchScenarios.SIGNALING.equals(scenario) || BenchScenarios.REGISTRATION.equals(scenario))
            {
                expected.add("bu_per_second");
            }
            final Set<String> fields = new TreeSet<>();
            json.fieldNames().forEachRemaining(fields::add);
            assertEquals(expected, fields, line);
            if (BenchScenarios.isTraffic(scenario))
            {
                assertTrue(json.get("mpps").asDouble() > 0, line);
                assertTrue(json.get("gbps").asDouble() > 0, line);
                assertTrue(json.get("p99_ns").asLong() >= json.get("p50_ns").asLong(), line);
                assertEquals(64, json.get("packet_size").asInt(), line);
            }
            if (BenchScenarios.RESTART.equals(scenario))
            {
                assertEquals(0, json.get("lost_bindings").asLong(), line);
                assertTrue(json.get("restore_seconds").asDouble() > 0, line);
            }
            if (BenchScenarios.SIGNALING.equals(scenario) || BenchScenarios.REGISTRATION.equals(scenario))
            {
                assertTrue(json.get("bu_per_second").asDouble() > 0, line);
                assertEquals(1000, json.get("bindings").asInt(), line);
            }
        }
        assertEquals(BenchScenarios.DEFAULT_SET, scenarios);
        final String summary = Files.readString(report.resolve("summary.md"));
        assertTrue(summary.contains("nproc: "), summary);
        assertTrue(summary.contains("dsmip-ha bench --quick --json"), summary);
        assertTrue(Files.size(report.resolve("latency.png")) > 1000);
    }

    @Test
    void countsEveryPacketExactlyWithTrafficToUnboundHomeAddresses() throws Exception
    {
        final Path countersDir = BenchAgent.temporaryCountersDir();
        try
        {
            // Every 5th packet is for a home address without a binding: downlink ones are routed natively
            // (RFC 6275 §10.4.5 tunnels only bound home addresses), uplink ones dropped by the decapsulation's
            // source check (RFC 5555 §4.3) with the counter decap-drop-no-binding.
            final BenchResult downlink = BenchCommand.runOne(new BenchSettings(BenchScenarios.MIX, 1, List.of(),
                2000, 64, "mix", 200_000_000L, 300_000_000L, 5), countersDir, null);
            final PacketAccounting counted = downlink.accounting();

            assertTrue(counted.offered() > 10_000, counted.toString());
            assertEquals(counted.offered(), counted.received() + counted.dropped(), counted.toString());
            assertTrue(counted.exact());
            assertEquals(Set.of("decap-drop-no-binding"), counted.drops().keySet(), counted.toString());
            assertTrue(counted.dropped() > 0, counted.toString());
            assertTrue(counted.forwardedNatively() > 0, counted.toString());
        }
        finally
        {
            BenchAgent.deleteTree(countersDir);
        }
    }

    @Test
    void downlinkCountsExactlyWithoutDrops() throws Exception
    {
        final Path countersDir = BenchAgent.temporaryCountersDir();
        try
        {
            final BenchResult result = BenchCommand.runOne(new BenchSettings(BenchScenarios.DOWNLINK, 1, List.of(),
                1000, BenchSettings.IMIX, "4inUDP", 100_000_000L, 200_000_000L, 0), countersDir, null);
            final PacketAccounting counted = result.accounting();

            assertEquals(counted.offered(), counted.received(), counted.toString());
            assertEquals(0, counted.dropped(), counted.toString());
            assertEquals(0, counted.forwardedNatively(), counted.toString());
            assertTrue(result.mpps() > 0);
        }
        finally
        {
            BenchAgent.deleteTree(countersDir);
        }
    }

    @Test
    void espScenariosSayIpsecIsNotBuiltAndExitTwo()
    {
        for (final String scenario : List.of(BenchScenarios.ESP_ENCRYPT, BenchScenarios.ESP_DECRYPT))
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();

            final int exit = command(out, err).execute("--scenario", scenario, "--json");

            assertEquals(BenchCommand.EXIT_NOT_AVAILABLE, exit);
            assertTrue(err.toString().contains("IPsec"), err.toString());
            assertTrue(err.toString().contains("issue 6"), err.toString());
            assertFalse(out.toString().contains("mpps"), out.toString());
        }
    }

    @Test
    void unknownScenarioAndBadSizeExitTwo()
    {
        final StringWriter err = new StringWriter();

        assertEquals(2, command(new StringWriter(), err).execute("--scenario", "nope"));
        assertEquals(2, command(new StringWriter(), err).execute("--scenario", "downlink", "--packet-size", "9"));
        assertEquals(2, command(new StringWriter(), err).execute("--scenario", "downlink", "--encap", "7in7"));
        assertTrue(err.toString().contains("unknown scenario 'nope'"), err.toString());
    }

    private static CommandLine command(final StringWriter out, final StringWriter err)
    {
        final CommandLine command = new CommandLine(new BenchCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command;
    }
}
