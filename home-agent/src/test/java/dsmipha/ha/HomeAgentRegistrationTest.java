package dsmipha.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Addresses;
import dsmipha.common.testing.ScapyFixtures;
import dsmipha.common.testing.Tshark;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.slowpath.SlowpathCounter;
import dsmipha.slowpath.registration.RegistrationConfig;

/**
 * Home registration through the whole embedded home agent, one agent step at a time: scapy-built Binding Updates
 * arrive on the access port as a mobile node's router would deliver them; the worker punts them, the signaling
 * agent registers the node, publishes the fastpath entries and answers; the Binding Ack leaves the access port and
 * is checked field by field through tshark's decode; then a correspondent's packet to the home address leaves
 * tunnelled towards the registered care-of address. Fixtures: home-agent/src/test/scapy/fixtures_registration.py.
 */
class HomeAgentRegistrationTest
{
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/registration");
    private static final List<String> DECODE_UDP = List.of("-d", "udp.port==4191,ipv6");
    private static final List<String> BA_FIELDS = List.of("eth.dst", "eth.src", "ip.src", "ip.dst", "ip.proto",
        "udp.srcport", "udp.dstport", "ipv6.src", "ipv6.dst", "ipv6.routing.mipv6.home_address", "mip6.mhtype",
        "mip6.ba.status", "mip6.nemo.ba.r_flag", "mip6.ba.seqnr", "mip6.ba.lifetime", "mip6.ipv4aa.sts", "mip6.ipv4ha.preflen",
        "mip6.ipv4ha.ha", "mip6.natd.f_flag", "mip6.natd.refresh_t");

    @TempDir
    Path dir;

    private HomeAgent agent;

    @BeforeEach
    void start()
    {
        agent = HomeAgent.startWithoutTraffic(config());
    }

    private HomeAgentConfig config()
    {
        return new HomeAgentConfig("registration", dir, ThreadingMode.INVOKER,
            "backoff", List.of(AgentPlacement.UNPINNED), AgentPlacement.UNPINNED, AgentPlacement.UNPINNED, 1, 4096,
            FrameLayout.DEFAULT_FRAME_LENGTH, 1024, 32, 1 << 20, 0, 1024).withStateDirectory(dir.resolve("state"));
    }

    @AfterEach
    void stop()
    {
        agent.close();
    }

    @Test
    void committedFixturesAreWhatScapyBuilds(@TempDir final Path out) throws Exception
    {
        ScapyFixtures.assertCommittedMatchScripts(Path.of("src/test/scapy"), Path.of("src/test/resources/fixtures"),
            out);
    }

