package dsmipha.common.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Lines appended to a file (opened with O_APPEND, so lines of a restarted instance follow the old ones). Rotation
 * without {@code copytruncate}: logrotate renames the file, then signals the home agent, whose {@link #reopen()}
 * (via {@link EventLog#reopen()}) opens a new file at the same path; nothing is lost between the two because the
 * old descriptor keeps writing to the renamed file until then.
 */
public final class FileLogSink implements LogSink
{
    private final Path path;
    private final StringBuilder pending = new StringBuilder(4096);
    private FileChannel channel;

    /**
     * @param path the log file.
     * @throws IOException when it cannot be opened.
     */
    public FileLogSink(final Path path) throws IOException
    {
        this.path = path;
        this.channel = open(path);
    }

    @Override
    public void write(final CharSequence line)
    {
        pending.append(line).append('\n');
    }

    @Override
    public void flush() throws IOException
    {
        if (pending.isEmpty())
        {
            return;
        }
        final ByteBuffer bytes = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
        pending.setLength(0);
        while (bytes.hasRemaining())
        {
            channel.write(bytes);
        }
    }

    @Override
    public void reopen() throws IOException
    {
        flush();
        final FileChannel next = open(path);
        channel.close();
        channel = next;
    }

    @Override
    public void close()
    {
        try
        {
            flush();
        }
        catch (final IOException ignore)
        {
            // Nowhere left to report a failure of the log itself; WRITE_ERROR counts the earlier ones.
        }
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Closing a file we only appended to: nothing to recover.
        }
    }

    /**
     * @return the file's path.
     */
    public Path path()
    {
        return path;
    }

    private static FileChannel open(final Path path) throws IOException
    {
        final Path parent = path.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    }
}
