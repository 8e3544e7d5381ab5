package dsmipha.ha.config;

import java.util.List;

/**
 * The table of bad configs: each case is the minimal good config with one change, and the exact error
 * {@code dsmip-ha check-config} prints for it (among others the same change causes, such as a queue left unserved). docs/configuration.md shows the same table (a test keeps them equal).
 */
final class BadConfigCases
{
    /** The minimal good config (line numbers in the expected errors count from here). */
    static final String BASE = """
        [instance]
        name = "lab"

        [threading]
        mode = "dedicated"
        slowpath-core = 0

        [[workers]]
        core = 1
        queues = ["access:0", "home:0"]

        [[workers]]
        core = 2
        queues = ["access:1", "home:1"]

        [fastpath]
        burst = 32
        ring-capacity = 1024

        [[ports]]
        name = "access"
        role = "access"
        queues = 2
        mac = "02:00:00:00:00:12"
        ipv4 = "192.0.2.1/25"
        ipv6 = "2001:db8:ac::1/64"

        [[ports]]
        name = "home"
        role = "home"
        queues = 2
        mac = "02:00:00:00:00:02"
        ipv4 = "198.51.100.1/24"
        ipv6 = "2001:db8:a::1/64"

        [[routes]]
        prefix = "::/0"
        via = "2001:db8:ac::fffe"
        port = "access"

        [registration]
        authorize-home-prefix = true
        ipv4-address-pools = ["198.51.100.128/26"]

        [[mobile-nodes]]
        home-address = "2001:db8:a::100"
        """;

    /** Online cores 0-7, of which this process may use 0-5. */
    static final ConfigLoader.HostCpus HOST = new ConfigLoader.HostCpus(
        ConfigLoader.HostCpus.parseRanges("0-7"), ConfigLoader.HostCpus.parseRanges("0-5"));