    @Test
    void aMobileNodeOnIpv6RegistersRefreshesIsRefusedAReplayAndDeregisters() throws IOException
    {
        final Map<String, String> ack = registerAndDecode("bu_native_dynamic4", List.of());
        assertEquals("02:00:00:00:00:fe", ack.get("eth.dst"), "back to the router the BU came from");
        assertEquals("2001:db8:a::1", ack.get("ipv6.src"));
        assertEquals("2001:db8:c::77", ack.get("ipv6.dst"), "to the care-of address (RFC 6275 §9.5.4)");
        assertEquals("2001:db8:a::200", ack.get("ipv6.routing.mipv6.home_address"), "type 2 routing header");
        assertEquals("6", ack.get("mip6.mhtype"));
        assertEquals("0", ack.get("mip6.ba.status"));
        assertEquals("1", ack.get("mip6.ba.seqnr"));
        assertEquals("0", ack.get("mip6.ipv4aa.sts"), "dynamic IPv4 home address granted (RFC 5555 §3.2.1)");
        assertEquals("198.51.100.128", ack.get("mip6.ipv4ha.ha"), "the first address of the demo's pool");
        assertEquals("", ack.get("mip6.natd.refresh_t"), "no NAT Detection option natively");

        final BindingView view = new BindingView();
        assertTrue(agent.bindings().lookupIpv6(Addresses.high("2001:db8:a::200"), 0x200, view) >= 0);
        assertEquals(EncapVariant.IPV6_IN_IPV6, view.variant());
        assertEquals(Addresses.low("2001:db8:c::77"), view.careOfLow());
        assertTrue(agent.bindings().lookupIpv4(Addresses.ipv4("198.51.100.128"), view) >= 0);
        assertEquals(EncapVariant.IPV4_IN_IPV6, view.variant());

        final List<byte[]> announcements = collect(agent.port(HomeAgent.HOME_PORT));
        assertTrue(announcements.size() >= 2, "unsolicited NA and gratuitous ARP on the home link");

        final Map<String, String> tunnelled = forward("data_to_native");
        assertEquals("2001:db8:a::1,2001:db8:a::cc", tunnelled.get("ipv6.src"), "IPv6-in-IPv6 from the HA");
        assertEquals("2001:db8:c::77,2001:db8:a::200", tunnelled.get("ipv6.dst"));
        final Map<String, String> tunnelled4 = forward("data4_to_native");
        assertEquals("2001:db8:c::77", tunnelled4.get("ipv6.dst"), "IPv4-in-IPv6 to the same care-of address");
        assertEquals("198.51.100.128", tunnelled4.get("ip.dst"));

        assertEquals("2", registerAndDecode("bu_native_refresh", List.of()).get("mip6.ba.seqnr"));
        final Map<String, String> replay = registerAndDecode("bu_native_replay", List.of());
        assertEquals("135", replay.get("mip6.ba.status"), "sequence number out of window (RFC 6275 §9.5.1)");
        assertEquals("2", replay.get("mip6.ba.seqnr"), "carries the last accepted sequence number");

        final Map<String, String> dereg = registerAndDecode("bu_native_dereg", List.of());
        assertEquals("0", dereg.get("mip6.ba.status"));
        assertEquals("0", dereg.get("mip6.ba.lifetime"));
        assertEquals(BindingTable.NOT_FOUND,
            agent.bindings().lookupIpv6(Addresses.high("2001:db8:a::200"), 0x200, view));
        assertEquals(BindingTable.NOT_FOUND, agent.bindings().lookupIpv4(Addresses.ipv4("198.51.100.128"), view));
        assertEquals(4, total(SlowpathCounter.TX_BINDING_ACK.id()));
    }

    @Test
    void aMobileNodeBehindANatIsDetectedAndServedOverUdp() throws IOException
    {
        final Map<String, String> ack = registerAndDecode("bu_udp_nat", DECODE_UDP);
        assertEquals("198.51.100.1", ack.get("ip.src"));
        assertEquals("203.0.113.9", ack.get("ip.dst"), "to the NAT-mapped address (RFC 5555 §4.2)");
        assertEquals("4191", ack.get("udp.srcport"));
        assertEquals("40001", ack.get("udp.dstport"), "to the NAT-mapped port");
        assertEquals("2001:db8:a::201", ack.get("ipv6.dst"), "the home address, no routing header over IPv4");
        assertEquals("0", ack.get("mip6.ba.status"));
        assertEquals("110", ack.get("mip6.natd.refresh_t"), "NAT detected: NATKATIMEOUT (RFC 5555 §3.2.2)");
        assertEquals("0", ack.get("mip6.ipv4aa.sts"));

        final BindingView view = new BindingView();
        assertTrue(agent.bindings().lookupIpv6(Addresses.high("2001:db8:a::201"), 0x201, view) >= 0);
        assertEquals(EncapVariant.IPV4_UDP_4191, view.variant());
        assertEquals(Addresses.ipv4("203.0.113.9"), view.ipv4CareOfAddress());
        assertEquals(40001, view.udpDestinationPort());

        final Map<String, String> tunnelled = forward("data_to_nat", DECODE_UDP);
        assertEquals("203.0.113.9", tunnelled.get("ip.dst"));
        assertEquals("40001,6000", tunnelled.get("udp.dstport"), "outer UDP to the NAT port, then the inner UDP");
        assertEquals("2001:db8:a::201", tunnelled.get("ipv6.dst"));
    }

