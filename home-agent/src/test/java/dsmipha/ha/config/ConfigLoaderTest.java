package dsmipha.ha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.fastpath.worker.QueueAssignment;
import dsmipha.ha.HomeAgentConfig;
import dsmipha.slowpath.registration.RegistrationConfig;

/**
 * The config file reader: the table of bad configs with their exact errors, the shipped examples, and that the
 * demo example is the embedded default.
 */
class ConfigLoaderTest
{
    private static final Path FILE = Path.of("ha.toml");
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    private static final ConfigLoader.HostCpus SIXTEEN_CORES = new ConfigLoader.HostCpus(
        ConfigLoader.HostCpus.parseRanges("0-15"), ConfigLoader.HostCpus.parseRanges("0-15"));

    @Test
    void baseOfTheBadConfigTableIsGood()
    {
        final LoadedConfig loaded = new ConfigLoader(BadConfigCases.HOST).read(FILE, BadConfigCases.BASE);
        final HomeAgentConfig agent = loaded.agent();
        assertEquals("lab", agent.instanceName());
        assertEquals(ThreadingMode.DEDICATED, agent.threadingMode());
        assertEquals("busy-spin", agent.idleStrategy(), "dedicated threads busy-spin unless told otherwise");
        assertEquals(List.of(1, 2), agent.workerCpus());
        assertEquals(0, agent.slowpathCpu());
        assertEquals(List.of(new QueueAssignment(0, 1), new QueueAssignment(1, 1)), agent.queuesOf(1));
        assertFalse(agent.registration().allowUnprotectedSignaling(), "IPsec is required unless the file says not");
        assertEquals(1, agent.registration().mobileNodes().size());
        assertEquals(List.of(new RegistrationConfig.Ipv4Prefix(0xC6336400, 24)),
            agent.registration().homeIpv4Subnets(), "the home subnet defaults to the home port's");
        assertEquals(0x20010db8_000a0000L, agent.registration().homePrefixes().get(0).high());
        assertEquals(2, agent.network().ports().get(0).queues());
        assertFalse(loaded.syntheticTraffic());
        assertNull(agent.stateDirectory());
    }

