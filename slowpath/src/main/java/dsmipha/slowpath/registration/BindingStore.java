package dsmipha.slowpath.registration;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import dsmipha.common.counters.CounterSlots;

/**
 * Durable binding cache: bindings (and through them the pool leases) survive a restart of the home agent. One
 * thread only: the binding store agent's ({@code dsmipha.slowpath.BindingStoreAgent}) once it runs, the starting
 * thread before (recovery). The signaling thread never calls it: it encodes PUT bodies with
 * {@link #encodePutBody} into a ring the agent drains into {@link #stagePut} and {@link #stageRemove}.
 * <p>
 * Two files in one directory, both a 16-byte file header followed by records:
 * <pre>
 *   bindings.snapshot   every live binding as a PUT, written whole by compaction (tmp file, fsync, atomic rename)
 *   bindings.journal    PUT and REMOVE records appended since that snapshot
 *
 *   File header (16 bytes, big-endian)
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |                 magic "DSMIPBS\0" (8 octets)                   |
 *   |                                                               |
 *   +-------------------------------+-------------------------------+
 *   |     format version (1)        |  kind (1 snapshot, 2 journal) |
 *   +-------------------------------+-------------------------------+
 *   |                       reserved (0)                            |
 *   +---------------------------------------------------------------+
 *
 *   Record (12-byte header + body, big-endian)
 *   +---------------------------------------------------------------+
 *   |                  body length in octets (u32)                  |
 *   +---------------------------------------------------------------+
 *   |     CRC32C of octets 8 .. end of body (type, version, body)    |
 *   +---------------+---------------+-------------------------------+
 *   | type 1 PUT    | version (1)   |         reserved (0)          |
 *   |      2 REMOVE |               |                               |
 *   +---------------+---------------+-------------------------------+
 *   |  body: REMOVE = home address (16); PUT = {@link #PUT_FIXED_BODY} + 17 per mobile network prefix:
 *   |   0 home (16) | 16 care-of (16) | 32 HA address (16) | 48 expiry epoch ms (8) | 56 binding id (8)
 *   |  64 peer MAC (6) | 70 local MAC (6) | 76 NAT peer IPv4 (4) | 80 local IPv4 (4) | 84 IPv4 home address (4)
 *   |  88 IPv4 prefix (4) | 92 NAT peer port (2) | 94 local port (2) | 96 port index (2) | 98 BU flags (2)
 *   | 100 sequence (2) | 102 transport (1) | 103 IPv4 HoA length | 0x80 dynamic (1)
 *   | 104 IPv4 prefix length | 0x80 dynamic (1) | 105 reserved (1) | 106 prefix count n (2)
 *   | 108 n x { prefix (16) | length (1) }
 *   +---------------------------------------------------------------+
 * </pre>
 * <b>Durability window.</b> {@link #put} and {@link #remove} write the record to the journal at once ({@code pwrite},
 * into the OS page cache); {@link #stagePut} and {@link #stageRemove} collect records in a batch that
 * {@link #flush} (or the next {@link #doWork}) writes with one {@code pwrite}. Once written, a crash or kill of the
 * process loses nothing. {@link #doWork} calls {@code fsync} once the oldest unforced record is
 * {@code forceIntervalNs} old, so a power loss or kernel crash loses at most the records of the last
 * {@code forceIntervalNs} plus one duty cycle and one fsync. Compaction runs in {@link #doWork} when the journal holds
 * more than {@code max(compactMinRecords, 2 x live bindings)} records; it stalls the calling thread (the store agent,
 * never the signaling thread) for the time it takes to write all live bindings.
 * <p>
 * <b>Live bindings</b> are kept as their encoded PUT records (header and CRC included) in an open-addressing map
 * keyed on the two halves of the home address: a refresh overwrites its record's octets in place (no allocation
 * unless the number of mobile network prefixes changed), and compaction writes those octets without re-encoding.
 * <p>
 * <b>Recovery</b> reads the snapshot, then replays the journal over it (replay is idempotent, so a crash between the
 * snapshot's rename and the journal's truncation is harmless). Reading a file stops at its first torn or corrupt
 * record (counted); bindings already expired are dropped; then a fresh snapshot is written and the journal emptied,
 * so a torn tail never sits before new records. Replay allocates only the live records it keeps (records are checked
 * in the file's buffer and copied once); the streaming recovery writes that snapshot on a thread of its own while
 * its caller restores the bindings, so a million bindings' write and fsync overlap the restore.
 * <p>
 * I/O errors never reach the caller: they are counted ({@link StoreCounter#WRITE_FAILED}) and the next duty cycle
 * rewrites the snapshot from the bindings held in memory.
 */
public final class BindingStore implements AutoCloseable
{
    /** Snapshot file name. */
    public static final String SNAPSHOT_FILE = "bindings.snapshot";
    /** Journal file name. */
    public static final String JOURNAL_FILE = "bindings.journal";
    /** Default time from the first unforced record to the fsync. */
    public static final long DEFAULT_FORCE_INTERVAL_NS = 50_000_000L;
    /** Default least number of journal records before a compaction. */
    public static final int DEFAULT_COMPACT_MIN_RECORDS = 10_000;
    /** Octets of a PUT body before the mobile network prefixes. */
    public static final int PUT_FIXED_BODY = 108;
    /** Octets of a REMOVE body (the home address). */
    public static final int REMOVE_BODY = 16;
    /** Octets of one mobile network prefix in a PUT body. */
    public static final int PREFIX_OCTETS = 17;
    /** Longest body accepted (written or read). */
    public static final int MAX_BODY = 65_536;
    /** Record type of a PUT (also the message type of a PUT body in the store agent's ring). */
    public static final int TYPE_PUT = 1;
    /** Record type of a REMOVE (also the message type of a REMOVE body in the store agent's ring). */
    public static final int TYPE_REMOVE = 2;