    @Test
    void aMobileNodeOnPublicIpv4UsesProtocol41OrUdpWhenItAsks() throws IOException
    {
        final Map<String, String> ack = registerAndDecode("bu_proto41", List.of());
        assertEquals("41", ack.get("ip.proto"), "answered the way it came (RFC 5555 §4.2)");
        assertEquals("192.0.2.50", ack.get("ip.dst"));
        assertEquals("0", ack.get("mip6.ba.status"));
        assertEquals("", ack.get("mip6.natd.refresh_t"), "no NAT in protocol 41");
        final BindingView view = new BindingView();
        assertTrue(agent.bindings().lookupIpv6(Addresses.high("2001:db8:a::202"), 0x202, view) >= 0);
        assertEquals(EncapVariant.IPV6_IN_IPV4, view.variant());
        assertEquals(Addresses.ipv4("192.0.2.50"), view.ipv4CareOfAddress());

        final Map<String, String> forced = registerAndDecode("bu_udp_force", DECODE_UDP);
        assertEquals("0", forced.get("mip6.ba.status"));
        assertTrue(agent.bindings().lookupIpv6(Addresses.high("2001:db8:a::203"), 0x203, view) >= 0);
        assertEquals(EncapVariant.IPV4_UDP_4191, view.variant(), "F flag: UDP although no NAT (RFC 5555 §4.1)");
    }

    @Test
    void bindingsAndLeasesSurviveARestart() throws IOException
    {
        assertEquals("0", registerAndDecode("bu_native_dynamic4", List.of()).get("mip6.ba.status"));
        assertEquals("0", registerAndDecode("bu_udp_nat", DECODE_UDP).get("mip6.ba.status"));
        agent.close();

        agent = HomeAgent.startWithoutTraffic(config());
        assertEquals(2, agent.registration().bindingCount(), "both bindings restored from the store");
        final BindingView view = new BindingView();
        assertTrue(agent.bindings().lookupIpv6(Addresses.high("2001:db8:a::200"), 0x200, view) >= 0);
        assertEquals(EncapVariant.IPV6_IN_IPV6, view.variant());
        assertTrue(agent.bindings().lookupIpv4(Addresses.ipv4("198.51.100.128"), view) >= 0,
            "the dynamic IPv4 lease is held again");
        assertTrue(agent.bindings().lookupIpv6(Addresses.high("2001:db8:a::201"), 0x201, view) >= 0);
        assertEquals(EncapVariant.IPV4_UDP_4191, view.variant(), "NAT detection restored with the binding");
        assertEquals(40001, view.udpDestinationPort());
        assertEquals("2001:db8:c::77,2001:db8:a::200", forward("data_to_native").get("ipv6.dst"),
            "traffic flows again without a new Binding Update");

        final Map<String, String> replay = registerAndDecode("bu_native_replay", List.of());
        assertEquals("135", replay.get("mip6.ba.status"), "the sequence number survived too");
        assertEquals("1", replay.get("mip6.ba.seqnr"));
        final Map<String, String> refresh = registerAndDecode("bu_native_refresh", List.of());
        assertEquals("0", refresh.get("mip6.ba.status"));
        assertEquals("198.51.100.128", refresh.get("mip6.ipv4ha.ha"), "the same IPv4 home address");
    }

