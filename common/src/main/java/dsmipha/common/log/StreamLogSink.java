package dsmipha.common.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines to an output stream (standard error, or a test's buffer), UTF-8, one {@code write} per flush.
 */
public final class StreamLogSink implements LogSink
{
    private final OutputStream out;
    private final boolean closeStream;
    private final StringBuilder pending = new StringBuilder(4096);

    /**
     * @param out         the stream.
     * @param closeStream true to close the stream on {@link #close()}.
     */
    public StreamLogSink(final OutputStream out, final boolean closeStream)
    {
        this.out = out;
        this.closeStream = closeStream;
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
        final byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
        pending.setLength(0);
        out.write(bytes);
        out.flush();
    }

    @Override
    public void reopen()
    {
    }

    @Override
    public void close()
    {
        try
        {
            flush();
            if (closeStream)
            {
                out.close();
            }
        }
        catch (final IOException ignore)
        {
            // Nowhere left to report a failure of the log itself; WRITE_ERROR counts the earlier ones.
        }
    }
}