    static final byte[] MAGIC = {'D', 'S', 'M', 'I', 'P', 'B', 'S', 0};
    static final int FILE_HEADER = 16;
    static final int RECORD_HEADER = 12;
    static final int FORMAT_VERSION = 1;
    static final int KIND_SNAPSHOT = 1;
    static final int KIND_JOURNAL = 2;
    static final int RECORD_VERSION = 1;

    private static final String SNAPSHOT_TMP_FILE = "bindings.snapshot.tmp";
    private static final String SNAPSHOT_WRITER_THREAD = "binding-store-recovery-snapshot";
    private static final int DYNAMIC_BIT = 0x80;
    private static final long NOT_DIRTY = Long.MIN_VALUE;
    private static final int SNAPSHOT_BUFFER = 1 << 20;
    private static final int BATCH_BUFFER = 1 << 20;
    private static final int PREFIX_COUNT_OFFSET = PUT_FIXED_BODY - 2;
    private static final int EXPIRY_OFFSET = 48;
    private static final ByteOrder ORDER = ByteOrder.BIG_ENDIAN;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long MILLIS_PER_SECOND = 1_000L;
    private static final byte[] EMPTY = new byte[0];
    private static final VarHandle LONG_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ORDER);
    private static final int IPV4_HOME_LENGTH_OFFSET = 103;
    private static final int IPV4_PREFIX_LENGTH_OFFSET = 104;
    private static final int IPV4_LENGTH_MASK = 0x3F;

    private final Path directory;
    private final CounterSlots counters;
    private final long forceIntervalNs;
    private final int compactMinRecords;
    private final LiveRecords live = new LiveRecords(1024);
    private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD_HEADER + MAX_BODY);
    private final ByteBuffer batch = ByteBuffer.allocateDirect(BATCH_BUFFER);
    private final CRC32C crc = new CRC32C();
    private volatile Runnable compactionHook;
    private FileChannel journal;
    private long journalPosition;
    private int journalRecords;
    private int batchRecords;
    private int batchPuts;
    private int batchRemoves;
    private boolean unforced;
    private long unforcedSinceNs = NOT_DIRTY;
    private boolean compactionRequested;
    private boolean recovered;

    private BindingStore(
        final Path directory, final CounterSlots counters, final long forceIntervalNs, final int compactMinRecords)
    {
        this.directory = directory;
        this.counters = counters;
        this.forceIntervalNs = forceIntervalNs;
        this.compactMinRecords = compactMinRecords;
    }

    /**
     * Open (creating the directory if needed) with the default force interval and compaction threshold. Nothing is
     * read or written until {@link #recover(long)}.
     *
     * @param directory where the snapshot and journal live.
     * @param counters  slots over {@link StoreCounter}, owned by the thread that will run the store.
     * @return the store.
     * @throws IOException when the directory cannot be created.
     */
    public static BindingStore open(final Path directory, final CounterSlots counters) throws IOException
    {
        return open(directory, counters, DEFAULT_FORCE_INTERVAL_NS, DEFAULT_COMPACT_MIN_RECORDS);
    }

    /**
     * Open (creating the directory if needed). Nothing is read or written until {@link #recover(long)}.
     *
     * @param directory         where the snapshot and journal live.
     * @param counters          slots over {@link StoreCounter}, owned by the thread that will run the store.
     * @param forceIntervalNs   fsync the journal this long after its first unforced record (the durability window).
     * @param compactMinRecords compact once the journal holds this many records (and twice the live bindings).
     * @return the store.
     * @throws IOException when the directory cannot be created.
     */
    public static BindingStore open(
        final Path directory, final CounterSlots counters, final long forceIntervalNs, final int compactMinRecords)
        throws IOException
    {
        if (forceIntervalNs < 0 || compactMinRecords < 1)
        {
            throw new IllegalArgumentException("force interval must be >= 0 and compaction threshold >= 1");
        }
        Files.createDirectories(directory);
        return new BindingStore(directory, counters, forceIntervalNs, compactMinRecords);
    }

    /**
     * Run this before every compaction, on the thread that compacts (tests and tools: which thread, how often; an
     * exception it throws aborts that compaction, which is retried at the next duty cycle).
     *
     * @param hook what to run, or null for nothing.
     */
    public void compactionHook(final Runnable hook)
    {
        this.compactionHook = hook;
    }

    /**
     * Read what the last run left and drop expired bindings (see <b>Recovery</b> in the class comment for what is
     * written). Call once (this or the streaming {@link #recover(long, long, BindingRecord, RecoveredBindingHandler)},
     * which allocates no object per binding), before any {@link #put} or {@link #remove}.
     *
     * @param nowEpochMs wall-clock now: bindings expiring at or before it are dropped (a restart never extends a
     *                   lifetime).
     * @return the live bindings, in no particular order.
     */
    public List<StoredBinding> recover(final long nowEpochMs)
    {
        replayFiles();
        dropExpired(nowEpochMs);
        counters.add(StoreCounter.RECOVERED.ordinal(), live.size());
        final List<StoredBinding> bindings = new ArrayList<>(live.size());
        for (int i = 0; i < live.capacity(); i++)
        {
            final byte[] stored = live.recordAt(i);
            if (stored != null)
            {
                bindings.add(decodePut(ByteBuffer.wrap(stored, RECORD_HEADER, stored.length - RECORD_HEADER).slice()));
            }
        }
        compactNow();
        return bindings;
    }

    /**
     * Receives the bindings of {@link #recover(long, long, BindingRecord, RecoveredBindingHandler)}, one at a time
     * in one reused record.
     */
    @FunctionalInterface
    public interface RecoveredBindingHandler
    {
        /**
         * Called once before the first binding with the number that follows (to size tables once).
         *
         * @param bindings live, unexpired bindings about to be handed over.
         */
        default void onRecoveryStart(final int bindings)
        {
        }

        /**
         * One live, unexpired binding. The record is the caller's scratch record, overwritten by the next binding:
         * copy what must be kept.
         *
         * @param record the binding (tunnel fields zero: derive them, {@link RegistrationProcessor#deriveTunnel}).
         */
        void onBinding(BindingRecord record);
    }

    /**
     * Recover without a per-binding object: read what the last run left, drop expired bindings and hand every live
     * one to the handler decoded into {@code scratch} (the caller's reused record), on the processor's clock:
     * {@code expiryNs = nowNs + (expiryEpochMs - nowEpochMs) x 10^6}, {@code lifetimeSeconds} the whole seconds left,
     * tunnel fields zero. Call once (this or {@link #recover(long)}), before any {@link #put} or {@link #remove}.
     * <p>
     * The files end as {@link #recover(long)} leaves them (a fresh snapshot, an empty journal), but the snapshot is
     * written and forced by a thread of its own while the handler runs, so its writing and fsync overlap the
     * restore instead of preceding it; the call returns once both are done. The compaction hook runs on the calling
     * thread first.
     *
     * @param nowEpochMs wall-clock now: bindings expiring at or before it are dropped (a restart never extends a
     *                   lifetime).
     * @param nowNs      the processor's clock now.
     * @param scratch    the record each binding is decoded into (its mobile network prefix arrays are reused).
     * @param handler    receives each binding.
     * @return bindings handed to the handler.
     */
    public int recover(
        final long nowEpochMs, final long nowNs, final BindingRecord scratch, final RecoveredBindingHandler handler)
    {
        replayFiles();
        dropExpired(nowEpochMs);
        counters.add(StoreCounter.RECOVERED.ordinal(), live.size());
        final int count = live.size();
        handler.onRecoveryStart(count);
        final Throwable[] failure = new Throwable[1];
        final Thread snapshotWriter = startRecoveryCompaction(failure);
        try
        {
            final UnsafeBuffer view = new UnsafeBuffer(EMPTY);
            for (int i = 0; i < live.capacity(); i++)
            {
                final byte[] stored = live.recordAt(i);
                if (stored != null)
                {
                    view.wrap(stored);
                    decodeInto(view, RECORD_HEADER, scratch, nowNs, nowEpochMs);
                    handler.onBinding(scratch);
                }
            }
        }
        finally
        {
            joinRecoveryCompaction(snapshotWriter, failure);
        }
        return count;
    }

    /**
     * Store a binding (new or changed), replacing any with the same home address, and write it at once. The record
     * reaches the page cache now and the disk within the durability window. A binding too large for one record is not
     * stored (and any older record of its home address is removed), counted as {@link StoreCounter#DROP_TOO_LARGE}.
     *
     * @param binding the binding.
     */
    public void put(final StoredBinding binding)
    {
        requireRecovered();
        if (encodePut(binding))
        {
            final int bodyLength = record.limit() - RECORD_HEADER;
            final byte[] stored = live.slotFor(binding.homeHigh(), binding.homeLow(), RECORD_HEADER + bodyLength);
            record.get(0, stored);
            stageRecord(stored, TYPE_PUT);
        }
        else
        {
            counters.increment(StoreCounter.DROP_TOO_LARGE.ordinal());
            stageRemove(binding.homeHigh(), binding.homeLow());
        }
        flush();
    }

    /**
     * Forget a binding (deregistered or expired) and write that at once.
     *
     * @param homeHigh IPv6 home address octets 0..7.
     * @param homeLow  octets 8..15.
     */
    public void remove(final long homeHigh, final long homeLow)
    {
        requireRecovered();
        stageRemove(homeHigh, homeLow);
        flush();
    }

    /**
     * Take an encoded PUT body (as {@link #encodePutBody} writes it) into the live bindings and the next batch: the
     * journal sees it at the next {@link #flush} or {@link #doWork}. No allocation unless the binding is new or its
     * number of mobile network prefixes changed.
     *
     * @param body   buffer holding the body.
     * @param offset its offset.
     * @param length its length.
     * @return false (nothing stored) when the body is not a well-formed PUT body.
     */
    public boolean stagePut(final DirectBuffer body, final int offset, final int length)
    {
        requireRecovered();
        if (length < PUT_FIXED_BODY || length > MAX_BODY ||
            length != PUT_FIXED_BODY + PREFIX_OCTETS * (body.getShort(offset + PREFIX_COUNT_OFFSET, ORDER) & 0xFFFF))
        {
            return false;
        }
        final byte[] stored = live.slotFor(body.getLong(offset, ORDER), body.getLong(offset + 8, ORDER),
            RECORD_HEADER + length);
        body.getBytes(offset, stored, RECORD_HEADER, length);
        sealRecord(stored, TYPE_PUT);
        stageRecord(stored, TYPE_PUT);
        return true;
    }

    /**
     * Forget a binding in the live bindings and add a REMOVE to the next batch (nothing when it is not stored).
     *
     * @param homeHigh IPv6 home address octets 0..7.
     * @param homeLow  octets 8..15.
     */
    public void stageRemove(final long homeHigh, final long homeLow)
    {
        requireRecovered();
        if (live.remove(homeHigh, homeLow))
        {
            record.clear();
            record.position(RECORD_HEADER);
            record.putLong(homeHigh).putLong(homeLow);
            finishRecord(TYPE_REMOVE);
            if (batch.remaining() < record.remaining())
            {
                flush();
            }
            batch.put(record);
            batchRecords++;
            batchRemoves++;
        }
    }

    /**
     * Write the staged records to the journal with one positional write.
     *
     * @return records written.
     */
    public int flush()
    {
        if (batchRecords == 0)
        {
            return 0;
        }
        final int written = batchRecords;
        batch.flip();
        if (journal == null)
        {
            compactionRequested = true;
        }
        else
        {
            writeBatch();
        }
        batch.clear();
        batchRecords = 0;
        batchPuts = 0;
        batchRemoves = 0;
        return written;
    }

    /**
     * Write staged records, batched fsync and compaction; call every duty cycle.
     *
     * @param nowNs monotonic now.
     * @return units of work done (batches written, fsyncs and compactions).
     */
    public int doWork(final long nowNs)
    {
        if (!recovered)
        {
            return 0;
        }
        int work = flush() > 0 ? 1 : 0;
        if (unforced)
        {
            if (unforcedSinceNs == NOT_DIRTY)
            {
                unforcedSinceNs = nowNs;
            }
            if (nowNs - unforcedSinceNs >= forceIntervalNs)
            {
                force();
                work++;
            }
        }
        if (compactionRequested || journalRecords >= Math.max(compactMinRecords, 2 * live.size()))
        {
            compactNow();
            work++;
        }
        return work;
    }

    /**
     * @return number of live bindings held.
     */
    public int size()
    {
        return live.size();
    }

    /**
     * @return records appended to the journal since the last snapshot.
     */
    public int journalRecords()
    {
        return journalRecords;
    }

    /**
     * Write a snapshot of every live binding and empty the journal (an orderly shutdown's last step, so the next
     * start reads one file instead of replaying the journal). Nothing happens when the journal holds no record.
     * Store thread only, or after it stopped.
     *
     * @return whether a snapshot was written.
     */
    public boolean snapshot()
    {
        flush();
        if (journal == null || journalRecords() == 0)
        {
            return false;
        }
        compactNow();
        return true;
    }

    /** Write what is staged, force the journal and close it. */
    @Override
    public void close()
    {
        flush();
        if (journal != null)
        {
            if (unforced)
            {
                force();
            }
            try
            {
                journal.close();
            }
            catch (final IOException ex)
            {
                counters.increment(StoreCounter.WRITE_FAILED.ordinal());
            }
            journal = null;
        }
    }

    /**
     * Length of a PUT body with this many mobile network prefixes.
     *
     * @param prefixCount mobile network prefixes.
     * @return octets; over {@link #MAX_BODY} when such a binding cannot be stored.
     */
    public static int putBodyLength(final int prefixCount)
    {
        return PUT_FIXED_BODY + PREFIX_OCTETS * prefixCount;
    }

    /**
     * Encode a binding as a PUT body (the layout in the class comment, big-endian) without allocating: what the
     * signaling thread writes into the store agent's ring. The caller checks {@link #putBodyLength} against
     * {@link #MAX_BODY} and the room it has. The IPv4 home address is stored with prefix length 32.
     *
     * @param buffer        where to write.
     * @param offset        where the body starts.
     * @param binding       the binding.
     * @param expiryEpochMs its wall-clock expiry.
     * @return octets written.
     */
    public static int encodePutBody(
        final MutableDirectBuffer buffer, final int offset, final BindingRecord binding, final long expiryEpochMs)
    {
        final ReplyPath path = binding.path;
        final int count = binding.mobileNetworkPrefixCount;
        buffer.putLong(offset, binding.homeHigh, ORDER);
        buffer.putLong(offset + 8, binding.homeLow, ORDER);
        buffer.putLong(offset + 16, binding.careOfHigh, ORDER);
        buffer.putLong(offset + 24, binding.careOfLow, ORDER);
        buffer.putLong(offset + 32, binding.localHigh, ORDER);
        buffer.putLong(offset + 40, binding.localLow, ORDER);
        buffer.putLong(offset + EXPIRY_OFFSET, expiryEpochMs, ORDER);
        buffer.putLong(offset + 56, Integer.toUnsignedLong(binding.bindingId), ORDER);
        putMac(buffer, offset + 64, path.peerMac);
        putMac(buffer, offset + 70, path.localMac);
        buffer.putInt(offset + 76, path.peerIpv4, ORDER);
        buffer.putInt(offset + 80, path.localIpv4, ORDER);
        buffer.putInt(offset + 84, binding.ipv4Home, ORDER);
        buffer.putInt(offset + 88, binding.ipv4PrefixNetwork, ORDER);
        buffer.putShort(offset + 92, (short)path.peerUdpPort, ORDER);
        buffer.putShort(offset + 94, (short)path.localUdpPort, ORDER);
        buffer.putShort(offset + 96, (short)path.port, ORDER);
        buffer.putShort(offset + 98, (short)binding.flags, ORDER);
        buffer.putShort(offset + 100, (short)binding.sequence, ORDER);
        buffer.putByte(offset + 102, (byte)path.transport);
        buffer.putByte(offset + 103, (byte)((binding.ipv4Home != 0 ? 32 : 0) |
            (binding.ipv4HomeDynamic ? DYNAMIC_BIT : 0)));
        buffer.putByte(offset + 104, (byte)((binding.ipv4PrefixLength & 0x3F) |
            (binding.ipv4PrefixDynamic ? DYNAMIC_BIT : 0)));
        buffer.putByte(offset + 105, (byte)0);
        buffer.putShort(offset + PREFIX_COUNT_OFFSET, (short)count, ORDER);
        int position = offset + PUT_FIXED_BODY;
        for (int i = 0; i < count; i++)
        {
            buffer.putLong(position, binding.mobileNetworkPrefixHigh[i], ORDER);
            buffer.putLong(position + 8, binding.mobileNetworkPrefixLow[i], ORDER);
            buffer.putByte(position + 16, (byte)binding.mobileNetworkPrefixLength[i]);
            position += PREFIX_OCTETS;
        }
        return position - offset;
    }

    private static void putMac(final MutableDirectBuffer buffer, final int offset, final long mac)
    {
        buffer.putShort(offset, (short)(mac >>> 32), ORDER);
        buffer.putInt(offset + 2, (int)mac, ORDER);
    }

    private void requireRecovered()
    {
        if (!recovered)
        {
            throw new IllegalStateException("call recover() before writing the binding store");
        }
    }

    private void stageRecord(final byte[] stored, final int type)
    {
        if (batch.remaining() < stored.length)
        {
            flush();
        }
        batch.put(stored);
        batchRecords++;
        if (type == TYPE_PUT)
        {
            batchPuts++;
        }
        else
        {
            batchRemoves++;
        }
    }

    private void writeBatch()
    {
        final long start = journalPosition;
        try
        {
            long position = start;
            while (batch.hasRemaining())
            {
                position += journal.write(batch, position);
            }
            journalPosition = position;
            journalRecords += batchRecords;
            unforced = true;
            counters.add(StoreCounter.PUT_WRITTEN.ordinal(), batchPuts);
            counters.add(StoreCounter.REMOVE_WRITTEN.ordinal(), batchRemoves);
        }
        catch (final IOException ex)
        {
            writeFailed();
            truncateQuietly(start);
        }
    }

    private void force()
    {
        try
        {
            journal.force(false);
            counters.increment(StoreCounter.FORCED.ordinal());
        }
        catch (final IOException ex)
        {
            writeFailed();
        }
        unforced = false;
        unforcedSinceNs = NOT_DIRTY;
    }

    private void writeFailed()
    {
        counters.increment(StoreCounter.WRITE_FAILED.ordinal());
        compactionRequested = true;
    }

    private void truncateQuietly(final long size)
    {
        try
        {
            journal.truncate(size);
        }
        catch (final IOException ignored)
        {
            // the compaction requested by writeFailed() rewrites the journal
        }
    }

    private void compactNow()
    {
        flush();
        final Runnable hook = compactionHook;
        if (hook != null)
        {
            compactionRequested = true;
            hook.run();
        }
        try
        {
            writeSnapshot();
            resetJournal();
            compactionRequested = false;
            counters.increment(StoreCounter.COMPACTED.ordinal());
        }
        catch (final IOException ex)
        {
            writeFailed();
        }
    }

    private void writeSnapshot() throws IOException
    {
        final Path tmp = directory.resolve(SNAPSHOT_TMP_FILE);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer snapshot = ByteBuffer.allocateDirect(SNAPSHOT_BUFFER);
            putFileHeader(snapshot, KIND_SNAPSHOT);
            for (int i = 0; i < live.capacity(); i++)
            {
                final byte[] stored = live.recordAt(i);
                if (stored != null)
                {
                    if (snapshot.remaining() < stored.length)
                    {
                        drain(out, snapshot);
                    }
                    snapshot.put(stored);
                }
            }
            drain(out, snapshot);
            out.force(true);
        }
        final Path snapshot = directory.resolve(SNAPSHOT_FILE);
        try
        {
            Files.move(tmp, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(tmp, snapshot, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    private void resetJournal() throws IOException
    {
        if (journal == null)
        {
            journal = FileChannel.open(directory.resolve(JOURNAL_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        }
        journal.truncate(0);
        final ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
        putFileHeader(header, KIND_JOURNAL);
        header.flip();
        long position = 0;
        while (header.hasRemaining())
        {
            position += journal.write(header, position);
        }
        journal.force(true);
        journalPosition = position;
        journalRecords = 0;
        unforced = false;
        unforcedSinceNs = NOT_DIRTY;
    }

    private void forceDirectory()
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
        catch (final IOException ex)
        {
            // some platforms cannot open a directory; the rename is still atomic there
        }
    }

    private static void drain(final FileChannel out, final ByteBuffer buffer) throws IOException
    {
        buffer.flip();
        while (buffer.hasRemaining())
        {
            out.write(buffer);
        }
        buffer.clear();
    }

    private static void putFileHeader(final ByteBuffer buffer, final int kind)
    {
        buffer.put(MAGIC).putShort((short)FORMAT_VERSION).putShort((short)kind).putInt(0);
    }

    private boolean encodePut(final StoredBinding binding)
    {
        final List<StoredBinding.MobileNetworkPrefix> prefixes = binding.mobileNetworkPrefixes();
        if (putBodyLength(prefixes.size()) > MAX_BODY)
        {
            return false;
        }
        record.clear();
        record.position(RECORD_HEADER);
        record.putLong(binding.homeHigh()).putLong(binding.homeLow())
            .putLong(binding.careOfHigh()).putLong(binding.careOfLow())
            .putLong(binding.haHigh()).putLong(binding.haLow())
            .putLong(binding.expiryEpochMs()).putLong(binding.bindingId());
        putMac(binding.peerMac());
        putMac(binding.localMac());
        record.putInt(binding.natPeerIpv4()).putInt(binding.localIpv4())
            .putInt(binding.ipv4HomeAddress()).putInt(binding.ipv4PrefixNetwork())
            .putShort((short)binding.natPeerPort()).putShort((short)binding.localPort())
            .putShort((short)binding.portIndex()).putShort((short)binding.flags())
            .putShort((short)binding.lastSequence())
            .put((byte)binding.transport())
            .put((byte)(binding.ipv4HomePrefixLength() | (binding.ipv4HomeDynamic() ? DYNAMIC_BIT : 0)))
            .put((byte)(binding.ipv4PrefixLength() | (binding.ipv4PrefixDynamic() ? DYNAMIC_BIT : 0)))
            .put((byte)0)
            .putShort((short)prefixes.size());
        for (int i = 0; i < prefixes.size(); i++)
        {
            final StoredBinding.MobileNetworkPrefix prefix = prefixes.get(i);
            record.putLong(prefix.high()).putLong(prefix.low()).put((byte)prefix.length());
        }
        finishRecord(TYPE_PUT);
        return true;
    }

    private void putMac(final long mac)
    {
        record.putShort((short)(mac >>> 32)).putInt((int)mac);
    }

    private void finishRecord(final int type)
    {
        final int end = record.position();
        record.putInt(0, end - RECORD_HEADER);
        record.put(8, (byte)type).put(9, (byte)RECORD_VERSION).putShort(10, (short)0);
        crc.reset();
        crc.update(record.duplicate().limit(end).position(8));
        record.putInt(4, (int)crc.getValue());
        record.limit(end).position(0);
    }

    private void sealRecord(final byte[] stored, final int type)
    {
        final int bodyLength = stored.length - RECORD_HEADER;
        putIntBigEndian(stored, 0, bodyLength);
        stored[8] = (byte)type;
        stored[9] = (byte)RECORD_VERSION;
        stored[10] = 0;
        stored[11] = 0;
        crc.reset();
        crc.update(stored, 8, stored.length - 8);
        putIntBigEndian(stored, 4, (int)crc.getValue());
    }

    private static void putIntBigEndian(final byte[] bytes, final int offset, final int value)
    {
        bytes[offset] = (byte)(value >>> 24);
        bytes[offset + 1] = (byte)(value >>> 16);
        bytes[offset + 2] = (byte)(value >>> 8);
        bytes[offset + 3] = (byte)value;
    }

    private void replayFiles()
    {
        if (recovered)
        {
            throw new IllegalStateException("recover() runs once");
        }
        recovered = true;
        replay(directory.resolve(SNAPSHOT_FILE), KIND_SNAPSHOT);
        replay(directory.resolve(JOURNAL_FILE), KIND_JOURNAL);
    }

    // Bindings expiring at or before now are forgotten (a restart never extends a lifetime).
    private void dropExpired(final long nowEpochMs)
    {
        final LongArrayList expired = new LongArrayList();
        for (int i = 0; i < live.capacity(); i++)
        {
            final byte[] stored = live.recordAt(i);
            if (stored != null && getLong(stored, RECORD_HEADER + EXPIRY_OFFSET) <= nowEpochMs)
            {
                expired.addLong(getLong(stored, RECORD_HEADER));
                expired.addLong(getLong(stored, RECORD_HEADER + 8));
            }
        }
        for (int i = 0; i < expired.size(); i += 2)
        {
            live.remove(expired.getLong(i), expired.getLong(i + 1));
            counters.increment(StoreCounter.RECOVERY_EXPIRED.ordinal());
        }
    }

    // The compaction that ends a recovery, its writing on a thread of its own while the caller restores: the hook
    // runs here, then the thread writes the snapshot from the live records (which nobody changes until the join)
    // and empties the journal.
    private Thread startRecoveryCompaction(final Throwable[] failure)
    {
        flush();
        final Runnable hook = compactionHook;
        if (hook != null)
        {
            compactionRequested = true;
            hook.run();
        }
        final Thread thread = new Thread(() ->
        {
            try
            {
                writeSnapshot();
                resetJournal();
            }
            catch (final IOException | RuntimeException ex)
            {
                failure[0] = ex;
            }
        }, SNAPSHOT_WRITER_THREAD);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void joinRecoveryCompaction(final Thread thread, final Throwable[] failure)
    {
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        if (failure[0] == null)
        {
            compactionRequested = false;
            counters.increment(StoreCounter.COMPACTED.ordinal());
        }
        else
        {
            writeFailed();
        }
    }

    private static long getLong(final byte[] bytes, final int offset)
    {
        return (long)LONG_BIG_ENDIAN.get(bytes, offset);
    }

    // A PUT body (checked by replay) as a binding on the processor's clock; tunnel fields zero.
    private static void decodeInto(
        final DirectBuffer body, final int offset, final BindingRecord record, final long nowNs, final long nowEpochMs)
    {
        final ReplyPath path = record.path;
        record.homeHigh = body.getLong(offset, ORDER);
        record.homeLow = body.getLong(offset + 8, ORDER);
        record.careOfHigh = body.getLong(offset + 16, ORDER);
        record.careOfLow = body.getLong(offset + 24, ORDER);
        record.localHigh = body.getLong(offset + 32, ORDER);
        record.localLow = body.getLong(offset + 40, ORDER);
        final long remainingMs = body.getLong(offset + EXPIRY_OFFSET, ORDER) - nowEpochMs;
        record.expiryNs = nowNs + remainingMs * NANOS_PER_MILLI;
        record.lifetimeSeconds = (int)Math.max(0, Math.min(Integer.MAX_VALUE, remainingMs / MILLIS_PER_SECOND));
        record.bindingId = (int)body.getLong(offset + 56, ORDER);
        path.peerMac = getMac(body, offset + 64);
        path.localMac = getMac(body, offset + 70);
        path.peerIpv4 = body.getInt(offset + 76, ORDER);
        path.localIpv4 = body.getInt(offset + 80, ORDER);
        record.ipv4Home = body.getInt(offset + 84, ORDER);
        record.ipv4PrefixNetwork = body.getInt(offset + 88, ORDER);
        path.peerUdpPort = body.getShort(offset + 92, ORDER) & 0xFFFF;
        path.localUdpPort = body.getShort(offset + 94, ORDER) & 0xFFFF;
        path.port = body.getShort(offset + 96, ORDER) & 0xFFFF;
        record.flags = body.getShort(offset + 98, ORDER) & 0xFFFF;
        record.sequence = body.getShort(offset + 100, ORDER) & 0xFFFF;
        path.transport = body.getByte(offset + 102) & 0xFF;
        record.ipv4HomeDynamic = (body.getByte(offset + 103) & DYNAMIC_BIT) != 0;
        final int prefixLength = body.getByte(offset + 104) & 0xFF;
        record.ipv4PrefixLength = prefixLength & ~DYNAMIC_BIT;
        record.ipv4PrefixDynamic = (prefixLength & DYNAMIC_BIT) != 0;
        record.replyHigh = 0;
        record.replyLow = 0;
        record.tunnelIpv4 = 0;
        record.natUdpPort = 0;
        record.natDetected = false;
        record.variantIpv6 = 0;
        record.variantIpv4 = 0;
        record.refreshRequestSent = false;
        final int count = body.getShort(offset + PREFIX_COUNT_OFFSET, ORDER) & 0xFFFF;
        record.mobileNetworkPrefixCount = 0;
        int position = offset + PUT_FIXED_BODY;
        for (int i = 0; i < count; i++)
        {
            record.addMobileNetworkPrefix(body.getLong(position, ORDER), body.getLong(position + 8, ORDER),
                body.getByte(position + 16) & 0xFF);
            position += PREFIX_OCTETS;
        }
    }

    private static long getMac(final DirectBuffer body, final int offset)
    {
        return ((body.getShort(offset, ORDER) & 0xFFFFL) << 32) | (body.getInt(offset + 2, ORDER) & 0xFFFF_FFFFL);
    }

    private void replay(final Path file, final int kind)
    {
        if (!Files.exists(file))
        {
            return;
        }
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            counters.increment(StoreCounter.RECOVERY_BAD_FILE.ordinal());
            return;
        }
        if (bytes.length == 0)
        {
            return;
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        if (!validFileHeader(in, kind))
        {
            counters.increment(bytes.length < FILE_HEADER ? StoreCounter.RECOVERY_TORN.ordinal() :
                StoreCounter.RECOVERY_BAD_FILE.ordinal());
            return;
        }
        // Size the live map once: a snapshot holds one record per binding; a journal at least one per two (it is
        // compacted at twice the live bindings), so half its records never over-allocate.
        final int recordsAtMost = (bytes.length - FILE_HEADER) / (RECORD_HEADER + PUT_FIXED_BODY);
        live.ensureCapacity(live.size() + (kind == KIND_SNAPSHOT ? recordsAtMost : recordsAtMost / 2));
        replayRecords(in, bytes);
    }

    private static boolean validFileHeader(final ByteBuffer in, final int kind)
    {
        if (in.remaining() < FILE_HEADER)
        {
            return false;
        }
        for (final byte b : MAGIC)
        {
            if (in.get() != b)
            {
                return false;
            }
        }
        final int version = in.getShort();
        final int fileKind = in.getShort();
        in.getInt();
        return version == FORMAT_VERSION && fileKind == kind;
    }

    // Apply records until the first torn, corrupt or malformed one (counted); the buffer's position is left at the
    // end of the last good record. Returns the records applied.
    private int replayRecords(final ByteBuffer in, final byte[] bytes)
    {
        int records = 0;
        while (in.hasRemaining())
        {
            final int start = in.position();
            if (in.remaining() < RECORD_HEADER)
            {
                counters.increment(StoreCounter.RECOVERY_TORN.ordinal());
                return records;
            }
            final int length = in.getInt(start);
            if (length < 0 || length > MAX_BODY)
            {
                counters.increment(StoreCounter.RECOVERY_CRC_MISMATCH.ordinal());
                return records;
            }
            if (in.remaining() < RECORD_HEADER + length)
            {
                counters.increment(StoreCounter.RECOVERY_TORN.ordinal());
                return records;
            }
            crc.reset();
            crc.update(bytes, start + 8, RECORD_HEADER - 8 + length);
            if ((int)crc.getValue() != in.getInt(start + 4))
            {
                counters.increment(StoreCounter.RECOVERY_CRC_MISMATCH.ordinal());
                return records;
            }
            if (!applyRecord(bytes, start, length))
            {
                counters.increment(StoreCounter.RECOVERY_BAD_RECORD.ordinal());
                return records;
            }
            in.position(start + RECORD_HEADER + length);
            records++;
        }
        return records;
    }

    // Checked without allocating: the same rules as decoding into a StoredBinding.
    private boolean applyRecord(final byte[] bytes, final int start, final int bodyLength)
    {
        final int type = bytes[start + 8];
        if (bytes[start + 9] != RECORD_VERSION)
        {
            return false;
        }
        final int body = start + RECORD_HEADER;
        if (type == TYPE_REMOVE && bodyLength == REMOVE_BODY)
        {
            live.remove(getLong(bytes, body), getLong(bytes, body + 8));
            return true;
        }
        if (type == TYPE_PUT && isValidPutBody(bytes, body, bodyLength))
        {
            final byte[] stored = live.slotFor(getLong(bytes, body), getLong(bytes, body + 8),
                RECORD_HEADER + bodyLength);
            System.arraycopy(bytes, start, stored, 0, stored.length);
            return true;
        }
        return false;
    }

    // What StoredBinding accepts: the length its prefix count gives, 6-bit IPv4 prefix lengths, prefixes 0..128.
    private static boolean isValidPutBody(final byte[] bytes, final int body, final int length)
    {
        if (length < PUT_FIXED_BODY)
        {
            return false;
        }
        final int count = ((bytes[body + PREFIX_COUNT_OFFSET] & 0xFF) << 8) |
            (bytes[body + PREFIX_COUNT_OFFSET + 1] & 0xFF);
        if (length != putBodyLength(count) ||
            (bytes[body + IPV4_HOME_LENGTH_OFFSET] & ~DYNAMIC_BIT & 0xFF) > IPV4_LENGTH_MASK ||
            (bytes[body + IPV4_PREFIX_LENGTH_OFFSET] & ~DYNAMIC_BIT & 0xFF) > IPV4_LENGTH_MASK)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            if ((bytes[body + PUT_FIXED_BODY + i * PREFIX_OCTETS + 16] & 0xFF) > 128)
            {
                return false;
            }
        }
        return true;
    }

    private static StoredBinding decodePut(final ByteBuffer body)
    {
        final int count = body.getShort(body.position() + PREFIX_COUNT_OFFSET) & 0xFFFF;
        if (body.remaining() != putBodyLength(count))
        {
            return null;
        }
        final long homeHigh = body.getLong();
        final long homeLow = body.getLong();
        final long careOfHigh = body.getLong();
        final long careOfLow = body.getLong();
        final long haHigh = body.getLong();
        final long haLow = body.getLong();
        final long expiry = body.getLong();
        final long bindingId = body.getLong();
        final long peerMac = getMac(body);
        final long localMac = getMac(body);
        final int natPeerIpv4 = body.getInt();
        final int localIpv4 = body.getInt();
        final int ipv4Home = body.getInt();
        final int ipv4Prefix = body.getInt();
        final int natPeerPort = body.getShort() & 0xFFFF;
        final int localPort = body.getShort() & 0xFFFF;
        final int portIndex = body.getShort() & 0xFFFF;
        final int flags = body.getShort() & 0xFFFF;
        final int sequence = body.getShort() & 0xFFFF;
        final int transport = body.get() & 0xFF;
        final int homeLength = body.get() & 0xFF;
        final int prefixLength = body.get() & 0xFF;
        body.get();
        body.getShort();
        final List<StoredBinding.MobileNetworkPrefix> prefixes = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final long high = body.getLong();
            final long low = body.getLong();
            final int length = body.get() & 0xFF;
            if (length > 128)
            {
                return null;
            }
            prefixes.add(new StoredBinding.MobileNetworkPrefix(high, low, length));
        }
        try
        {
            return new StoredBinding(homeHigh, homeLow, careOfHigh, careOfLow, transport, natPeerIpv4, natPeerPort,
                localIpv4, localPort, portIndex, peerMac, localMac, haHigh, haLow,
                ipv4Home, homeLength & ~DYNAMIC_BIT, (homeLength & DYNAMIC_BIT) != 0,
                ipv4Prefix, prefixLength & ~DYNAMIC_BIT, (prefixLength & DYNAMIC_BIT) != 0,
                prefixes, flags, sequence, expiry, bindingId);
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static long getMac(final ByteBuffer body)
    {
        return ((body.getShort() & 0xFFFFL) << 32) | (body.getInt() & 0xFFFF_FFFFL);
    }

    /**
     * Live bindings: home address (two longs) to its encoded PUT record, open addressing with linear probing and
     * backward-shift deletion (no tombstones), grown at 2/3 load. Allocates only when it grows or a record's length
     * changes.
     */
    static final class LiveRecords
    {
        private long[] highs;
        private long[] lows;
        private byte[][] records;
        private int mask;
        private int size;
        private int resizeAt;

        LiveRecords(final int initialCapacity)
        {
            allocate(Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1));
        }

        int size()
        {
            return size;
        }

        int capacity()
        {
            return records.length;
        }

        void ensureCapacity(final int records)
        {
            int capacity = this.records.length;
            while (records > capacity / 3 * 2 && capacity < 1 << 30)
            {
                capacity <<= 1;
            }
            if (capacity != this.records.length)
            {
                rehash(capacity);
            }
        }

        byte[] recordAt(final int index)
        {
            return records[index];
        }

        byte[] get(final long high, final long low)
        {
            final int index = find(high, low);
            return index >= 0 ? records[index] : null;
        }

        /**
         * The record array of a home address, exactly {@code length} long: the existing one when its length matches,
         * otherwise a new one (its content is the caller's to write).
         */
        byte[] slotFor(final long high, final long low, final int length)
        {
            int index = home(high, low);
            while (records[index] != null)
            {
                if (highs[index] == high && lows[index] == low)
                {
                    if (records[index].length != length)
                    {
                        records[index] = new byte[length];
                    }
                    return records[index];
                }
                index = (index + 1) & mask;
            }
            highs[index] = high;
            lows[index] = low;
            final byte[] created = new byte[length];
            records[index] = created;
            if (++size > resizeAt)
            {
                grow();
            }
            return created;
        }

        boolean remove(final long high, final long low)
        {
            int hole = find(high, low);
            if (hole < 0)
            {
                return false;
            }
            records[hole] = null;
            size--;
            int index = (hole + 1) & mask;
            while (records[index] != null)
            {
                final int wanted = home(highs[index], lows[index]);
                if (((index - wanted) & mask) >= ((index - hole) & mask))
                {
                    highs[hole] = highs[index];
                    lows[hole] = lows[index];
                    records[hole] = records[index];
                    records[index] = null;
                    hole = index;
                }
                index = (index + 1) & mask;
            }
            return true;
        }

        private int find(final long high, final long low)
        {
            int index = home(high, low);
            while (records[index] != null)
            {
                if (highs[index] == high && lows[index] == low)
                {
                    return index;
                }
                index = (index + 1) & mask;
            }
            return -1;
        }

        private int home(final long high, final long low)
        {
            long hash = (high * 0x9E37_79B9_7F4A_7C15L) ^ low;
            hash = (hash ^ (hash >>> 32)) * 0xD6E8_FEB8_6659_FD93L;
            return (int)(hash ^ (hash >>> 32)) & mask;
        }

        private void grow()
        {
            rehash(records.length << 1);
        }

        private void rehash(final int capacity)
        {
            final long[] oldHighs = highs;
            final long[] oldLows = lows;
            final byte[][] oldRecords = records;
            allocate(capacity);
            for (int i = 0; i < oldRecords.length; i++)
            {
                if (oldRecords[i] != null)
                {
                    int index = home(oldHighs[i], oldLows[i]);
                    while (records[index] != null)
                    {
                        index = (index + 1) & mask;
                    }
                    highs[index] = oldHighs[i];
                    lows[index] = oldLows[i];
                    records[index] = oldRecords[i];
                }
            }
        }

        private void allocate(final int capacity)
        {
            highs = new long[capacity];
            lows = new long[capacity];
            records = new byte[capacity][];
            mask = capacity - 1;
            resizeAt = capacity / 3 * 2;
        }
    }
}
