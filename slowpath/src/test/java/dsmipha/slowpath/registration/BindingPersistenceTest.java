package dsmipha.slowpath.registration;

import static dsmipha.slowpath.registration.RegistrationFixture.COA2_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.COA_HIGH;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_HIGH;
import static dsmipha.slowpath.registration.RegistrationFixture.HOME_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.OTHER_HOME_LOW;
import static dsmipha.slowpath.registration.RegistrationFixture.SECOND;
import static dsmipha.slowpath.registration.RegistrationFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.slowpath.BindingPersistence;

/**
 * The binding store off the signaling thread ({@link BindingPersistence}): Binding Updates through a real
 * {@link RegistrationProcessor}, their changes through the ring and the binding-store agent's thread to disk, read
 * back by a fresh store, by a restarted processor and by the independent Python decoder.
 */
class BindingPersistenceTest
{
    private static final long NOW_MS = 1_790_000_000_000L;
    private static final long LIFETIME_MS = 60_000;
    private static final String STORE_THREAD = "binding-store";
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path DECODER = Path.of("src/test/python/binding_store_decode.py");
    private static final EpochClock EPOCH_CLOCK = () -> NOW_MS;

    @TempDir
    Path dir;
    private CountersFile countersFile;
    private CounterSlots storeCounters;
    private CounterSlots signalingCounters;
    private final List<RegistrationFixture> fixtures = new ArrayList<>();
    private final List<String> compactionThreads = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp()
    {
        countersFile = CountersFile.create(dir.resolve("store-counters.dat"), 128, "t", 1, 0);
        storeCounters = new CounterSlots(countersFile, StoreCounter.values(), 0, "binding-store");
        signalingCounters = new CounterSlots(countersFile, StoreCounter.values(), 0, "slowpath");
    }

    @AfterEach
    void tearDown()
    {
        fixtures.forEach(RegistrationFixture::close);
        countersFile.close();
    }

    private RegistrationFixture fixture(final String name) throws IOException
    {
        final RegistrationFixture fixture = new RegistrationFixture(Files.createDirectories(dir.resolve(name)),
            RegistrationFixture.labConfig(), 4096);
        fixtures.add(fixture);
        return fixture;
    }

    private BindingStore store(final int compactMinRecords) throws IOException
    {
        final BindingStore store = BindingStore.open(dir.resolve("store"), storeCounters,
            BindingStore.DEFAULT_FORCE_INTERVAL_NS, compactMinRecords);
        store.compactionHook(() -> compactionThreads.add(Thread.currentThread().getName()));
        return store;
    }

    private BindingPersistence persistence(final BindingStore store, final int ringCapacity)
    {
        return new BindingPersistence(store, storeCounters, signalingCounters, EPOCH_CLOCK, ringCapacity,
            new SleepingMillisIdleStrategy(1));
    }

    private List<StoredBinding> readBack() throws IOException
    {
        try (CountersFile file = CountersFile.create(dir.resolve("read-counters.dat"), 64, "r", 1, 0);
            BindingStore store = BindingStore.open(dir.resolve("store"),
                new CounterSlots(file, StoreCounter.values(), 0, "read")))
        {
            final List<StoredBinding> bindings = new ArrayList<>(store.recover(NOW_MS));
            bindings.sort(Comparator.comparingLong(StoredBinding::homeLow));
            return bindings;
        }
    }

    private static BindingUpdateRequest request(final long homeLow, final int sequence, final int lifetimeUnits)
    {
        final BindingUpdateRequest request = RegistrationFixture.nativeRequest(sequence);
        request.homeAddressLow = homeLow;
        request.lifetimeUnits = lifetimeUnits;
        return request;
    }

    private long stored(final StoreCounter counter)
    {
        return storeCounters.get(counter.ordinal());
    }

