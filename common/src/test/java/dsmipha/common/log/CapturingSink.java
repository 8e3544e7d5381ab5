package dsmipha.common.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the lines a log writes, in order (flushed lines only, like a real sink). Shared by the tests of every module
 * that logs (common's test-jar).
 */
public final class CapturingSink implements LogSink
{
    /** The flushed lines, in order. */
    public final List<String> lines = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    /** Reopen calls. */
    public int reopens;
    /** Whether it was closed. */
    public boolean closed;

    @Override
    public void write(final CharSequence line)
    {
        pending.add(line.toString());
    }

    @Override
    public void flush()
    {
        lines.addAll(pending);
        pending.clear();
    }

    @Override
    public void reopen()
    {
        reopens++;
    }

    @Override
    public void close()
    {
        flush();
        closed = true;
    }
}
