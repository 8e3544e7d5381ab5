package dsmipha.common.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where formatted lines go: standard error ({@link #stderr()}) or an appended file ({@link #file(Path)}). Used by
 * the logger thread only: {@link #write} buffers a line, {@link #flush} writes the buffered lines in one system
 * call, {@link #reopen} closes and opens the file again at its path (after logrotate moved it away).
 */
public interface LogSink extends AutoCloseable
{
    /**
     * @param line one event's line, without the newline.
     */
    void write(CharSequence line);

    /**
     * Write what is buffered.
     *
     * @throws IOException when the write fails (the buffered lines are dropped).
     */
    void flush() throws IOException;

    /**
     * Close and open the destination again (a file sink creates the file when it is gone); no-op for streams.
     *
     * @throws IOException when it cannot be opened.
     */
    void reopen() throws IOException;

    @Override
    void close();

    /**
     * @return a sink writing to the process's standard error (never closed by {@link #close()}).
     */
    static LogSink stderr()
    {
        return new StreamLogSink(new java.io.FileOutputStream(java.io.FileDescriptor.err), false);
    }

    /**
     * @param path the log file, created when missing, appended to.
     * @return the sink.
     * @throws IOException when it cannot be opened.
     */
    static LogSink file(final Path path) throws IOException
    {
        return new FileLogSink(path);
    }

    /**
     * @param config the log configuration.
     * @return its file sink, or the standard error sink when it names no path.
     * @throws IOException when the file cannot be opened.
     */
    static LogSink of(final LogConfig config) throws IOException
    {
        return config.path() == null ? stderr() : file(config.path());
    }
}