    /**
     * A bad config.
     *
     * @param name     what is wrong, in a few words.
     * @param from     text of the base config to replace.
     * @param to       its replacement.
     * @param expected the exact error for a file named {@code ha.toml}.
     */
    record Case(String name, String from, String to, String expected)
    {
        String text()
        {
            if (!BASE.contains(from))
            {
                throw new IllegalStateException(name + ": base has no '" + from + "'");
            }
            return BASE.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to));
        }
    }

    static final List<Case> CASES = List.of(
        new Case("TOML syntax error", "burst = 32", "burst = = 32",
            "ha.toml:17: TOML syntax: Unexpected '=', expected ', \", ''', \"\"\", a number, a boolean, a date/time, " +
            "an array, or a table"),
        new Case("misspelt key", "burst = 32", "burts = 32",
            "ha.toml:17: fastpath.burts: unknown key (did you mean 'burst'?)"),
        new Case("wrong type", "burst = 32", "burst = \"lots\"",
            "ha.toml:17: fastpath.burst: must be an integer, not the string \"lots\""),
        new Case("value out of range", "burst = 32", "burst = 4096",
            "ha.toml:17: fastpath.burst: must be 1..1024, not 4096"),
        new Case("ring not a power of two", "ring-capacity = 1024", "ring-capacity = 1000",
            "ha.toml:18: fastpath.ring-capacity: must be a power of two, not 1000"),
        new Case("unknown threading mode", "mode = \"dedicated\"", "mode = \"turbo\"",
            "ha.toml:5: threading.mode: 'turbo' is not one of dedicated, shared"),
        new Case("offline core", "core = 2", "core = 9",
            "ha.toml:13: workers[1].core: core 9 is offline or does not exist (online cores: 0-7)"),
        new Case("core outside the process's affinity", "core = 2", "core = 6",
            "ha.toml:13: workers[1].core: core 6 is online but not allowed to this process (its affinity, from " +
            "taskset or a cgroup cpuset, allows 0-5)"),
        new Case("two dedicated workers on one core", "core = 2", "core = 1",
            "ha.toml:13: workers[1].core: core 1 is already given to workers[0].core (line 9): two dedicated " +
            "busy-polling threads on one core starve each other"),
        new Case("slowpath on a worker's core", "slowpath-core = 0", "slowpath-core = 2",
            "ha.toml:6: threading.slowpath-core: core 2 is already given to workers[1].core (line 13): two " +
            "dedicated busy-polling threads on one core starve each other"),
        new Case("queue served twice", "queues = [\"access:1\", \"home:1\"]",
            "queues = [\"access:0\", \"home:1\"]",
            "ha.toml:14: workers[1].queues: queue access:0 is already served by workers[0].queues (a queue has " +
            "exactly one worker)"),
        new Case("queue served by no worker", "queues = [\"access:1\", \"home:1\"]", "queues = [\"home:1\"]",
            "ha.toml:8: workers: queue access:1 is served by no worker (its packets would never be read)"),
        new Case("queue the port does not have", "queues = [\"access:1\", \"home:1\"]",
            "queues = [\"access:1\", \"home:2\"]",
            "ha.toml:14: workers[1].queues[1]: port 'home' has queues 0..1, not 2"),
        new Case("queue of an unknown port", "queues = [\"access:1\", \"home:1\"]",
            "queues = [\"access:1\", \"hom:1\"]",
            "ha.toml:14: workers[1].queues[1]: no port is named 'hom'"),
        new Case("no home port", "role = \"home\"", "role = \"access\"",
            "ha.toml:30: ports[1].role: a second access port: this build serves one access and one home port"),
        new Case("home port without IPv4", "ipv4 = \"198.51.100.1/24\"\n", "",
            "ha.toml:28: ports[1]: the home port needs both ipv4 and ipv6 (the home agent's addresses on the home " +
            "link, RFC 6275 §10.4.2, RFC 5555 §3)"),
        new Case("bad MAC address", "mac = \"02:00:00:00:00:12\"", "mac = \"02:00:00:00:12\"",
            "ha.toml:24: ports[0].mac: not a MAC address (six hex octets separated by ':'): '02:00:00:00:12'"),
        new Case("multicast MAC address", "mac = \"02:00:00:00:00:12\"", "mac = \"03:00:00:00:00:12\"",
            "ha.toml:24: ports[0].mac: must be a unicast MAC address (the group bit of the first octet is set)"),
        new Case("bad interface address", "ipv6 = \"2001:db8:ac::1/64\"", "ipv6 = \"2001:db8:ac::g/64\"",
            "ha.toml:26: ports[0].ipv6: not an IPv6 address: '2001:db8:ac::g'"),
        new Case("NIC backend without a device", "role = \"access\"", "role = \"access\"\nbackend = \"af-xdp\"",
            "ha.toml:20: ports[0]: missing required key 'device' (the kernel interface) for backend af-xdp"),
        new Case("device on an in-memory port", "role = \"access\"", "role = \"access\"\ndevice = \"eth1\"",
            "ha.toml:23: ports[0].device: an in-memory port has no device (remove it, or choose another backend)"),
        new Case("AF_XDP option on another backend", "role = \"access\"",
            "role = \"access\"\nbackend = \"af-packet\"\ndevice = \"eth1\"\nxdp-mode = \"copy\"",
            "ha.toml:25: ports[0].xdp-mode: only for backend af-xdp"),
        new Case("gateway not on the port's link", "via = \"2001:db8:ac::fffe\"", "via = \"2001:db8:ad::fffe\"",
            "ha.toml:38: routes[0].via: gateway 2001:db8:ad::fffe is not on port 'access''s link"),
        new Case("route through an unknown port", "port = \"access\"", "port = \"uplink\"",
            "ha.toml:39: routes[0].port: no port is named 'uplink'"),
        new Case("bad duration", "authorize-home-prefix = true",
            "authorize-home-prefix = true\nmax-lifetime = \"1 hour\"",
            "ha.toml:43: registration.max-lifetime: not a duration: '1 hour' (use seconds as an integer, or 90s, " +
            "15m, 1h, 7d)"),
        new Case("pool outside the home subnet", "ipv4-address-pools = [\"198.51.100.128/26\"]",
            "ipv4-address-pools = [\"203.0.113.0/26\"]",
            "ha.toml:43: registration.ipv4-address-pools: pool 203.0.113.0/26 is not inside a home IPv4 subnet " +
            "(dynamic home addresses come from the home subnets, RFC 5555 §3.1.1)"),
        new Case("home address outside the home prefix", "home-address = \"2001:db8:a::100\"",
            "home-address = \"2001:db8:f::100\"",
            "ha.toml:46: mobile-nodes[0].home-address: 2001:db8:f::100 is not inside a home prefix (RFC 6275 " +
            "§10.3.1: status 132)"),
        new Case("mobile network prefix for a mobile node", "home-address = \"2001:db8:a::100\"",
            "home-address = \"2001:db8:a::100\"\nmobile-network-prefixes = [\"2001:db8:b::/48\"]",
            "ha.toml:47: mobile-nodes[0].mobile-network-prefixes: only a mobile router has mobile network prefixes " +
            "(set mobile-router = true, RFC 3963 §6.6)"),
        new Case("metrics address that is a name", "home-address = \"2001:db8:a::100\"",
            "home-address = \"2001:db8:a::100\"\n\n[metrics]\nport = 9464\naddress = \"localhost\"",
            "ha.toml:50: metrics.address: not an IPv4 address: 'localhost'"),
        new Case("instance name that is a path", "name = \"lab\"", "name = \"../lab\"",
            "ha.toml:2: instance.name: must be 1-64 letters, digits, '.', '_' or '-' (it names a folder): '../lab'"));

    private BadConfigCases()
    {
    }
}