    @Test
    void staticAndPrefixIpv4HomeAddressesAndMobileRoutersFollowTheirPolicies() throws IOException
    {
        agent.close();
        agent = HomeAgent.startWithoutTraffic(config().withRegistration(withPolicies(RegistrationConfig.demo())));

        final Map<String, String> static4 = registerAndDecode("bu_static4", List.of());
        assertEquals("0", static4.get("mip6.ba.status"));
        assertEquals("0", static4.get("mip6.ipv4aa.sts"), "its own static IPv4 home address (RFC 5555 §3.1.1)");
        assertEquals("198.51.100.50", static4.get("mip6.ipv4ha.ha"));
        final Map<String, String> taken = registerAndDecode("bu_static4_taken", List.of());
        assertEquals("0", taken.get("mip6.ba.status"), "the IPv6 registration stands (RFC 5555 §3.2.1)");
        assertEquals("130", taken.get("mip6.ipv4aa.sts"), "another node's IPv4 home address: incorrect");

        final Map<String, String> prefix = registerAndDecode("bu_prefix4", List.of());
        assertEquals("0", prefix.get("mip6.ba.status"));
        assertEquals("0", prefix.get("mip6.ipv4aa.sts"), "a /29 cut from the prefix pool");
        assertEquals("29", prefix.get("mip6.ipv4ha.preflen"));
        assertEquals("198.51.100.96", prefix.get("mip6.ipv4ha.ha"));
        final Map<String, String> toPrefix = forward("data4_to_prefix");
        assertEquals("2001:db8:c::7a", toPrefix.get("ipv6.dst"), "an address inside the prefix reaches the node");
        assertEquals("198.51.100.101", toPrefix.get("ip.dst"));

        final Map<String, String> router = registerAndDecode("bu_nemo", List.of());
        assertEquals("0", router.get("mip6.ba.status"));
        assertEquals("1", router.get("mip6.nemo.ba.r_flag"), "accepted as a mobile router (RFC 3963 §4.2)");
        assertEquals("2001:db8:c::7b,2001:db8:d::1", forward("data_to_mobile_network").get("ipv6.dst"),
            "the mobile network prefix is tunnelled to the router's care-of address");
        assertEquals("142", registerAndDecode("bu_nemo_foreign_prefix", List.of()).get("mip6.ba.status"),
            "not authorized for that prefix");
        assertEquals("140", registerAndDecode("bu_not_a_router", List.of()).get("mip6.ba.status"),
            "mobile router operation not permitted");
    }

    private static RegistrationConfig withPolicies(final RegistrationConfig r)
    {
        final long home = Addresses.high("2001:db8:a::");
        final List<RegistrationConfig.MobileNodePolicy> policies = List.of(
            new RegistrationConfig.MobileNodePolicy(home, 0x210, Addresses.ipv4("198.51.100.50"), false, List.of(),
                false, List.of()),
            new RegistrationConfig.MobileNodePolicy(home, 0x212, 0, true, List.of(), false, List.of()),
            new RegistrationConfig.MobileNodePolicy(home, 0x213, 0, false, List.of(), true,
                List.of(new RegistrationConfig.Ipv6Prefix(Addresses.high("2001:db8:d::"), 0, 48, Long.MAX_VALUE))));
        return new RegistrationConfig(r.allowUnprotectedSignaling(), r.maxLifetimeSeconds(),
            r.refreshRequestLeadSeconds(), r.natKeepaliveSeconds(), r.forceUdp(), r.homeLinkMode(),
            r.duplicateAddressDetection(), r.tunnelMtu(), r.homePrefixes(), r.homeIpv4Subnets(),
            r.authorizeHomePrefix(), r.ipv4AddressPools(), r.ipv4PrefixPools(), policies);
    }

    @Test
    void otherMobilityHeadersAreAnsweredWithBindingErrors() throws IOException
    {
        final List<String> fields = List.of("ipv6.src", "ipv6.dst", "ipv6.routing.type", "mip6.mhtype",
            "mip6.be.status", "mip6.be.haddr");
        final Map<String, String> unknownType = answer("mh_unknown_type", fields);
        assertEquals("7", unknownType.get("mip6.mhtype"), "a Binding Error");
        assertEquals("2", unknownType.get("mip6.be.status"), "unrecognized MH Type (RFC 6275 §9.2)");
        assertEquals("2001:db8:c::80", unknownType.get("ipv6.dst"), "to the packet's source, no routing header");
        assertEquals("", unknownType.get("ipv6.routing.type"));
        assertEquals("2001:db8:a::220", unknownType.get("mip6.be.haddr"));

        final Map<String, String> unbound = answer("mh_hoti_unbound_home", fields);
        assertEquals("1", unbound.get("mip6.be.status"), "no binding for the Home Address option (RFC 6275 §9.3.1)");
        assertEquals("2001:db8:a::221", unbound.get("mip6.be.haddr"));
        assertEquals(2, total(SlowpathCounter.TX_BINDING_ERROR.id()));
        assertEquals(0, agent.registration().bindingCount());
    }

    private Map<String, String> answer(final String fixture, final List<String> fields) throws IOException
    {
        inject(agent.port(HomeAgent.ACCESS_PORT), fixture(fixture));
        step(8);
        final List<byte[]> frames = collect(agent.port(HomeAgent.ACCESS_PORT));
        assertEquals(1, frames.size(), fixture + ": one answer on the access port");
        return Tshark.fields(PcapWriter.LINKTYPE_ETHERNET, List.of(), fields, frames.get(0)).get(0);
    }

