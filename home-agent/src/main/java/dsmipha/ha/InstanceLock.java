package dsmipha.ha;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One running instance per run directory (the instance folder with its counters file and control socket) and per
 * state directory (the binding store): an exclusive {@code fcntl} lock on a {@code lock} file in each, held for the
 * instance's life and let go by the kernel when the process dies, even by kill -9, so a stale lock never blocks a
 * restart. The lock file holds the owner's pid for the error message.
 */
public final class InstanceLock implements AutoCloseable
{
    /** Name of the lock file. */
    public static final String FILE_NAME = "lock";

    private final List<FileChannel> channels = new ArrayList<>();
    private final List<FileLock> locks = new ArrayList<>();

    private InstanceLock()
    {
    }

    /**
     * Take the lock of every folder given (null entries are skipped), creating them if needed.
     *
     * @param directories the run directory, the state directory.
     * @return the held locks.
     * @throws IllegalArgumentException when another instance holds one, naming the folder and its pid.
     */
    public static InstanceLock acquire(final Path... directories)
    {
        final InstanceLock lock = new InstanceLock();
        try
        {
            for (final Path directory : directories)
            {
                if (directory != null)
                {
                    lock.take(directory);
                }
            }
            return lock;
        }
        catch (final RuntimeException ex)
        {
            lock.close();
            throw ex;
        }
    }

    private void take(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        FileChannel channel = null;
        try
        {
            Files.createDirectories(directory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                throw refused(directory, file);
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                .getBytes(StandardCharsets.US_ASCII)), 0);
            channels.add(channel);
            locks.add(lock);
        }
        catch (final OverlappingFileLockException ex)
        {
            closeQuietly(channel);
            throw refused(directory, file);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new IllegalArgumentException("cannot lock " + file + ": " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    private static IllegalArgumentException refused(final Path directory, final Path file)
    {
        String owner = "another process";
        try
        {
            final String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!pid.isEmpty())
            {
                owner = "pid " + pid;
            }
        }
        catch (final IOException | RuntimeException ignored)
        {
            // The message names the folder either way.
        }
        return new IllegalArgumentException("another home agent instance (" + owner + ") is running on " +
            directory + "; stop it first, or give this one another instance name or state directory");
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // Nothing was locked through it.
            }
        }
    }

    @Override
    public void close()
    {
        for (final FileLock lock : locks)
        {
            try
            {
                lock.release();
            }
            catch (final IOException ignored)
            {
                // Closing the channel lets it go as well.
            }
        }
        for (final FileChannel channel : channels)
        {
            closeQuietly(channel);
        }
        locks.clear();
        channels.clear();
    }
}
