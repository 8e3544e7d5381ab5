package dsmipha.common.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the lines a log writes, in order (flushed lines only, like a real sink).
 */
final class CapturingSink implements LogSink
{
    final List<String> lines = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    int reopens;
    boolean closed;

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
