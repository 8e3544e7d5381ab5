package dsmipha.slowpath.control;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.common.testing.Addresses.low;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.slowpath.registration.BindingCache;
import dsmipha.slowpath.registration.BindingRecord;

/**
 * The slowpath's binding dump: pages of at most 256 bindings per duty cycle, each binding once, filters, limits,
 * cancellation, and a cache that changes (and grows) during the dump. The answer is parsed back with Jackson.
 */
class BindingDumpDutyTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long NOW = 5_000 * SECOND;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CountersFile file;
    private CounterSlots counters;
    private BindingCache cache;
    private OneToOneConcurrentArrayQueue<BindingDump> queries;
    private BindingDumpDuty duty;
    private int nextId = 1;

    @BeforeEach
    void setUp()
    {
        file = CountersFile.create(dir.resolve("c.dat"), 64, "t", 1, 0);
        counters = new CounterSlots(file, ControlCounter.values(), 0, "slowpath");
        cache = new BindingCache(16, 42);
        queries = new OneToOneConcurrentArrayQueue<>(BindingDumpDuty.QUERY_QUEUE_CAPACITY);
        duty = new BindingDumpDuty(queries, BindingCursor.over(cache), counters);
    }

    @AfterEach
    void tearDown()
    {
        file.close();
    }

    @Test
    void aThousandBindingsComeInPagesOf256EachExactlyOnce() throws Exception
    {
        for (int i = 0; i < 1000; i++)
        {
            cache.put(mobileNode(0x1000 + i, "2001:db8:c::5"));
        }
        final BindingDump dump = submit("bindings format=json");
        final List<Integer> pageSizes = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        for (int cycle = 0; cycle < 100 && !drain(dump, lines, pageSizes); cycle++)
        {
            duty.doWork(NOW);
        }
        final Set<String> homes = new HashSet<>();
        for (final String line : lines.subList(0, lines.size() - 1))
        {
            homes.add(JSON.readTree(line).get("home").asText());
        }
        assertEquals(1001, lines.size(), "1000 bindings and the status line");
        assertEquals(1000, homes.size(), "each binding exactly once");
        assertEquals("{\"status\":\"ok\",\"count\":1000}", lines.get(1000));
        assertTrue(pageSizes.stream().allMatch(n -> n <= BindingDumpDuty.PAGE_BINDINGS), pageSizes.toString());
        assertTrue(pageSizes.size() >= 4, "at least four duty cycles: " + pageSizes);
        assertEquals(1000, counters.get(ControlCounter.BINDINGS_SENT.ordinal()));
        assertEquals(1, counters.get(ControlCounter.DUMPS_STARTED.ordinal()));
    }

    @Test
    void aSlowReaderHoldsTheDumpWithoutLosingPages() throws Exception
    {
        for (int i = 0; i < 2000; i++)
        {
            cache.put(mobileNode(0x1000 + i, "2001:db8:c::5"));
        }
        final BindingDump dump = submit("bindings");
        for (int cycle = 0; cycle < 20; cycle++)
        {
            duty.doWork(NOW);
        }
        assertEquals(BindingDump.CHUNKS * BindingDumpDuty.PAGE_BINDINGS,
            counters.get(ControlCounter.BINDINGS_SENT.ordinal()), "every chunk out: the duty waits");
        assertEquals(0, duty.doWork(NOW), "idle while the reader is behind");
        final List<String> lines = new ArrayList<>();
        for (int cycle = 0; cycle < 100 && !drain(dump, lines, new ArrayList<>()); cycle++)
        {
            duty.doWork(NOW);
        }
        assertEquals(2001, lines.size());
    }

    @Test
    void bindingsAddedAndRemovedDuringADumpNeverAppearTwice() throws Exception
    {
        for (int i = 0; i < 1000; i++)
        {
            cache.put(mobileNode(0x1000 + i, "2001:db8:c::5"));
        }
        final BindingDump dump = submit("bindings");
        final List<String> lines = new ArrayList<>();
        int added = 0;
        for (int cycle = 0; cycle < 1000 && !drain(dump, lines, new ArrayList<>()); cycle++)
        {
            duty.doWork(NOW);
            // Remove a spread of bindings (backward shifts around the cursor) and add enough to make the cache grow.
            for (int i = cycle; i < 1000; i += 37)
            {
                cache.remove(high("2001:db8:a::"), 0x1000 + i);
            }
            for (int i = 0; i < (cycle < 3 ? 1500 : 0); i++)
            {
                cache.put(mobileNode(0x100000 + added++, "2001:db8:c::6"));
            }
        }
        final Set<String> homes = new HashSet<>();
        for (final String line : lines.subList(0, lines.size() - 1))
        {
            assertTrue(homes.add(JSON.readTree(line).get("home").asText()), "seen twice: " + line);
        }
        final JsonNode status = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("ok", status.get("status").asText());
        assertEquals(homes.size(), status.get("count").asInt());
        assertTrue(cache.slotCount() > 4096, "the cache grew during the dump: " + cache.slotCount());
    }

    @Test
    void bindingIdsAcrossTheirWholeRangeAreEachVisitedOncePerDump()
    {
        final int[] ids = {1, 63, 64, 70_000, 5_000_000, (1 << 27) - 1, 1 << 27, 0x7FFF_FFFF, 0x8000_0000, -2};
        for (int i = 0; i < ids.length; i++)
        {
            final BindingRecord record = mobileNode(0x300 + i, "2001:db8:c::5");
            record.bindingId = ids[i];
            cache.put(record);
        }
        final BindingCursor cursor = BindingCursor.over(cache);
        for (int walk = 0; walk < 2; walk++)
        {
            cursor.reset();
            final Set<Long> visited = new HashSet<>();
            final int[] visits = {0};
            while (!cursor.advance(3, record ->
            {
                visits[0]++;
                return visited.add(record.homeLow);
            }))
            {
                // Three slots a step, as a busy slowpath would.
            }
            assertEquals(ids.length, visits[0], "walk " + walk + ": each once, the ids of the last walk forgotten");
        }
    }

    @Test
    void everyFieldIsWrittenForADualStackNodeBehindANat() throws Exception
    {
        final BindingRecord record = mobileNode(0x201, "::ffff:192.0.2.10");
        record.variantIpv6 = EncapVariant.IPV4_UDP_4191;
        record.variantIpv4 = EncapVariant.IPV4_UDP_4191;
        record.tunnelIpv4 = ipv4("203.0.113.9");
        record.natUdpPort = 40001;
        record.natDetected = true;
        record.ipv4Home = ipv4("198.51.100.128");
        record.ipv4PrefixNetwork = ipv4("198.51.100.96");
        record.ipv4PrefixLength = 29;
        record.sequence = 65535;
        record.flags = BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION |
            BindingUpdate.FLAG_FORCE_UDP;
        record.bindingId = 0xFFFF_FFFE;
        cache.put(record);

        final JsonNode node = JSON.readTree(answer("bindings format=json").get(0));
        assertEquals("2001:db8:a::201", node.get("home").asText());
        assertEquals("198.51.100.128", node.get("ipv4_home").asText());
        assertEquals("198.51.100.96/29", node.get("ipv4_home_prefix").asText());
        assertEquals("192.0.2.10", node.get("care_of").asText(), "an IPv4 care-of address in dotted decimal");
        assertEquals("ipv4-udp", node.get("transport").asText());
        assertTrue(node.get("nat_detected").asBoolean());
        assertEquals("203.0.113.9", node.get("nat_address").asText());
        assertEquals(40001, node.get("nat_port").asInt());
        assertEquals(3600, node.get("lifetime").asInt());
        assertEquals(3000, node.get("remaining").asLong(), "expiry 3000 s from now");
        assertEquals(65535, node.get("sequence").asInt());
        assertEquals("AHF", node.get("flags").asText());
        assertFalse(node.get("mobile_router").asBoolean());
        assertEquals(0, node.get("mobile_network_prefixes").size());
        assertEquals(0xFFFF_FFFEL, node.get("binding_id").asLong(), "unsigned");
        assertEquals(15, node.size(), "fields: " + node);
    }

    @Test
    void nativeNodeHasNullNatAndIpv4Fields() throws Exception
    {
        cache.put(mobileNode(0x200, "2001:db8:c::77"));
        final JsonNode node = JSON.readTree(answer("bindings").get(0));
        assertEquals("2001:db8:c::77", node.get("care_of").asText());
        assertEquals("ipv6", node.get("transport").asText());
        assertTrue(node.get("ipv4_home").isNull());
        assertTrue(node.get("ipv4_home_prefix").isNull());
        assertTrue(node.get("nat_address").isNull());
        assertTrue(node.get("nat_port").isNull());
    }

    @Test
    void filtersPickByHomeAddressPrefixesAndCareOf() throws Exception
    {
        cache.put(mobileNode(0x200, "2001:db8:c::77"));
        final BindingRecord v4 = mobileNode(0x201, "::ffff:192.0.2.50");
        v4.variantIpv6 = EncapVariant.IPV6_IN_IPV4;
        v4.tunnelIpv4 = ipv4("192.0.2.50");
        v4.ipv4Home = ipv4("198.51.100.128");
        cache.put(v4);
        final BindingRecord nat = mobileNode(0x202, "::ffff:10.0.0.2");
        nat.variantIpv6 = EncapVariant.IPV4_UDP_4191;
        nat.tunnelIpv4 = ipv4("203.0.113.9");
        nat.natUdpPort = 40001;
        nat.ipv4PrefixNetwork = ipv4("198.51.100.96");
        nat.ipv4PrefixLength = 29;
        cache.put(nat);
        final BindingRecord router = mobileNode(0x213, "2001:db8:c::7b");
        router.flags |= BindingUpdate.FLAG_MOBILE_ROUTER;
        router.mobileNetworkPrefixCount = 1;
        router.mobileNetworkPrefixHigh = new long[] {high("2001:db8:b:100::"), 0};
        router.mobileNetworkPrefixLow = new long[] {0, 0};
        router.mobileNetworkPrefixLength = new int[] {56, 0};
        cache.put(router);

        assertEquals(List.of("2001:db8:a::200"), homes("bindings home=2001:db8:a::200"));
        assertEquals(List.of("2001:db8:a::201"), homes("bindings home=198.51.100.128"), "IPv4 home address");
        assertEquals(List.of("2001:db8:a::202"), homes("bindings home=198.51.100.96/28"), "IPv4 prefix inside");
        assertEquals(List.of("2001:db8:a::202"), homes("bindings home=198.51.100.100"), "address in the prefix");
        assertEquals(List.of("2001:db8:a::213"), homes("bindings home=2001:db8:b::/48"), "mobile network prefix");
        assertEquals(4, homes("bindings home=2001:db8::/32").size());
        assertEquals(List.of(), homes("bindings home=2001:db8:e::/48"));
        assertEquals(List.of("2001:db8:a::200"), homes("bindings care-of=2001:db8:c::77"));
        assertEquals(List.of("2001:db8:a::201"), homes("bindings care-of=192.0.2.50"), "IPv4 care-of");
        assertEquals(List.of("2001:db8:a::202"), homes("bindings care-of=203.0.113.9"), "NAT public address");
        assertEquals(List.of("2001:db8:a::202"), homes("bindings care-of=10.0.0.2"), "private care-of behind NAT");
        assertEquals(List.of("2001:db8:a::201"),
            homes("bindings home=2001:db8:a::/64 care-of=192.0.2.0/24"), "both filters");
        assertEquals(2, homes("bindings limit=2").size());
        final JsonNode routerNode = JSON.readTree(answer("bindings home=2001:db8:b:100::/56").get(0));
        assertTrue(routerNode.get("mobile_router").asBoolean());
        assertEquals("2001:db8:b:100::/56", routerNode.get("mobile_network_prefixes").get(0).asText());
        assertEquals("AHR", routerNode.get("flags").asText());
    }

    @Test
    void theTableHasAHeaderAndOneAlignedRowPerBinding()
    {
        final BindingRecord nat = mobileNode(0x202, "::ffff:10.0.0.2");
        nat.variantIpv6 = EncapVariant.IPV4_UDP_4191;
        nat.tunnelIpv4 = ipv4("203.0.113.9");
        nat.natUdpPort = 40001;
        cache.put(nat);
        final List<String> lines = answer("bindings format=table");
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("HOME "), lines.get(0));
        final String[] cells = lines.get(1).trim().split(" +");
        assertEquals(List.of("2001:db8:a::202", "-", "10.0.0.2", "ipv4-udp", "203.0.113.9:40001", "3600", "3000",
            "7", "AH", "-"), List.of(cells));
        assertEquals(lines.get(0).indexOf("CARE-OF"), lines.get(1).indexOf("10.0.0.2"), "aligned");
    }

    @Test
    void aCancelledDumpIsDroppedAndTheNextQueryServed()
    {
        for (int i = 0; i < 1000; i++)
        {
            cache.put(mobileNode(0x1000 + i, "2001:db8:c::5"));
        }
        final BindingDump first = submit("bindings");
        duty.doWork(NOW);
        first.cancel();
        duty.doWork(NOW);
        assertEquals(1, counters.get(ControlCounter.DUMPS_CANCELLED.ordinal()));
        assertEquals(1, answer("bindings limit=1").size(), "one binding");
    }

    @Test
    void anEmptyCacheAnswersOnlyTheStatus()
    {
        assertEquals(List.of(), answer("bindings"));
        final BindingDump dump = submit("bindings");
        duty.doWork(NOW);
        final BindingDump.Chunk chunk = dump.poll();
        assertTrue(chunk.isLast());
        assertNull(dump.poll());
    }

    private BindingDump submit(final String line)
    {
        final BindingDump dump = new BindingDump(BindingQuery.parse(line));
        assertTrue(queries.offer(dump));
        return dump;
    }

    private List<String> answer(final String line)
    {
        final BindingDump dump = submit(line);
        final List<String> lines = new ArrayList<>();
        for (int cycle = 0; cycle < 1000 && !drain(dump, lines, new ArrayList<>()); cycle++)
        {
            duty.doWork(NOW);
        }
        assertTrue(lines.get(lines.size() - 1).startsWith("{\"status\":\"ok\""), lines.toString());
        return lines.subList(0, lines.size() - 1);
    }

    private List<String> homes(final String line) throws Exception
    {
        final List<String> homes = new ArrayList<>();
        for (final String json : answer(line))
        {
            homes.add(JSON.readTree(json).get("home").asText());
        }
        homes.sort(String::compareTo);
        return homes;
    }

    private static boolean drain(final BindingDump dump, final List<String> lines, final List<Integer> pageSizes)
    {
        BindingDump.Chunk chunk;
        while ((chunk = dump.poll()) != null)
        {
            final String text = chunk.text().toString();
            final List<String> page = List.of(text.split("\n"));
            lines.addAll(page);
            pageSizes.add((int)page.stream().filter(l -> l.startsWith("{\"home\"")).count());
            final boolean last = chunk.isLast();
            dump.recycle(chunk);
            if (last)
            {
                return true;
            }
        }
        return false;
    }

    private BindingRecord mobileNode(final long homeLow, final String careOf)
    {
        final BindingRecord record = new BindingRecord();
        record.homeHigh = high("2001:db8:a::");
        record.homeLow = homeLow;
        if (careOf.startsWith("::ffff:"))
        {
            // RFC 5555 §3.1.1: an IPv4 care-of address is kept IPv4-mapped.
            record.careOfLow = 0x0000_FFFF_0000_0000L | Integer.toUnsignedLong(ipv4(careOf.substring(7)));
        }
        else
        {
            record.careOfHigh = high(careOf);
            record.careOfLow = low(careOf);
        }
        record.variantIpv6 = EncapVariant.IPV6_IN_IPV6;
        record.lifetimeSeconds = 3600;
        record.expiryNs = NOW + 3000 * SECOND;
        record.sequence = 7;
        record.flags = BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION;
        record.bindingId = nextId++;
        return record;
    }
}