    @Test
    void aHomeAddressOutsideTheHomePrefixIsRefused() throws IOException
    {
        final Map<String, String> ack = registerAndDecode("bu_native_foreign_home", List.of());
        assertEquals("132", ack.get("mip6.ba.status"), "not home subnet (RFC 6275 §10.3.1)");
        assertEquals(0, agent.registration().bindingCount());
    }

    private Map<String, String> registerAndDecode(final String fixture, final List<String> decode) throws IOException
    {
        final long before = total(SlowpathCounter.TX_BINDING_ACK.id());
        inject(agent.port(HomeAgent.ACCESS_PORT), fixture(fixture));
        final List<byte[]> frames = stepUntilCollected(agent.port(HomeAgent.ACCESS_PORT), 1);
        assertEquals(1, frames.size(), fixture + ": one Binding Ack on the access port");
        assertEquals(before + 1, total(SlowpathCounter.TX_BINDING_ACK.id()));
        return Tshark.fields(PcapWriter.LINKTYPE_ETHERNET, decode, BA_FIELDS, frames.get(0)).get(0);
    }

    private Map<String, String> forward(final String fixture) throws IOException
    {
        return forward(fixture, List.of());
    }

    private Map<String, String> forward(final String fixture, final List<String> decode) throws IOException
    {
        collect(agent.port(HomeAgent.ACCESS_PORT));
        inject(agent.port(HomeAgent.HOME_PORT), fixture(fixture));
        step(4);
        final List<byte[]> frames = collect(agent.port(HomeAgent.ACCESS_PORT));
        assertEquals(1, frames.size(), fixture + ": tunnelled out of the access port");
        return Tshark.fields(PcapWriter.LINKTYPE_ETHERNET, decode,
            List.of("ip.src", "ip.dst", "udp.srcport", "udp.dstport", "ipv6.src", "ipv6.dst"), frames.get(0)).get(0);
    }

    private static byte[] fixture(final String name) throws IOException
    {
        return HexFormat.of().parseHex(Files.readString(FIXTURES.resolve(name + ".hex")).trim());
    }

    /**
     * Step the agents until {@code expected} frames left the port (or 5 s passed): with the binding store on, a
     * Binding Ack waits for the binding-store thread's journal write (AckGate), which runs on its own thread.
     */
    private List<byte[]> stepUntilCollected(final MemoryPort port, final int expected)
    {
        final long deadlineNs = System.nanoTime() + 5_000_000_000L;
        step(8);
        final List<byte[]> frames = new ArrayList<>(collect(port));
        while (frames.size() < expected && System.nanoTime() < deadlineNs)
        {
            Thread.onSpinWait();
            step(1);
            frames.addAll(collect(port));
        }
        return frames;
    }

    private void step(final int times)
    {
        for (int i = 0; i < times; i++)
        {
            agent.host().invoke();
        }
    }

    private long total(final int id)
    {
        return agent.countersFile().snapshot().stream().filter(s -> s.typeId() == id).mapToLong(s -> s.value())
            .sum();
    }

    private void inject(final MemoryPort port, final byte[] frame)
    {
        final PacketBurst burst = new PacketBurst(agent.pool(), 1);
        final int index = agent.pool().allocate();
        MemorySegment.copy(frame, 0, agent.pool().memory(), ValueLayout.JAVA_BYTE,
            agent.pool().frameOffset(index) + FrameLayout.DATA_OFFSET, frame.length);
        burst.add(index, FrameLayout.DATA_OFFSET, frame.length);
        assertEquals(1, port.wire().inject(0, burst, 0, 1));
    }

    private List<byte[]> collect(final MemoryPort port)
    {
        final PacketBurst burst = new PacketBurst(agent.pool(), 64);
        port.wire().collect(0, burst, 64);
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < burst.count(); i++)
        {
            frames.add(agent.pool().memory().asSlice(burst.address(i), burst.length(i)).toArray(ValueLayout.JAVA_BYTE));
        }
        burst.freeAll();
        return frames;
    }
}
