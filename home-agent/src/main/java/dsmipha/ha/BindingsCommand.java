package dsmipha.ha;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dsmipha.ha.control.ControlServer;
import dsmipha.slowpath.control.AddressFilter;
import dsmipha.slowpath.control.BindingQuery;

/**
 * {@code dsmip-ha bindings}: the binding cache of a running instance, read through its control socket
 * ({@link ControlServer}): a table by default, JSON Lines with {@code --json}. Exit status 0 when answered (also
 * when no binding matches), 1 when the instance does not run or does not answer, 2 on bad usage.
 * <pre>
 *   request:  bindings format=table|json [home=...] [care-of=...] [limit=N]
 *   answer:   data lines, copied to standard output; then one status line, not printed:
 *             {"status":"ok","count":N}      exit 0
 *             {"status":"bad-request",...}   exit 2
 *             {"status":"busy"} | error       exit 1
 * </pre>
 */
@Command(name = "bindings", mixinStandardHelpOptions = true,
    description = "Show the binding cache of a running instance (table, or JSON Lines with --json). " +
        "Exit status 0 answered, 1 not running, 2 bad usage.")
public final class BindingsCommand implements Callable<Integer>
{
    /** Exit status: answered. */
    public static final int EXIT_OK = 0;
    /** Exit status: no instance answers on the socket. */
    public static final int EXIT_NOT_RUNNING = 1;
    /** Exit status: bad usage. */
    public static final int EXIT_USAGE = 2;

    private static final String STATUS_PREFIX = "{\"status\":";
    private static final long ANSWER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    @Option(names = "--instance", defaultValue = "default", description = "Instance name.")
    String instance;

    @Option(names = "--dir", description = "Counters folder (default /dev/shm/dsmip-ha-USER).")
    Path dir;

    @Option(names = "--socket", description = "Control socket path (default DIR/INSTANCE/control.sock).")
    Path socket;

    @Option(names = "--home", paramLabel = "ADDR[/LEN]",
        description = "IPv6 or IPv4 home address, or a prefix: bindings whose home address, mobile network " +
            "prefixes or IPv4 home prefix lie in it.")
    String home;

    @Option(names = "--care-of", paramLabel = "ADDR[/LEN]",
        description = "Care-of address (IPv6 or IPv4) or NAT-mapped public address, or a prefix.")
    String careOf;

    @Option(names = "--json", description = "One JSON object per binding per line (JSON Lines).")
    boolean json;

    @Option(names = "--limit", defaultValue = "0", description = "Show at most N bindings (0: all).")
    long limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final BindingQuery query;
        try
        {
            query = new BindingQuery(json ? BindingQuery.Format.JSON : BindingQuery.Format.TABLE,
                home == null ? null : AddressFilter.parse(home), careOf == null ? null : AddressFilter.parse(careOf),
                limit);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("dsmip-ha bindings: " + ex.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        final Path path = socketPath();
        if (!Files.exists(path))
        {
            err.println("dsmip-ha bindings: no control socket at " + path + ": is the home agent running?");
            err.flush();
            return EXIT_NOT_RUNNING;
        }
        try
        {
            return ask(path, query, out, err);
        }
        catch (final IOException ex)
        {
            err.println("dsmip-ha bindings: cannot reach the control socket at " + path + " (" + ex.getMessage() +
                "): is the home agent running?");
            err.flush();
            return EXIT_NOT_RUNNING;
        }
        finally
        {
            out.flush();
        }
    }

    /**
     * @return the control socket this command asks.
     */
    Path socketPath()
    {
        if (socket != null)
        {
            return socket;
        }
        final Path folder = dir != null ? dir : HomeAgentConfig.defaultCountersDir();
        return folder.resolve(instance).resolve(ControlServer.SOCKET_NAME);
    }

    private static int ask(final Path path, final BindingQuery query, final PrintWriter out, final PrintWriter err)
        throws IOException
    {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            Selector selector = Selector.open())
        {
            channel.connect(UnixDomainSocketAddress.of(path));
            channel.write(ByteBuffer.wrap((query.toLine() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            final SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            final StringBuilder line = new StringBuilder();
            long deadlineNs = System.nanoTime() + ANSWER_TIMEOUT_NS;
            while (true)
            {
                final int read = channel.read(buffer);
                if (read < 0)
                {
                    err.println("dsmip-ha bindings: the answer from " + path + " ended without its status line");
                    err.flush();
                    return EXIT_NOT_RUNNING;
                }
                if (read == 0)
                {
                    final long leftNs = deadlineNs - System.nanoTime();
                    if (leftNs <= 0 || selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs))) == 0)
                    {
                        err.println("dsmip-ha bindings: no answer from " + path + " in time");
                        err.flush();
                        return EXIT_NOT_RUNNING;
                    }
                    selector.selectedKeys().clear();
                    continue;
                }
                deadlineNs = System.nanoTime() + ANSWER_TIMEOUT_NS;
                buffer.flip();
                final Integer exit = lines(buffer, line, out, err);
                buffer.clear();
                if (exit != null)
                {
                    key.cancel();
                    return exit;
                }
            }
        }
    }

    // Copy complete data lines out; the status line ends the answer and gives the exit status.
    private static Integer lines(final ByteBuffer buffer, final StringBuilder line, final PrintWriter out,
        final PrintWriter err)
    {
        while (buffer.hasRemaining())
        {
            final char c = (char)(buffer.get() & 0xFF);
            if (c != '\n')
            {
                line.append(c);
                continue;
            }
            final String text = line.toString();
            line.setLength(0);
            if (text.startsWith(STATUS_PREFIX))
            {
                return status(text, err);
            }
            out.println(text);
        }
        return null;
    }

    private static int status(final String line, final PrintWriter err)
    {
        if (line.startsWith(STATUS_PREFIX + "\"ok\""))
        {
            return EXIT_OK;
        }
        err.println("dsmip-ha bindings: " + line);
        err.flush();
        return line.startsWith(STATUS_PREFIX + "\"bad-request\"") ? EXIT_USAGE : EXIT_NOT_RUNNING;
    }
}
