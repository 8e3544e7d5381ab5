package dsmipha.slowpath.registration;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import dsmipha.common.counters.CounterSlots;

/**
 * Durable binding cache: bindings (and through them the pool leases) survive a restart of the home agent. Slowpath
 * thread only.
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
 * into the OS page cache), so a crash or kill of the process loses nothing. {@link #doWork} calls {@code fsync}
 * once the oldest unforced record is {@code forceIntervalNs} old, so a power loss or kernel crash loses at most
 * the records of the last {@code forceIntervalNs} plus one duty cycle and one fsync. Compaction runs in
 * {@link #doWork} when the journal holds more than {@code max(compactMinRecords, 2 x live bindings)} records; it
 * pauses the slowpath for the time it takes to write all live bindings (measured: see the store's test output).
 * <p>
 * <b>Recovery</b> reads the snapshot, then replays the journal over it (replay is idempotent, so a crash between the
 * snapshot's rename and the journal's truncation is harmless). Reading a file stops at its first torn or corrupt
 * record (counted); bindings already expired are dropped; then a fresh snapshot is written and the journal emptied,
 * so a torn tail never sits before new records.
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
    /** Longest body accepted (written or read). */
    public static final int MAX_BODY = 65_536;

    static final byte[] MAGIC = {'D', 'S', 'M', 'I', 'P', 'B', 'S', 0};
    static final int FILE_HEADER = 16;
    static final int RECORD_HEADER = 12;
    static final int FORMAT_VERSION = 1;
    static final int KIND_SNAPSHOT = 1;
    static final int KIND_JOURNAL = 2;
    static final int TYPE_PUT = 1;
    static final int TYPE_REMOVE = 2;
    static final int RECORD_VERSION = 1;

    private static final String SNAPSHOT_TMP_FILE = "bindings.snapshot.tmp";
    private static final int REMOVE_BODY = 16;
    private static final int PREFIX_OCTETS = 17;
    private static final int DYNAMIC_BIT = 0x80;
    private static final long NOT_DIRTY = Long.MIN_VALUE;
    private static final int SNAPSHOT_BUFFER = 1 << 20;

    private final Path directory;
    private final CounterSlots counters;
    private final long forceIntervalNs;
    private final int compactMinRecords;
    private final Map<HomeKey, StoredBinding> live = new HashMap<>();
    private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD_HEADER + MAX_BODY);
    private final CRC32C crc = new CRC32C();
    private FileChannel journal;
    private long journalPosition;
    private int journalRecords;
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
     * @param counters  slots over {@link StoreCounter}.
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
     * @param counters          slots over {@link StoreCounter}.
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
     * Read what the last run left, drop expired bindings, write a fresh snapshot and empty the journal. Call once,
     * before any {@link #put} or {@link #remove}.
     *
     * @param nowEpochMs wall-clock now: bindings expiring at or before it are dropped (a restart never extends a
     *                   lifetime).
     * @return the live bindings, in no particular order.
     */
    public List<StoredBinding> recover(final long nowEpochMs)
    {
        if (recovered)
        {
            throw new IllegalStateException("recover() runs once");
        }
        recovered = true;
        replay(directory.resolve(SNAPSHOT_FILE), KIND_SNAPSHOT);
        replay(directory.resolve(JOURNAL_FILE), KIND_JOURNAL);
        live.values().removeIf(binding ->
        {
            final boolean expired = binding.expiryEpochMs() <= nowEpochMs;
            if (expired)
            {
                counters.increment(StoreCounter.RECOVERY_EXPIRED.ordinal());
            }
            return expired;
        });
        counters.add(StoreCounter.RECOVERED.ordinal(), live.size());
        compactNow();
        return new ArrayList<>(live.values());
    }

    /**
     * Store a binding (new or changed), replacing any with the same home address. The record reaches the page cache
     * now and the disk within the durability window. A binding too large for one record is not stored (and any
     * older record of its home address is removed), counted as {@link StoreCounter#DROP_TOO_LARGE}.
     *
     * @param binding the binding.
     */
    public void put(final StoredBinding binding)
    {
        requireRecovered();
        if (encodePut(binding))
        {
            live.put(new HomeKey(binding.homeHigh(), binding.homeLow()), binding);
            append();
            counters.increment(StoreCounter.PUT_WRITTEN.ordinal());
        }
        else
        {
            counters.increment(StoreCounter.DROP_TOO_LARGE.ordinal());
            remove(binding.homeHigh(), binding.homeLow());
        }
    }

    /**
     * Forget a binding (deregistered or expired).
     *
     * @param homeHigh IPv6 home address octets 0..7.
     * @param homeLow  octets 8..15.
     */
    public void remove(final long homeHigh, final long homeLow)
    {
        requireRecovered();
        if (live.remove(new HomeKey(homeHigh, homeLow)) != null)
        {
            appendRemove(homeHigh, homeLow);
        }
    }

    /**
     * Batched fsync and compaction; call every duty cycle.
     *
     * @param nowNs monotonic now.
     * @return units of work done (fsyncs plus compactions).
     */
    public int doWork(final long nowNs)
    {
        if (!recovered)
        {
            return 0;
        }
        int work = 0;
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

    /** Force the journal and close it. */
    @Override
    public void close()
    {
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

    private void requireRecovered()
    {
        if (!recovered)
        {
            throw new IllegalStateException("call recover() before writing the binding store");
        }
    }

    private void appendRemove(final long homeHigh, final long homeLow)
    {
        record.clear();
        record.position(RECORD_HEADER);
        record.putLong(homeHigh).putLong(homeLow);
        finishRecord(TYPE_REMOVE);
        append();
        counters.increment(StoreCounter.REMOVE_WRITTEN.ordinal());
    }

    private void append()
    {
        if (journal == null)
        {
            compactionRequested = true;
            return;
        }
        final long start = journalPosition;
        try
        {
            long position = start;
            while (record.hasRemaining())
            {
                position += journal.write(record, position);
            }
            journalPosition = position;
            journalRecords++;
            unforced = true;
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
            final ByteBuffer batch = ByteBuffer.allocateDirect(SNAPSHOT_BUFFER);
            putFileHeader(batch, KIND_SNAPSHOT);
            for (final StoredBinding binding : live.values())
            {
                if (!encodePut(binding))
                {
                    counters.increment(StoreCounter.DROP_TOO_LARGE.ordinal());
                    continue;
                }
                if (batch.remaining() < record.remaining())
                {
                    drain(out, batch);
                }
                batch.put(record);
            }
            drain(out, batch);
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

    private static void drain(final FileChannel out, final ByteBuffer batch) throws IOException
    {
        batch.flip();
        while (batch.hasRemaining())
        {
            out.write(batch);
        }
        batch.clear();
    }

    private static void putFileHeader(final ByteBuffer buffer, final int kind)
    {
        buffer.put(MAGIC).putShort((short)FORMAT_VERSION).putShort((short)kind).putInt(0);
    }

    private boolean encodePut(final StoredBinding binding)
    {
        final List<StoredBinding.MobileNetworkPrefix> prefixes = binding.mobileNetworkPrefixes();
        if (PUT_FIXED_BODY + PREFIX_OCTETS * prefixes.size() > MAX_BODY)
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

    private void replayRecords(final ByteBuffer in, final byte[] bytes)
    {
        while (in.hasRemaining())
        {
            final int start = in.position();
            if (in.remaining() < RECORD_HEADER)
            {
                counters.increment(StoreCounter.RECOVERY_TORN.ordinal());
                return;
            }
            final int length = in.getInt(start);
            if (length < 0 || length > MAX_BODY)
            {
                counters.increment(StoreCounter.RECOVERY_CRC_MISMATCH.ordinal());
                return;
            }
            if (in.remaining() < RECORD_HEADER + length)
            {
                counters.increment(StoreCounter.RECOVERY_TORN.ordinal());
                return;
            }
            crc.reset();
            crc.update(bytes, start + 8, RECORD_HEADER - 8 + length);
            if ((int)crc.getValue() != in.getInt(start + 4))
            {
                counters.increment(StoreCounter.RECOVERY_CRC_MISMATCH.ordinal());
                return;
            }
            if (!applyRecord(in.slice(start + 8, RECORD_HEADER - 8 + length)))
            {
                counters.increment(StoreCounter.RECOVERY_BAD_RECORD.ordinal());
                return;
            }
            in.position(start + RECORD_HEADER + length);
        }
    }

    private boolean applyRecord(final ByteBuffer body)
    {
        final int type = body.get();
        final int version = body.get();
        body.getShort();
        if (version != RECORD_VERSION)
        {
            return false;
        }
        if (type == TYPE_REMOVE && body.remaining() == REMOVE_BODY)
        {
            live.remove(new HomeKey(body.getLong(), body.getLong()));
            return true;
        }
        if (type == TYPE_PUT && body.remaining() >= PUT_FIXED_BODY)
        {
            final StoredBinding binding = decodePut(body);
            if (binding != null)
            {
                live.put(new HomeKey(binding.homeHigh(), binding.homeLow()), binding);
                return true;
            }
        }
        return false;
    }

    private static StoredBinding decodePut(final ByteBuffer body)
    {
        final int count = body.getShort(body.position() + PUT_FIXED_BODY - 2) & 0xFFFF;
        if (body.remaining() != PUT_FIXED_BODY + PREFIX_OCTETS * count)
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

    private record HomeKey(long high, long low)
    {
    }
}
