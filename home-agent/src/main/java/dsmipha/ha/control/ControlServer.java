package dsmipha.ha.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

import dsmipha.common.counters.CounterSlots;
import dsmipha.slowpath.SignalingAgent;
import dsmipha.slowpath.control.BindingCursor;
import dsmipha.slowpath.control.BindingDump;
import dsmipha.slowpath.control.BindingDumpDuty;
import dsmipha.slowpath.control.BindingQuery;
import dsmipha.slowpath.control.ControlCounter;

/**
 * The home agent's local control socket: a UNIX-domain stream socket, mode 0600, in the instance folder beside
 * counters.dat. One platform thread ("control", daemon) accepts connections one at a time, reads one request line
 * (at most 4 KiB, within {@link Timeouts#readNs}), hands the query to the slowpath thread through a bounded queue and
 * writes the answer the slowpath produces in pages. It never touches slowpath state: the binding cache is read on
 * the slowpath thread by the {@link BindingDumpDuty} this server creates.
 * <pre>
 *   client ─ "bindings format=json home=2001:db8:b::/48\n" ─► control thread ─ BindingDump ─► query queue (2)
 *                                                                                 │ full: {"status":"busy"}
 *   client ◄─ pages of lines ◄── control thread ◄── chunks (4 per dump) ◄── BindingDumpDuty (slowpath thread)
 *   answer:  zero or more data lines, then one status line:
 *            {"status":"ok","count":N} | {"status":"busy"} | {"status":"bad-request","message":"..."}
 *            | {"status":"error","message":"..."}
 * </pre>
 * A socket file left by a dead instance is replaced at start; one that still answers is refused. The socket is
 * bound under a temporary name, made owner-only and then renamed into place, so it is never reachable with wider
 * permissions.
 */
public final class ControlServer implements AutoCloseable
{
    /** The socket's file name in the instance folder. */
    public static final String SOCKET_NAME = "control.sock";

    private static final int CONNECTIONS = ControlCounter.CONNECTIONS.ordinal();
    private static final int ANSWERED = ControlCounter.QUERIES_ANSWERED.ordinal();
    private static final int BAD_REQUEST = ControlCounter.REJECT_BAD_REQUEST.ordinal();
    private static final int TOO_LONG = ControlCounter.REJECT_TOO_LONG.ordinal();
    private static final int READ_TIMEOUT = ControlCounter.REJECT_READ_TIMEOUT.ordinal();
    private static final int BUSY = ControlCounter.REJECT_BUSY.ordinal();
    private static final int CLIENT_GONE = ControlCounter.ABORT_CLIENT_GONE.ordinal();
    private static final int WRITE_TIMEOUT = ControlCounter.ABORT_WRITE_TIMEOUT.ordinal();
    private static final int SLOWPATH_TIMEOUT = ControlCounter.ABORT_SLOWPATH_TIMEOUT.ordinal();
    private static final long IDLE_PARK_NS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long LINGER_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long LINGER_MAX_OCTETS = 1 << 20;

    /**
     * How long the control thread waits for each party.
     *
     * @param readNs     for the whole request line after the connection is accepted.
     * @param writeNs    for the client to take any part of the answer.
     * @param slowpathNs for the slowpath to produce the next page.
     */
    public record Timeouts(long readNs, long writeNs, long slowpathNs)
    {
        /** 2 s to send the request, 10 s without reading, 10 s without a page from the slowpath. */
        public static final Timeouts DEFAULT =
            new Timeouts(TimeUnit.SECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(10));
    }

    private final Path socketPath;
    private final OneToOneConcurrentArrayQueue<BindingDump> queries =
        new OneToOneConcurrentArrayQueue<>(BindingDumpDuty.QUERY_QUEUE_CAPACITY);
    private final BindingDumpDuty duty;
    private final CounterSlots counters;
    private final Timeouts timeouts;
    private final ByteBuffer request = ByteBuffer.allocate(BindingQuery.MAX_LINE_LENGTH);
    private ServerSocketChannel server;
    private Selector selector;
    private Object socketFileKey;
    private Thread thread;
    private volatile boolean running;

    /**
     * Create the server and its slowpath duty; nothing is bound until {@link #start()}.
     *
     * @param socketPath       where the socket goes (the instance folder's {@link #SOCKET_NAME}).
     * @param cursor           the walk over the binding cache the duty answers from.
     * @param slowpathCounters slots over {@link ControlCounter} for the duty (slowpath thread).
     * @param controlCounters  slots over {@link ControlCounter} for this server's thread.
     * @param timeouts         how long to wait for clients and the slowpath.
     */
    public ControlServer(
        final Path socketPath,
        final BindingCursor cursor,
        final CounterSlots slowpathCounters,
        final CounterSlots controlCounters,
        final Timeouts timeouts)
    {
        this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
        this.duty = new BindingDumpDuty(queries, cursor, slowpathCounters);
        this.counters = controlCounters;
        this.timeouts = timeouts;
    }

