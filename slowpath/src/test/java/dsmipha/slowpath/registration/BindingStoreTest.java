package dsmipha.slowpath.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;

class BindingStoreTest
{
    static final long NOW_MS = 1_790_000_000_000L;
    static final long HOME_HIGH = 0x20010db8_000a0000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;
    private CountersFile countersFile;
    private CounterSlots counters;

    @BeforeEach
    void setUp()
    {
        countersFile = CountersFile.create(dir.resolve("counters.dat"), 64, "t", 1, 0);
        counters = new CounterSlots(countersFile, StoreCounter.values(), 0, "store");
    }

    @AfterEach
    void tearDown()
    {
        countersFile.close();
    }

    /**
     * A binding whose every field differs from its neighbours', with values that would break a sign or width slip.
     *
     * @param n         distinguishes bindings (home address low bits).
     * @param expiryMs  expiry, epoch ms.
     * @param prefixes  number of mobile network prefixes.
     * @return the binding.
     */
    static StoredBinding binding(final long n, final long expiryMs, final int prefixes)
    {
        final List<StoredBinding.MobileNetworkPrefix> mnps = new ArrayList<>();
        for (int i = 0; i < prefixes; i++)
        {
            mnps.add(new StoredBinding.MobileNetworkPrefix(0x20010db8_00b00000L | i, 0, 48 + i % 16));
        }
        return new StoredBinding(HOME_HIGH, n, 0L, 0x0000_FFFF_C000_0201L + n, SignalingTransport.IPV4_UDP,
            0xCB007101, 0xFFFE, 0xC6336401, 4191, 3, 0xFEDC_BA98_7654L, 0x0200_0000_0001L,
            HOME_HIGH, 1, 0xC6336480 + (int)(n & 0x3F), 24, true, 0xC6336460, 30, (n & 1) == 0,
            mnps, 0xF100, (int)(n & 0xFFFF), expiryMs, -n);
    }

    private BindingStore reopen() throws IOException
    {
        return BindingStore.open(dir.resolve("store"), counters, MS, 10);
    }

    private Path journal()
    {
        return dir.resolve("store").resolve(BindingStore.JOURNAL_FILE);
    }

    private long count(final StoreCounter counter)
    {
        return counters.get(counter.ordinal());
    }

    private static List<StoredBinding> sorted(final List<StoredBinding> bindings)
    {
        final List<StoredBinding> copy = new ArrayList<>(bindings);
        copy.sort(Comparator.comparingLong(StoredBinding::homeLow));
        return copy;
    }

    @Test
    void roundTripKeepsEveryField() throws IOException
    {
        try (BindingStore store = reopen())
        {
            assertTrue(store.recover(NOW_MS).isEmpty());
            store.put(binding(1, NOW_MS + 60_000, 0));
            store.put(binding(2, NOW_MS + 60_000, 3));
            store.put(binding(3, NOW_MS + 60_000, 1));
            store.put(binding(2, NOW_MS + 90_000, 2));
            store.remove(HOME_HIGH, 3);
            store.remove(HOME_HIGH, 99);
        }
        assertEquals(4, count(StoreCounter.PUT_WRITTEN));
        assertEquals(1, count(StoreCounter.REMOVE_WRITTEN), "removing an unknown binding writes nothing");
        try (BindingStore store = reopen())
        {
            final List<StoredBinding> recovered = sorted(store.recover(NOW_MS));
            assertEquals(List.of(binding(1, NOW_MS + 60_000, 0), binding(2, NOW_MS + 90_000, 2)), recovered);
        }
        assertEquals(2, count(StoreCounter.RECOVERED));
    }

    @Test
    void writingBeforeRecoveryIsRefused() throws IOException
    {
        try (BindingStore store = reopen())
        {
            assertThrows(IllegalStateException.class, () -> store.put(binding(1, NOW_MS, 0)));
            assertEquals(0, store.doWork(0));
            store.recover(NOW_MS);
            assertThrows(IllegalStateException.class, () -> store.recover(NOW_MS));
        }
    }

