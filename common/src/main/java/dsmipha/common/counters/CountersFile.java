package dsmipha.common.counters;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The memory-mapped counters file of one running instance, see {@link CountersFileDescriptor} for the layout.
 * {@link #create} is used once by the home agent at start; {@link #openReadOnly} by tools in other processes.
 * <p>
 * Not thread safe for allocation: counters are allocated at start, before the agents run. Values are then written
 * by their single owners and read by anyone.
 */
public final class CountersFile implements AutoCloseable
{
    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final UnsafeBuffer metadata;
    private final UnsafeBuffer values;
    private final CountersManager manager;
    private final CountersReader reader;

    private CountersFile(final Path path, final MappedByteBuffer mapped, final boolean writable)
    {
        this.path = path;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, CountersFileDescriptor.HEADER_LENGTH);
        final int metadataLength = header.getInt(CountersFileDescriptor.METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(CountersFileDescriptor.VALUES_LENGTH_OFFSET);
        this.metadata = new UnsafeBuffer(mapped, CountersFileDescriptor.HEADER_LENGTH, metadataLength);
        this.values = new UnsafeBuffer(mapped, CountersFileDescriptor.HEADER_LENGTH + metadataLength, valuesLength);
        this.manager = writable ? new CountersManager(metadata, values, StandardCharsets.UTF_8) : null;
        this.reader = writable ? manager : new CountersReader(metadata, values, StandardCharsets.UTF_8);
    }

    /**
     * Create (or replace) the counters file and map it read-write.
     *
     * @param path         the file.
     * @param maxCounters  how many counters it can hold.
     * @param instanceName instance name shown by tools.
     * @param pid          process id of the owner.
     * @param nowMs        start time, epoch ms.
     * @return the mapped file.
     */
    public static CountersFile create(
        final Path path, final int maxCounters, final String instanceName, final long pid, final long nowMs)
    {
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        try
        {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create counters file " + path + ": " + ex.getMessage(), ex);
        }
        final MappedByteBuffer mapped = IoUtil.mapNewFile(
            path.toFile(), CountersFileDescriptor.fileLength(metadataLength, valuesLength));
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersFileDescriptor.HEADER_LENGTH);
        header.putInt(CountersFileDescriptor.METADATA_LENGTH_OFFSET, metadataLength);
        header.putInt(CountersFileDescriptor.VALUES_LENGTH_OFFSET, valuesLength);
        header.putLong(CountersFileDescriptor.PID_OFFSET, pid);
        header.putLong(CountersFileDescriptor.START_TIME_OFFSET, nowMs);
        header.putLong(CountersFileDescriptor.HEARTBEAT_OFFSET, nowMs);
        final byte[] name = truncate(instanceName.getBytes(StandardCharsets.UTF_8));
        header.putInt(CountersFileDescriptor.INSTANCE_NAME_OFFSET, name.length);
        header.putBytes(CountersFileDescriptor.INSTANCE_NAME_OFFSET + 4, name);
        header.putInt(CountersFileDescriptor.VERSION_OFFSET, CountersFileDescriptor.LAYOUT_VERSION);
        // The magic goes last, with a release store: a reader that sees it sees a complete header.
        header.putLongRelease(CountersFileDescriptor.MAGIC_OFFSET, CountersFileDescriptor.MAGIC);
        return new CountersFile(path, mapped, true);
    }

    /**
     * Map an existing counters file read-only (the {@code stat} side).
     *
     * @param path the file.
     * @return the mapped file.
     * @throws IllegalStateException when the file is missing, not a counters file or of another layout version.
     */
    public static CountersFile openReadOnly(final Path path)
    {
        final File file = path.toFile();
        if (!file.isFile())
        {
            throw new IllegalStateException("no counters file at " + path + ": is the home agent running?");
        }
        if (file.length() < CountersFileDescriptor.HEADER_LENGTH)
        {
            throw new IllegalStateException(path + " is too short to be a counters file");
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "counters");
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersFileDescriptor.HEADER_LENGTH);
        if (header.getLongAcquire(CountersFileDescriptor.MAGIC_OFFSET) != CountersFileDescriptor.MAGIC)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(path + " is not a dsmip-ha counters file");
        }
        final int version = header.getInt(CountersFileDescriptor.VERSION_OFFSET);
        if (version != CountersFileDescriptor.LAYOUT_VERSION)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(path + " has layout version " + version + ", this tool reads " +
                CountersFileDescriptor.LAYOUT_VERSION);
        }
        final long expected = CountersFileDescriptor.fileLength(
            header.getInt(CountersFileDescriptor.METADATA_LENGTH_OFFSET),
            header.getInt(CountersFileDescriptor.VALUES_LENGTH_OFFSET));
        if (expected != file.length())
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(path + " length " + file.length() + " does not match its header");
        }
        return new CountersFile(path, mapped, false);
    }

    /**
     * @return the manager to allocate counters with (writer side only).
     */
    public CountersManager manager()
    {
        if (manager == null)
        {
            throw new IllegalStateException("counters file opened read-only");
        }
        return manager;
    }

    /**
     * @return the reader over the counters.
     */
    public CountersReader reader()
    {
        return reader;
    }

    /**
     * Allocate one counter per descriptor for one owner.
     *
     * @param descriptors the counters, e.g. {@code FastpathCounter.values()}.
     * @param ownerIndex  owner index stored as the key (worker number).
     * @param ownerName   owner name put in front of each label, e.g. {@code worker-0}.
     * @return the counter ids, indexed like {@code descriptors}.
     */
    public int[] allocate(final CounterDescriptor[] descriptors, final int ownerIndex, final String ownerName)
    {
        final int[] ids = new int[descriptors.length];
        for (int i = 0; i < descriptors.length; i++)
        {
            ids[i] = manager().allocate(
                ownerName + ": " + descriptors[i].label(),
                descriptors[i].id(),
                keyBuffer -> keyBuffer.putInt(0, ownerIndex));
        }
        return ids;
    }

    /**
     * @return the values buffer, for counters that write their slot directly.
     */
    public UnsafeBuffer valuesBuffer()
    {
        return values;
    }

    /**
     * Store the heartbeat (release) so readers can tell a live instance from a stale file.
     *
     * @param nowMs epoch ms.
     */
    public void heartbeat(final long nowMs)
    {
        header.putLongRelease(CountersFileDescriptor.HEARTBEAT_OFFSET, nowMs);
    }

    /**
     * @return the last heartbeat, epoch ms.
     */
    public long heartbeatMs()
    {
        return header.getLongAcquire(CountersFileDescriptor.HEARTBEAT_OFFSET);
    }

    /**
     * @return process id of the instance that created the file.
     */
    public long pid()
    {
        return header.getLong(CountersFileDescriptor.PID_OFFSET);
    }

    /**
     * @return the instance's start time, epoch ms.
     */
    public long startTimeMs()
    {
        return header.getLong(CountersFileDescriptor.START_TIME_OFFSET);
    }

    /**
     * @return the instance name.
     */
    public String instanceName()
    {
        final int length = Math.min(header.getInt(CountersFileDescriptor.INSTANCE_NAME_OFFSET),
            CountersFileDescriptor.MAX_INSTANCE_NAME_LENGTH);
        final byte[] name = new byte[Math.max(0, length)];
        header.getBytes(CountersFileDescriptor.INSTANCE_NAME_OFFSET + 4, name);
        return new String(name, StandardCharsets.UTF_8);
    }

    /**
     * Read every allocated counter (tools and tests; allocates).
     *
     * @return one sample per counter, in counter id order.
     */
    public List<CounterSample> snapshot()
    {
        final List<CounterSample> samples = new ArrayList<>();
        reader.forEach((counterId, typeId, keyBuffer, label) -> samples.add(
            new CounterSample(counterId, typeId, keyBuffer.getInt(0), label, reader.getCounterValue(counterId))));
        return samples;
    }

    /**
     * @return the file's path.
     */
    public Path path()
    {
        return path;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }

    private static byte[] truncate(final byte[] name)
    {
        if (name.length <= CountersFileDescriptor.MAX_INSTANCE_NAME_LENGTH)
        {
            return name;
        }
        final byte[] truncated = new byte[CountersFileDescriptor.MAX_INSTANCE_NAME_LENGTH];
        System.arraycopy(name, 0, truncated, 0, truncated.length);
        return truncated;
    }
}