    /**
     * @return the duty to add to the signaling agent ({@link SignalingAgent#addDuty}) before it starts.
     */
    public SignalingAgent.Duty duty()
    {
        return duty;
    }

    /**
     * @return the socket's path.
     */
    public Path socketPath()
    {
        return socketPath;
    }

    /**
     * @return true while the control thread serves the socket.
     */
    public boolean isRunning()
    {
        return running;
    }

    /**
     * Bind the socket and start the control thread.
     *
     * @throws IOException when the socket cannot be bound, or another instance answers on it.
     */
    public void start() throws IOException
    {
        replaceStaleSocket();
        final Path staging = socketPath.resolveSibling(SOCKET_NAME + "." + ProcessHandle.current().pid() + ".new");
        Files.deleteIfExists(staging);
        final ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try
        {
            channel.bind(UnixDomainSocketAddress.of(staging));
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rw-------"));
            Files.move(staging, socketPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            socketFileKey = fileKey(socketPath);
            selector = Selector.open();
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            Files.deleteIfExists(staging);
            throw ex;
        }
        server = channel;
        running = true;
        thread = Thread.ofPlatform().name("control").daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * Start, or say on standard error why the control socket is unavailable and run without it.
     *
     * @return true when the socket is served.
     */
    public boolean startOrWarn()
    {
        try
        {
            start();
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("dsmip-ha: WARNING: no control socket at " + socketPath + " (" + ex.getMessage() +
                "): 'dsmip-ha bindings' will not reach this instance");
            return false;
        }
    }

    /**
     * Stop the control thread, close the socket and remove its file (if it is still this server's).
     */
    @Override
    public void close()
    {
        running = false;
        closeQuietly(server);
        if (thread != null)
        {
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(selector);
        try
        {
            if (socketFileKey != null && socketFileKey.equals(fileKey(socketPath)))
            {
                Files.deleteIfExists(socketPath);
            }
        }
        catch (final IOException ignored)
        {
            // Gone already.
        }
    }

    private void run()
    {
        while (running)
        {
            final SocketChannel client;
            try
            {
                client = server.accept();
            }
            catch (final IOException ex)
            {
                if (running)
                {
                    System.err.println("dsmip-ha: control socket: " + ex.getMessage());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
                continue;
            }
            serve(client);
        }
    }

    private void serve(final SocketChannel client)
    {
        counters.increment(CONNECTIONS);
        try
        {
            client.configureBlocking(false);
            final SelectionKey key = client.register(selector, SelectionKey.OP_READ);
            try
            {
                final String line = readLine(client, key);
                if (line != null)
                {
                    answer(client, key, line);
                }
                // Counted before the client sees the end of its answer.
                counters.publish();
                linger(client, key);
            }
            finally
            {
                key.cancel();
                selector.selectNow();
            }
        }
        catch (final IOException ex)
        {
            counters.increment(CLIENT_GONE);
        }
        finally
        {
            counters.publish();
            closeQuietly(client);
        }
    }

    private void answer(final SocketChannel client, final SelectionKey key, final String line) throws IOException
    {
        final BindingQuery query;
        try
        {
            query = BindingQuery.parse(line);
        }
        catch (final IllegalArgumentException ex)
        {
            counters.increment(BAD_REQUEST);
            writeStatus(client, key, "bad-request", ex.getMessage());
            return;
        }
        final BindingDump dump = new BindingDump(query);
        if (!queries.offer(dump))
        {
            counters.increment(BUSY);
            writeStatus(client, key, "busy", null);
            return;
        }
        try
        {
            relay(client, key, dump);
        }
        finally
        {
            dump.cancel();
        }
    }

    // Write the slowpath's pages as they come; the last one carries the status line.
    private void relay(final SocketChannel client, final SelectionKey key, final BindingDump dump) throws IOException
    {
        long lastPageNs = System.nanoTime();
        while (running)
        {
            final BindingDump.Chunk chunk = dump.poll();
            if (chunk == null)
            {
                if (System.nanoTime() - lastPageNs > timeouts.slowpathNs())
                {
                    counters.increment(SLOWPATH_TIMEOUT);
                    writeStatus(client, key, "error", "the slowpath did not answer in time");
                    return;
                }
                LockSupport.parkNanos(IDLE_PARK_NS);
                continue;
            }
            final boolean last = chunk.isLast();
            final boolean written = write(client, key,
                ByteBuffer.wrap(chunk.text().bytes(), 0, chunk.text().length()));
            dump.recycle(chunk);
            if (!written)
            {
                counters.increment(WRITE_TIMEOUT);
                return;
            }
            if (last)
            {
                counters.increment(ANSWERED);
                return;
            }
            lastPageNs = System.nanoTime();
        }
    }

    private String readLine(final SocketChannel client, final SelectionKey key) throws IOException
    {
        request.clear();
        final long deadlineNs = System.nanoTime() + timeouts.readNs();
        while (true)
        {
            final int read = client.read(request);
            if (read < 0)
            {
                counters.increment(CLIENT_GONE);
                return null;
            }
            final int newline = indexOfNewline(request);
            if (newline >= 0)
            {
                return new String(request.array(), 0, newline, StandardCharsets.US_ASCII);
            }
            if (!request.hasRemaining())
            {
                counters.increment(TOO_LONG);
                writeStatus(client, key, "bad-request", "request line over " + BindingQuery.MAX_LINE_LENGTH +
                    " octets");
                return null;
            }
            final long leftNs = deadlineNs - System.nanoTime();
            if (leftNs <= 0 || read == 0 && !await(key, SelectionKey.OP_READ, leftNs))
            {
                counters.increment(READ_TIMEOUT);
                writeStatus(client, key, "bad-request", "no request line within " +
                    TimeUnit.NANOSECONDS.toMillis(timeouts.readNs()) + " ms");
                return null;
            }
        }
    }

    // Close gently: end our side, then discard what the client still sends (an over-long line) for a moment, so
    // that closing with unread input does not reset the connection before the client read its answer.
    private void linger(final SocketChannel client, final SelectionKey key) throws IOException
    {
        client.shutdownOutput();
        final long deadlineNs = System.nanoTime() + LINGER_NS;
        long discarded = 0;
        while (discarded < LINGER_MAX_OCTETS)
        {
            request.clear();
            final int read = client.read(request);
            if (read < 0)
            {
                return;
            }
            discarded += read;
            final long leftNs = deadlineNs - System.nanoTime();
            if (leftNs <= 0 || read == 0 && !await(key, SelectionKey.OP_READ, leftNs))
            {
                return;
            }
        }
    }

    private void writeStatus(final SocketChannel client, final SelectionKey key, final String status,
        final String message) throws IOException
    {
        final StringBuilder line = new StringBuilder("{\"status\":\"").append(status).append('"');
        if (message != null)
        {
            line.append(",\"message\":\"");
            escapeJson(message, line);
            line.append('"');
        }
        line.append("}\n");
        write(client, key, ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private boolean write(final SocketChannel client, final SelectionKey key, final ByteBuffer bytes)
        throws IOException
    {
        while (bytes.hasRemaining())
        {
            if (client.write(bytes) == 0 && !await(key, SelectionKey.OP_WRITE, timeouts.writeNs()))
            {
                return false;
            }
        }
        return true;
    }

    private boolean await(final SelectionKey key, final int operation, final long timeoutNs) throws IOException
    {
        key.interestOps(operation);
        selector.selectedKeys().clear();
        final int ready = selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNs)));
        if (!key.isValid())
        {
            throw new ClosedChannelException();
        }
        return ready > 0;
    }

    private void replaceStaleSocket() throws IOException
    {
        if (!Files.exists(socketPath, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        boolean answers;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socketPath)))
        {
            answers = probe.isConnected();
        }
        catch (final IOException ex)
        {
            // Nobody listens: a dead instance's socket, replaced by the rename in start().
            answers = false;
        }
        if (answers)
        {
            throw new IOException("another instance answers on " + socketPath);
        }
    }

    private static int indexOfNewline(final ByteBuffer buffer)
    {
        final byte[] bytes = buffer.array();
        for (int i = 0; i < buffer.position(); i++)
        {
            if (bytes[i] == '\n')
            {
                return i > 0 && bytes[i - 1] == '\r' ? i - 1 : i;
            }
        }
        return -1;
    }

    private static void escapeJson(final String text, final StringBuilder out)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
    }

    private static Object fileKey(final Path path) throws IOException
    {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        if (closeable == null)
        {
            return;
        }
        try
        {
            closeable.close();
        }
        catch (final Exception ignored)
        {
            // Closing on the way out.
        }
    }
}