    @TestFactory
    Stream<DynamicTest> everyBadConfigGetsItsExactError()
    {
        return BadConfigCases.CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () ->
        {
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> new ConfigLoader(BadConfigCases.HOST).read(FILE, c.text()));
            assertTrue(ex.errors().stream().anyMatch(e -> e.toString().equals(c.expected())),
                "expected " + c.expected() + "\nall errors: " + ex.errors());
            assertTrue(ex.errors().size() <= 2, "one fault, at most one consequence: " + ex.errors());
        }));
    }

    @Test
    void everyFaultOfAFileIsReportedAtOnceInLineOrder()
    {
        final String text = BadConfigCases.BASE.replace("burst = 32", "burst = 0").replace("core = 2", "core = 9")
            .replace("mode = \"dedicated\"", "mode = \"dedicated\"\nidle = \"lazy\"");
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> new ConfigLoader(BadConfigCases.HOST).read(FILE, text));
        assertEquals(3, ex.errors().size(), ex.getMessage());
        assertTrue(ex.errors().get(0).toString().startsWith("ha.toml:6: threading.idle: 'lazy' is not one of"),
            ex.getMessage());
        assertTrue(ex.errors().get(1).toString().startsWith("ha.toml:14: workers[1].core: core 9"), ex.getMessage());
        assertTrue(ex.errors().get(2).toString().startsWith("ha.toml:18: fastpath.burst: must be 1..1024"),
            ex.getMessage());
    }

    @Test
    void docsShowTheSameBadConfigTable() throws IOException
    {
        final String docs = Files.readString(REPO.resolve("docs/configuration.md"));
        for (final BadConfigCases.Case c : BadConfigCases.CASES)
        {
            assertTrue(docs.contains(c.expected().replace("|", "\\|")),
                "docs/configuration.md lacks the error of '" + c.name() + "': " + c.expected());
        }
    }

    @Test
    void demoExampleIsTheEmbeddedDefault()
    {
        final LoadedConfig loaded = ConfigLoader.load(REPO.resolve("config/examples/demo.toml"));
        final HomeAgentConfig embedded = HomeAgentConfig.embeddedDefault();
        assertEquals(embedded.network(), loaded.agent().network());
        assertEquals(RegistrationConfig.demo(), loaded.agent().registration());
        assertEquals(embedded.bindingCapacity(), loaded.agent().bindingCapacity());
        assertEquals(List.of(AgentPlacement.UNPINNED), loaded.agent().workerCpus());
        assertTrue(loaded.syntheticTraffic());
    }

    @Test
    void everyShippedExampleIsGoodForASixteenCoreMachine() throws IOException
    {
        try (Stream<Path> files = Files.list(REPO.resolve("config/examples")))
        {
            final List<Path> examples = files.filter(f -> f.toString().endsWith(".toml")).sorted().toList();
            assertEquals(4, examples.size(), "demo, lab on veth, line card on AF_XDP, DPDK: " + examples);
            for (final Path example : examples)
            {
                final LoadedConfig loaded = new ConfigLoader(SIXTEEN_CORES).read(example);
                assertEquals(2, loaded.agent().network().ports().size(), example.toString());
            }
        }
    }

    @Test
    void lineCardExampleMapsEveryQueueToItsWorkerAndCore()
    {
        final HomeAgentConfig agent = new ConfigLoader(SIXTEEN_CORES)
            .read(REPO.resolve("config/examples/line-card-af-xdp.toml")).agent();
        assertEquals(List.of(2, 3, 4, 5), agent.workerCpus());
        assertEquals(1, agent.slowpathCpu());
        for (int w = 0; w < 4; w++)
        {
            assertEquals(List.of(new QueueAssignment(0, w), new QueueAssignment(1, w)), agent.queuesOf(w));
        }
        final PortConfig access = agent.network().ports().get(0);
        assertEquals(PortConfig.Backend.AF_XDP, access.backend());
        assertEquals("ens1f0", access.device());
        assertEquals("zero-copy", access.xdpMode());
        assertEquals(10_000_000L, agent.bindingCapacity());
        assertEquals(3, agent.registration().mobileNodes().size());
        assertTrue(agent.registration().mobileNodes().get(2).mobileRouter());
    }

    @Test
    void durationsAcceptSecondsAndUnits()
    {
        assertEquals(90, TomlSection.parseSeconds("90"));
        assertEquals(90, TomlSection.parseSeconds("90s"));
        assertEquals(900, TomlSection.parseSeconds("15m"));
        assertEquals(3600, TomlSection.parseSeconds("1h"));
        assertEquals(604800, TomlSection.parseSeconds("7d"));
        assertEquals(-1, TomlSection.parseSeconds("1 hour"));
        assertEquals(-1, TomlSection.parseSeconds("h"));
        assertEquals(-1, TomlSection.parseSeconds("-5s"));
    }

    @Test
    void ipv6TextIsCanonical()
    {
        assertEquals("2001:db8:ac::1", AddressText.formatIpv6(0x20010db8_00ac0000L, 1));
        assertEquals("::", AddressText.formatIpv6(0, 0));
        assertEquals("2001:db8::1:0:0:1", AddressText.formatIpv6(0x20010db8_00000000L, 0x00010000_00000001L));
        assertEquals("2001:0:0:1::1", AddressText.formatIpv6(0x20010000_00000001L, 1),
            "RFC 5952 §4.2.3: the longer zero run is compressed");
        assertEquals("1:0:1:1:1:1:1:1", AddressText.formatIpv6(0x00010000_00010001L, 0x00010001_00010001L),
            "RFC 5952 §4.2.2: a single zero group is not compressed");
    }
}
