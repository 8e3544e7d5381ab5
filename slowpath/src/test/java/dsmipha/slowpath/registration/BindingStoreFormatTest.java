package dsmipha.slowpath.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;

/**
 * The store's files against an independent decoder (src/test/python/binding_store_decode.py, written from the
 * documented layout with its own bit-by-bit CRC32C): the documented format is the written format.
 */
class BindingStoreFormatTest
{
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path DECODER = Path.of("src/test/python/binding_store_decode.py");
    private static final long EXPIRY_MS = 1_790_000_060_000L;

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePython()
    {
        final boolean present = Files.isExecutable(Path.of(PYTHON)) && Files.exists(DECODER);
        if (!present && "true".equals(System.getenv("CI")))
        {
            throw new AssertionError("CI must have " + PYTHON);
        }
        Assumptions.assumeTrue(present, PYTHON + " not found");
    }

    private static StoredBinding mobileRouter()
    {
        return new StoredBinding(0x20010db8_000a0000L, 1, 0, 0x0000_FFFF_C000_0202L, SignalingTransport.IPV4_UDP,
            0xCB007101, 65534, 0xC6336401, 4191, 3, 0xFEDC_BA98_7654L, 0x0200_0000_0001L,
            0x20010db8_000a0000L, 0xFE, 0xC6336482, 24, true, 0xC6336460, 30, false,
            List.of(new StoredBinding.MobileNetworkPrefix(0x20010db8_000b0000L, 0, 48),
                new StoredBinding.MobileNetworkPrefix(0x20010db8_000b0001L, 0, 64)),
            0xF100, 65535, EXPIRY_MS, -7);
    }

    private static StoredBinding mobileHost()
    {
        return new StoredBinding(0x20010db8_000a0000L, 2, 0x20010db8_00c00000L, 0x22, SignalingTransport.NATIVE_IPV6,
            0, 0, 0, 0, 0, 0x0000_5E00_5301L, 0x0200_0000_0001L, 0x20010db8_000a0000L, 0xFE, 0, 0, false, 0, 0, false,
            List.of(), 0x8000, 12, EXPIRY_MS + 1, 8);
    }

    @Test
    void journalAndSnapshotDecodeIndependently() throws Exception
    {
        final Path store = dir.resolve("store");
        try (CountersFile file = CountersFile.create(dir.resolve("c.dat"), 64, "t", 1, 0))
        {
            final CounterSlots counters = new CounterSlots(file, StoreCounter.values(), 0, "store");
            try (BindingStore bindings = BindingStore.open(store, counters))
            {
                bindings.recover(EXPIRY_MS - 60_000);
                bindings.put(mobileRouter());
                bindings.put(mobileHost());
                bindings.remove(0x20010db8_000a0000L, 2);
            }
            final JsonNode journal = decode(store.resolve(BindingStore.JOURNAL_FILE));
            assertEquals("journal", journal.get("kind").asText());
            assertTrue(journal.get("stop").isNull());
            assertEquals(3, journal.get("records").size());
            assertRouter(journal.get("records").get(0));
            final JsonNode host = journal.get("records").get(1);
            assertEquals("2001:db8:a::2", host.get("home").asText());
            assertEquals("2001:db8:c0::22", host.get("careOf").asText());
            assertEquals("00:00:5e:00:53:01", host.get("peerMac").asText());
            assertEquals("0.0.0.0", host.get("ipv4Home").asText());
            assertEquals(0x8000, host.get("flags").asInt());
            assertEquals(0, host.get("mnps").size());
            assertEquals("REMOVE", journal.get("records").get(2).get("type").asText());
            assertEquals("2001:db8:a::2", journal.get("records").get(2).get("home").asText());

            try (BindingStore bindings = BindingStore.open(store, counters))
            {
                bindings.recover(EXPIRY_MS - 60_000);
            }
            final JsonNode snapshot = decode(store.resolve(BindingStore.SNAPSHOT_FILE));
            assertEquals("snapshot", snapshot.get("kind").asText());
            assertEquals(1, snapshot.get("records").size());
            assertRouter(snapshot.get("records").get(0));
            assertEquals(0, decode(store.resolve(BindingStore.JOURNAL_FILE)).get("records").size());
        }
    }

    @Test
    void tornAndCorruptRecordsAreSeenAlikeByBoth() throws Exception
    {
        final Path store = dir.resolve("store");
        try (CountersFile file = CountersFile.create(dir.resolve("c.dat"), 64, "t", 1, 0))
        {
            final CounterSlots counters = new CounterSlots(file, StoreCounter.values(), 0, "store");
            try (BindingStore bindings = BindingStore.open(store, counters))
            {
                bindings.recover(EXPIRY_MS - 60_000);
                bindings.put(mobileHost());
                bindings.put(mobileRouter());
            }
            final Path journalFile = store.resolve(BindingStore.JOURNAL_FILE);
            try (FileChannel channel = FileChannel.open(journalFile, StandardOpenOption.WRITE))
            {
                channel.truncate(channel.size() - 1);
            }
            final JsonNode torn = decode(journalFile);
            assertEquals("torn", torn.get("stop").asText());
            assertEquals(1, torn.get("records").size());
            final byte[] bytes = Files.readAllBytes(journalFile);
            bytes[BindingStore.FILE_HEADER + BindingStore.RECORD_HEADER + 3] ^= 1;
            Files.write(journalFile, bytes);
            assertEquals("crc", decode(journalFile).get("stop").asText());
            try (BindingStore bindings = BindingStore.open(store, counters))
            {
                assertTrue(bindings.recover(EXPIRY_MS - 60_000).isEmpty());
            }
            assertEquals(1, counters.get(StoreCounter.RECOVERY_CRC_MISMATCH.ordinal()));
        }
    }

    private static void assertRouter(final JsonNode router)
    {
        assertEquals("PUT", router.get("type").asText());
        assertEquals("2001:db8:a::1", router.get("home").asText());
        assertEquals("::ffff:c000:202", router.get("careOf").asText());
        assertEquals("2001:db8:a::fe", router.get("ha").asText());
        assertEquals(EXPIRY_MS, router.get("expiryEpochMs").asLong());
        assertEquals(-7, router.get("bindingId").asLong());
        assertEquals("fe:dc:ba:98:76:54", router.get("peerMac").asText());
        assertEquals("02:00:00:00:00:01", router.get("localMac").asText());
        assertEquals("203.0.113.1", router.get("natPeerIpv4").asText());
        assertEquals("198.51.100.1", router.get("localIpv4").asText());
        assertEquals("198.51.100.130", router.get("ipv4Home").asText());
        assertEquals("198.51.100.96", router.get("ipv4Prefix").asText());
        assertEquals(65534, router.get("natPeerPort").asInt());
        assertEquals(4191, router.get("localPort").asInt());
        assertEquals(3, router.get("portIndex").asInt());
        assertEquals(0xF100, router.get("flags").asInt());
        assertEquals(65535, router.get("sequence").asInt());
        assertEquals(SignalingTransport.IPV4_UDP, router.get("transport").asInt());
        assertEquals(24, router.get("ipv4HomeLength").asInt());
        assertTrue(router.get("ipv4HomeDynamic").asBoolean());
        assertEquals(30, router.get("ipv4PrefixLength").asInt());
        assertEquals(false, router.get("ipv4PrefixDynamic").asBoolean());
        assertEquals("[\"2001:db8:b::/48\",\"2001:db8:b:1::/64\"]", router.get("mnps").toString());
    }

    private static JsonNode decode(final Path file) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(PYTHON, DECODER.toString(), file.toString())
            .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return new ObjectMapper().readTree(output);
    }
}