    @Test
    void forceIsBatchedAfterTheInterval() throws IOException
    {
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            assertEquals(0, store.doWork(0));
            store.put(binding(1, NOW_MS + 60_000, 0));
            store.put(binding(2, NOW_MS + 60_000, 0));
            assertEquals(0, store.doWork(5 * MS), "the interval starts at the first duty cycle that sees the write");
            assertEquals(0, count(StoreCounter.FORCED));
            assertEquals(1, store.doWork(6 * MS));
            assertEquals(1, count(StoreCounter.FORCED));
            assertEquals(0, store.doWork(7 * MS), "nothing new to force");
        }
    }

    @Test
    void compactionBoundsTheJournal() throws IOException
    {
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            assertEquals(1, count(StoreCounter.COMPACTED), "recovery writes a fresh snapshot");
            for (int i = 0; i < 95; i++)
            {
                store.put(binding(i % 4, NOW_MS + 60_000 + i, 0));
                store.doWork(i * MS);
            }
            assertTrue(store.journalRecords() < 10, "journal records " + store.journalRecords());
            assertEquals(1 + 95 / 10, count(StoreCounter.COMPACTED));
            assertTrue(Files.size(journal()) < 16 + 10 * 130, "journal bytes " + Files.size(journal()));
        }
        try (BindingStore store = reopen())
        {
            final List<StoredBinding> recovered = sorted(store.recover(NOW_MS));
            assertEquals(List.of(binding(0, NOW_MS + 60_092, 0), binding(1, NOW_MS + 60_093, 0),
                binding(2, NOW_MS + 60_094, 0), binding(3, NOW_MS + 60_091, 0)), recovered);
        }
    }

    @Test
    void tornLastRecordIsCountedAndTheRestRecovered() throws IOException
    {
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            store.put(binding(1, NOW_MS + 60_000, 0));
            store.put(binding(2, NOW_MS + 60_000, 0));
            store.put(binding(3, NOW_MS + 60_000, 2));
        }
        try (FileChannel channel = FileChannel.open(journal(), StandardOpenOption.WRITE))
        {
            channel.truncate(channel.size() - 7);
        }
        try (BindingStore store = reopen())
        {
            assertEquals(List.of(binding(1, NOW_MS + 60_000, 0), binding(2, NOW_MS + 60_000, 0)),
                sorted(store.recover(NOW_MS)));
            assertEquals(1, count(StoreCounter.RECOVERY_TORN));
            store.put(binding(4, NOW_MS + 60_000, 0));
        }
        try (BindingStore store = reopen())
        {
            assertEquals(3, store.recover(NOW_MS).size(), "records written after a torn tail are read back");
            assertEquals(1, count(StoreCounter.RECOVERY_TORN), "the torn tail was cleaned by the last recovery");
        }
    }

    @Test
    void tornRecordHeaderIsCounted() throws IOException
    {
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            store.put(binding(1, NOW_MS + 60_000, 0));
        }
        Files.write(journal(), new byte[] {0, 0, 0}, StandardOpenOption.APPEND);
        try (BindingStore store = reopen())
        {
            assertEquals(1, store.recover(NOW_MS).size());
            assertEquals(1, count(StoreCounter.RECOVERY_TORN));
        }
    }

    @Test
    void crcMismatchStopsTheReplayAndIsCounted() throws IOException
    {
        final long secondRecordBody;
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            store.put(binding(1, NOW_MS + 60_000, 0));
            secondRecordBody = Files.size(journal()) + BindingStore.RECORD_HEADER;
            store.put(binding(2, NOW_MS + 60_000, 0));
            store.put(binding(3, NOW_MS + 60_000, 0));
        }
        final byte[] bytes = Files.readAllBytes(journal());
        bytes[(int)secondRecordBody + 40] ^= 0x10;
        Files.write(journal(), bytes);
        try (BindingStore store = reopen())
        {
            assertEquals(List.of(binding(1, NOW_MS + 60_000, 0)), store.recover(NOW_MS));
            assertEquals(1, count(StoreCounter.RECOVERY_CRC_MISMATCH));
        }
    }

    @Test
    void lengthBeyondTheLimitIsCountedAsCorruption() throws IOException
    {
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            store.put(binding(1, NOW_MS + 60_000, 0));
        }
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            store.put(binding(2, NOW_MS + 60_000, 0));
        }
        final byte[] bytes = Files.readAllBytes(journal());
        bytes[BindingStore.FILE_HEADER] = (byte)0xFF;
        Files.write(journal(), bytes);
        try (BindingStore store = reopen())
        {
            assertEquals(List.of(binding(1, NOW_MS + 60_000, 0)), store.recover(NOW_MS),
                "the snapshot still holds binding 1; the journal's binding 2 is lost");
            assertEquals(1, count(StoreCounter.RECOVERY_CRC_MISMATCH));
        }
    }

    @Test
    void unknownRecordTypeWithAGoodCrcIsCounted() throws IOException
    {
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            store.put(binding(1, NOW_MS + 60_000, 0));
        }
        final ByteBuffer record = ByteBuffer.allocate(BindingStore.RECORD_HEADER + 16);
        record.putInt(16).putInt(0).put((byte)9).put((byte)1).putShort((short)0).putLong(HOME_HIGH).putLong(1);
        final CRC32C crc = new CRC32C();
        crc.update(record.array(), 8, record.capacity() - 8);
        record.putInt(4, (int)crc.getValue());
        Files.write(journal(), record.array(), StandardOpenOption.APPEND);
        try (BindingStore store = reopen())
        {
            assertEquals(1, store.recover(NOW_MS).size());
            assertEquals(1, count(StoreCounter.RECOVERY_BAD_RECORD));
            assertEquals(0, count(StoreCounter.RECOVERY_CRC_MISMATCH), "the CRC was good");
        }
    }

    @Test
    void writeFailureIsCountedAndRepairedByTheNextCompaction() throws IOException
    {
        final Path blocker = dir.resolve("store").resolve("bindings.snapshot.tmp");
        Files.createDirectories(blocker.resolve("x"));
        try (BindingStore store = reopen())
        {
            assertTrue(store.recover(NOW_MS).isEmpty());
            assertEquals(1, count(StoreCounter.WRITE_FAILED), "the snapshot could not be written");
            store.put(binding(1, NOW_MS + 60_000, 0));
            assertEquals(1, store.doWork(0), "compaction retried (and failed again)");
            assertEquals(2, count(StoreCounter.WRITE_FAILED));
            Files.delete(blocker.resolve("x"));
            Files.delete(blocker);
            assertEquals(1, store.doWork(MS));
            assertEquals(2, count(StoreCounter.WRITE_FAILED));
            assertEquals(0, store.doWork(2 * MS), "nothing left to do");
        }
        try (BindingStore store = reopen())
        {
            assertEquals(List.of(binding(1, NOW_MS + 60_000, 0)), store.recover(NOW_MS));
        }
    }

    @Test
    void badFileHeaderIsCountedAndIgnored() throws IOException
    {
        Files.createDirectories(dir.resolve("store"));
        Files.write(dir.resolve("store").resolve(BindingStore.SNAPSHOT_FILE), "not a store file at all".getBytes());
        try (BindingStore store = reopen())
        {
            assertTrue(store.recover(NOW_MS).isEmpty());
            assertEquals(1, count(StoreCounter.RECOVERY_BAD_FILE));
        }
    }

    @Test
    void expiredBindingsAreDroppedAtRecovery() throws IOException
    {
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            store.put(binding(1, NOW_MS + 10_000, 0));
            store.put(binding(2, NOW_MS + 20_000, 0));
            store.put(binding(3, NOW_MS + 20_001, 0));
        }
        try (BindingStore store = reopen())
        {
            assertEquals(List.of(binding(3, NOW_MS + 20_001, 0)), store.recover(NOW_MS + 20_000));
            assertEquals(2, count(StoreCounter.RECOVERY_EXPIRED));
        }
        try (BindingStore store = reopen())
        {
            assertEquals(1, store.recover(NOW_MS).size(), "expired bindings are gone from disk too");
            assertEquals(2, count(StoreCounter.RECOVERY_EXPIRED));
        }
    }

    @Test
    void replayingAnOldJournalOverANewerSnapshotIsHarmless() throws IOException
    {
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            store.put(binding(1, NOW_MS + 60_000, 0));
            store.put(binding(2, NOW_MS + 60_000, 0));
            store.remove(HOME_HIGH, 1);
            store.put(binding(3, NOW_MS + 60_000, 0));
        }
        final byte[] oldJournal = Files.readAllBytes(journal());
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
        }
        // A crash after the snapshot's rename but before the journal's truncation leaves exactly this.
        Files.write(journal(), oldJournal);
        try (BindingStore store = reopen())
        {
            assertEquals(List.of(binding(2, NOW_MS + 60_000, 0), binding(3, NOW_MS + 60_000, 0)),
                sorted(store.recover(NOW_MS)));
        }
    }

    @Test
    void tooLargeBindingIsNotStored() throws IOException
    {
        try (BindingStore store = reopen())
        {
            store.recover(NOW_MS);
            store.put(binding(1, NOW_MS + 60_000, 0));
            store.put(binding(1, NOW_MS + 60_000, 4000));
            assertEquals(0, store.size());
        }
        assertEquals(1, count(StoreCounter.DROP_TOO_LARGE));
        try (BindingStore store = reopen())
        {
            assertTrue(store.recover(NOW_MS).isEmpty(), "the older record of that home address was removed");
        }
    }

    @Test
    void hundredThousandBindingsRecover() throws IOException
    {
        final int n = 100_000;
        final long writeStart = System.nanoTime();
        try (BindingStore store = BindingStore.open(dir.resolve("store"), counters))
        {
            store.recover(NOW_MS);
            for (int i = 0; i < n; i++)
            {
                store.put(binding(i, NOW_MS + 60_000, i % 3));
            }
            store.doWork(0);
            store.doWork(BindingStore.DEFAULT_FORCE_INTERVAL_NS);
        }
        final long writeNs = System.nanoTime() - writeStart;
        final long journalBytes = Files.size(journal());
        final long recoverStart = System.nanoTime();
        final List<StoredBinding> recovered;
        try (BindingStore store = BindingStore.open(dir.resolve("store"), counters))
        {
            recovered = store.recover(NOW_MS);
        }
        final long recoverNs = System.nanoTime() - recoverStart;
        final long compactStart = System.nanoTime();
        try (BindingStore store = BindingStore.open(dir.resolve("store"), counters))
        {
            assertEquals(n, store.recover(NOW_MS).size());
        }
        System.out.printf("binding store: %d puts %.1f ms (journal %d bytes); recovery from journal %.1f ms " +
            "(incl. snapshot rewrite); recovery from snapshot %.1f ms%n", n, writeNs / 1e6, journalBytes,
            recoverNs / 1e6, (System.nanoTime() - compactStart) / 1e6);
        assertEquals(n, recovered.size());
        final Set<StoredBinding> expected = Set.of(binding(0, NOW_MS + 60_000, 0), binding(n - 1, NOW_MS + 60_000,
            (n - 1) % 3));
        assertTrue(recovered.containsAll(expected));
        assertFalse(count(StoreCounter.WRITE_FAILED) > 0);
    }
}