    private long signaled(final StoreCounter counter)
    {
        return signalingCounters.get(counter.ordinal());
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(1);
        }
    }

    @Test
    void changesFromTheSignalingThreadSurviveARestart() throws Exception
    {
        final RegistrationFixture before = fixture("before");
        final BindingPersistence persistence = persistence(store(10_000), BindingPersistence.DEFAULT_RING_CAPACITY);
        assertEquals(0, persistence.recoverInto(before.processor, T0));
        before.send(request(HOME_LOW, 1, 15), T0);
        before.send(request(OTHER_HOME_LOW, 1, 15), T0);
        final BindingUpdateRequest moved = request(HOME_LOW, 2, 15);
        moved.sourceLow = COA2_LOW;
        before.send(moved, T0 + SECOND);
        before.send(request(OTHER_HOME_LOW, 2, 0), T0 + 2 * SECOND);
        assertEquals(1, before.processor.bindingCount());
        persistence.close();

        assertEquals(3, stored(StoreCounter.PUT_WRITTEN));
        assertEquals(1, stored(StoreCounter.REMOVE_WRITTEN));
        assertEquals(0, signaled(StoreCounter.RING_FULL_PUT) + signaled(StoreCounter.RING_FULL_REMOVE));
        assertFalse(compactionThreads.contains(STORE_THREAD), "no compaction needed below the threshold");
        assertJournalDecodesIndependently();

        final List<StoredBinding> bindings = readBack();
        assertEquals(1, bindings.size());
        final StoredBinding binding = bindings.get(0);
        assertEquals(HOME_HIGH, binding.homeHigh());
        assertEquals(HOME_LOW, binding.homeLow());
        assertEquals(COA_HIGH, binding.careOfHigh());
        assertEquals(COA2_LOW, binding.careOfLow(), "the refresh's new care-of address");
        assertEquals(2, binding.lastSequence());
        assertEquals(RegistrationFixture.FLAGS_AH, binding.flags());
        assertEquals(SignalingTransport.NATIVE_IPV6, binding.transport());
        assertEquals(NOW_MS + LIFETIME_MS, binding.expiryEpochMs(), "expiry relative to the refresh (15 x 4 s)");

        final RegistrationFixture after = fixture("after");
        final BindingPersistence restarted = persistence(store(10_000), BindingPersistence.DEFAULT_RING_CAPACITY);
        assertEquals(1, restarted.recoverInto(after.processor, T0 + SECOND));
        assertTrue(after.hasIpv6(HOME_HIGH, HOME_LOW));
        assertFalse(after.hasIpv6(HOME_HIGH, OTHER_HOME_LOW), "the deregistered binding stays gone");
        after.send(request(HOME_LOW, 2, 15), T0 + 2 * SECOND);
        assertEquals(135, after.lastAck().status, "sequence 2 was stored: a replay is refused (RFC 6275 §9.5.1)");
        restarted.close();
    }

    @Test
    void closeWritesWhatTheRingStillHolds() throws Exception
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final RegistrationFixture fixture = fixture("close");
        final BindingStore store = store(1);
        store.compactionHook(blockOnStoreThread(entered, release));
        final BindingPersistence persistence = persistence(store, 1 << 20);
        persistence.recoverInto(fixture.processor, T0);
        fixture.send(request(HOME_LOW, 1, 15), T0);
        fixture.send(request(HOME_LOW, 2, 15), T0);
        assertTrue(entered.await(20, TimeUnit.SECONDS), "two records of one binding start a compaction");
        final long journalBytes = Files.size(dir.resolve("store").resolve(BindingStore.JOURNAL_FILE));

        final int n = 2_000;
        final long sendStart = System.nanoTime();
        for (int i = 0; i < n; i++)
        {
            fixture.send(request(0x1000 + i, 1, 15), T0 + i);
        }
        final long sendNs = System.nanoTime() - sendStart;
        assertEquals(n + 1, fixture.processor.bindingCount());
        assertEquals(journalBytes, Files.size(dir.resolve("store").resolve(BindingStore.JOURNAL_FILE)),
            "the agent is held in its compaction: nothing of the new bindings is on disk yet");
        assertTrue(sendNs < TimeUnit.SECONDS.toNanos(10), "the signaling thread never waited for the compaction");

        final Thread closer = new Thread(persistence::close, "closer");
        closer.start();
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(closer.isAlive());
        assertEquals(0, signaled(StoreCounter.RING_FULL_PUT));
        assertEquals(n + 2, stored(StoreCounter.PUT_WRITTEN));
        assertEquals(n + 1, readBack().size(), "close() drained the ring into the journal");
        assertTrue(compactionThreads.contains(STORE_THREAD));
    }

    @Test
    void compactionRunsOnTheStoreThreadWhileSignalingGoesOn() throws Exception
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final RegistrationFixture fixture = fixture("compaction");
        final BindingStore store = store(4);
        store.compactionHook(blockOnStoreThread(entered, release));
        final BindingPersistence persistence = persistence(store, 1 << 16);
        persistence.recoverInto(fixture.processor, T0);
        final String signalingThread = Thread.currentThread().getName();
        assertEquals(List.of(signalingThread), compactionThreads, "recovery compacts on the starting thread");
        int sequence = 0;
        while (entered.getCount() > 0 && sequence < 1_000)
        {
            fixture.send(request(HOME_LOW, ++sequence, 15), T0 + sequence);
            Thread.sleep(1);
        }
        assertTrue(entered.await(20, TimeUnit.SECONDS));
        fixture.send(request(HOME_LOW, ++sequence, 15), T0 + sequence);
        assertEquals(0, fixture.lastAck().status, "a Binding Update is answered while the store compacts");
        assertEquals(List.of(signalingThread, STORE_THREAD), compactionThreads);
        release.countDown();
        persistence.close();
        assertTrue(stored(StoreCounter.COMPACTED) >= 2, "recovery's and the store thread's");
        assertEquals(sequence, readBack().get(0).lastSequence());
    }

    @Test
    void ringFullIsCountedAndTheBindingWrittenAtItsNextChange() throws Exception
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final RegistrationFixture fixture = fixture("full");
        fixture.sender.capture = false;
        final BindingStore store = store(1);
        store.compactionHook(blockOnStoreThread(entered, release));
        final BindingPersistence persistence = persistence(store, 4096);
        persistence.recoverInto(fixture.processor, T0);
        final int others = 16;
        for (int i = 0; i < others; i++)
        {
            fixture.send(request(OTHER_HOME_LOW + i, 1, 15), T0);
        }
        int sequence = 0;
        while ((entered.getCount() > 0 || signaled(StoreCounter.RING_FULL_PUT) == 0) && sequence < 20_000)
        {
            fixture.send(request(HOME_LOW, ++sequence, 15), T0 + sequence);
            if (entered.getCount() > 0)
            {
                Thread.sleep(1);
            }
        }
        assertEquals(0, fixture.sender.last.status);
        assertTrue(signaled(StoreCounter.RING_FULL_PUT) > 0, "the held agent let the 4 KiB ring fill");
        for (int i = 0; i < others; i++)
        {
            fixture.send(request(OTHER_HOME_LOW + i, 2, 0), T0 + sequence);
        }
        assertEquals(1, fixture.processor.bindingCount(), "deregistered in memory at once");
        final long deferred = signaled(StoreCounter.RING_FULL_REMOVE);
        assertTrue(deferred > 0, "REMOVEs (24 octets in the ring) found it full too");
        assertEquals(deferred, persistence.deferredRemoves());

        release.countDown();
        await(() -> persistence.doWork(0) >= 0 && persistence.deferredRemoves() == 0, "the deferred REMOVEs queued");
        assertEquals(0, persistence.deferredRemoves());
        final long droppedPuts = signaled(StoreCounter.RING_FULL_PUT);
        fixture.send(request(HOME_LOW, ++sequence, 15), T0 + sequence);
        persistence.close();
        assertEquals(droppedPuts, signaled(StoreCounter.RING_FULL_PUT), "no drop once the agent drains again");
        assertEquals(0, signaled(StoreCounter.REMOVE_LOST));

        final List<StoredBinding> bindings = readBack();
        assertEquals(1, bindings.size(), "the deferred REMOVEs reached the disk");
        assertEquals(HOME_LOW, bindings.get(0).homeLow());
        assertEquals(sequence, bindings.get(0).lastSequence(), "the next change wrote the whole binding again");
    }

    @Test
    void exceptionOnTheStoreThreadIsCountedAndTheStoreGoesOn() throws Exception
    {
        final AtomicInteger calls = new AtomicInteger();
        final RegistrationFixture fixture = fixture("error");
        final BindingStore store = store(2);
        store.compactionHook(() ->
        {
            compactionThreads.add(Thread.currentThread().getName());
            if (STORE_THREAD.equals(Thread.currentThread().getName()) && calls.incrementAndGet() == 1)
            {
                throw new IllegalStateException("injected store failure");
            }
        });
        final BindingPersistence persistence = persistence(store, 1 << 16);
        persistence.recoverInto(fixture.processor, T0);
        fixture.send(request(HOME_LOW, 1, 15), T0);
        fixture.send(request(HOME_LOW, 2, 15), T0);
        await(() -> calls.get() >= 2, "the compaction retried after the failure");
        fixture.send(request(HOME_LOW, 3, 15), T0);
        assertEquals(0, fixture.lastAck().status, "the signaling thread never saw the exception");
        persistence.close();
        assertEquals(1, stored(StoreCounter.AGENT_ERROR));
        assertEquals(2, stored(StoreCounter.COMPACTED), "recovery's and the retried one");
        assertEquals(3, readBack().get(0).lastSequence());
        final String starter = Thread.currentThread().getName();
        assertEquals(List.of(starter, STORE_THREAD, STORE_THREAD), compactionThreads);
    }

    @Test
    void steadyStateRefreshAllocatesNothingOnEitherThread() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final RegistrationFixture fixture = fixture("allocation");
        fixture.sender.capture = false;
        fixture.homeLink.capture = false;
        final BindingPersistence persistence = persistence(store(10_000), BindingPersistence.DEFAULT_RING_CAPACITY);
        persistence.recoverInto(fixture.processor, T0);
        final Thread storeThread = Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> STORE_THREAD.equals(thread.getName())).findFirst().orElseThrow();
        final long signalingId = Thread.currentThread().threadId();
        final int rounds = 20_000;
        final BindingUpdateRequest refresh = request(HOME_LOW, 0, 15);
        int sequence = 0;
        for (int i = 0; i < rounds; i++)
        {
            refresh.sequence = ++sequence;
            fixture.send(refresh, T0 + sequence);
        }
        await(() -> persistence.queuedOctets() == 0, "the warm-up drained");
        final long signalingBefore = threads.getThreadAllocatedBytes(signalingId);
        final long storeBefore = threads.getThreadAllocatedBytes(storeThread.threadId());
        for (int i = 0; i < rounds; i++)
        {
            refresh.sequence = ++sequence;
            fixture.send(refresh, T0 + sequence);
        }
        final long signalingBytes = threads.getThreadAllocatedBytes(signalingId) - signalingBefore;
        await(() -> persistence.queuedOctets() == 0, "the refreshes drained");
        final long storeBytes = threads.getThreadAllocatedBytes(storeThread.threadId()) - storeBefore;
        persistence.close();
        System.out.printf("binding persistence: %d refreshes allocated %d bytes on the signaling thread, %d " +
            "on the binding-store thread%n", rounds, signalingBytes, storeBytes);
        assertEquals(2L * rounds, stored(StoreCounter.PUT_WRITTEN));
        assertTrue(signalingBytes < 1024, "signaling thread allocated " + signalingBytes + " bytes");
        assertTrue(storeBytes < rounds, "store thread allocated " + storeBytes + " bytes");
    }

    private Runnable blockOnStoreThread(final CountDownLatch entered, final CountDownLatch release)
    {
        return () ->
        {
            compactionThreads.add(Thread.currentThread().getName());
            if (STORE_THREAD.equals(Thread.currentThread().getName()))
            {
                entered.countDown();
                try
                {
                    release.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private void assertJournalDecodesIndependently() throws IOException, InterruptedException
    {
        final boolean present = Files.isExecutable(Path.of(PYTHON)) && Files.exists(DECODER);
        if (!present && "true".equals(System.getenv("CI")))
        {
            throw new AssertionError("CI must have " + PYTHON);
        }
        Assumptions.assumeTrue(present, PYTHON + " not found");
        final Process process = new ProcessBuilder(PYTHON, DECODER.toString(),
            dir.resolve("store").resolve(BindingStore.JOURNAL_FILE).toString()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        final JsonNode journal = new ObjectMapper().readTree(output);
        assertTrue(journal.get("stop").isNull(), output);
        final JsonNode records = journal.get("records");
        assertEquals(4, records.size(), output);
        assertEquals("PUT", records.get(0).get("type").asText());
        assertEquals("2001:db8:a::100", records.get(0).get("home").asText());
        assertEquals("2001:db8:c::5", records.get(0).get("careOf").asText());
        assertEquals("2001:db8:a::1", records.get(0).get("ha").asText());
        assertEquals(1, records.get(0).get("sequence").asInt());
        assertEquals(RegistrationFixture.FLAGS_AH, records.get(0).get("flags").asInt());
        assertEquals(NOW_MS + LIFETIME_MS, records.get(0).get("expiryEpochMs").asLong());
        assertEquals("2001:db8:a::200", records.get(1).get("home").asText());
        assertEquals("2001:db8:c::6", records.get(2).get("careOf").asText());
        assertEquals(2, records.get(2).get("sequence").asInt());
        assertEquals("REMOVE", records.get(3).get("type").asText());
        assertEquals("2001:db8:a::200", records.get(3).get("home").asText());
    }
}
