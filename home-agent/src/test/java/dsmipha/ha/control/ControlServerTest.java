package dsmipha.ha.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.slowpath.control.BindingCursor;
import dsmipha.slowpath.control.ControlCounter;
import dsmipha.slowpath.registration.BindingCache;
import dsmipha.slowpath.registration.BindingRecord;

/**
 * The control socket on its own (no home agent): its file and mode, the stale-socket rule, and every way a request
 * is refused or an answer cut, each with its counter. The slowpath duty is stepped by the test, or not at all.
 */
class ControlServerTest
{
    private static final ControlServer.Timeouts SHORT = new ControlServer.Timeouts(
        TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.MILLISECONDS.toNanos(300));

    @TempDir
    Path dir;

    private CountersFile file;
    private CounterSlots controlCounters;
    private BindingCache cache;
    private ControlServer server;
    private Path socket;

    @BeforeEach
    void setUp()
    {
        file = CountersFile.create(dir.resolve("counters.dat"), 64, "t", 1, 0);
        controlCounters = new CounterSlots(file, ControlCounter.values(), 0, "control");
        cache = new BindingCache(16, 7);
        socket = dir.resolve(ControlServer.SOCKET_NAME);
        server = new ControlServer(socket, BindingCursor.over(cache),
            new CounterSlots(file, ControlCounter.values(), 0, "slowpath"), controlCounters, SHORT);
    }

    @AfterEach
    void tearDown()
    {
        server.close();
        file.close();
    }

    @Test
    void theSocketIsOwnerOnlyAndRemovedOnClose() throws IOException
    {
        server.start();
        assertTrue(server.isRunning());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        try (var listing = Files.list(dir))
        {
            assertEquals(List.of("control.sock", "counters.dat"),
                listing.map(p -> p.getFileName().toString()).sorted().toList(), "no staging file left");
        }
        server.close();
        assertFalse(Files.exists(socket));
    }

    @Test
    void aStaleSocketIsReplacedAndALiveOneRefused() throws IOException
    {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a listener leaves its file: a dead instance's socket");
        server.start();
        final Thread stepper = stepper();
        try
        {
            assertEquals(List.of("{\"status\":\"ok\",\"count\":0}"), ask("bindings\n"));
        }
        finally
        {
            stepper.interrupt();
        }
        final ControlServer second = new ControlServer(socket, BindingCursor.over(cache),
            new CounterSlots(file, ControlCounter.values(), 1, "slowpath"),
            new CounterSlots(file, ControlCounter.values(), 1, "control"), SHORT);
        final IOException refused = assertThrows(IOException.class, second::start);
        assertTrue(refused.getMessage().contains("another instance answers on " + socket), refused.getMessage());
        assertFalse(second.startOrWarn());
        second.close();
        assertTrue(Files.exists(socket), "the refused server leaves the live socket alone");
    }

    @Test
    void badRequestsAreRefusedAndCounted() throws Exception
    {
        server.start();
        assertEquals(List.of("{\"status\":\"bad-request\",\"message\":\"unknown key 'colour'\"}"),
            ask("bindings colour=red\n"));
        assertEquals(List.of("{\"status\":\"bad-request\",\"message\":\"not an IPv6 or IPv4 address: " +
            "'example.com'\"}"), ask("bindings home=example.com\n"));
        assertEquals(2, counter(ControlCounter.REJECT_BAD_REQUEST));
        final List<String> tooLong = ask("bindings " + "x".repeat(5000) + "\n");
        assertEquals(List.of("{\"status\":\"bad-request\",\"message\":\"request line over 4096 octets\"}"), tooLong);
        assertEquals(1, counter(ControlCounter.REJECT_TOO_LONG));
        final List<String> silent = ask("bindings");
        assertEquals(List.of("{\"status\":\"bad-request\",\"message\":\"no request line within 300 ms\"}"), silent);
        assertEquals(1, counter(ControlCounter.REJECT_READ_TIMEOUT));
        assertEquals(4, counter(ControlCounter.CONNECTIONS));
    }

    @Test
    void aStalledSlowpathTimesOutThenTheQueueIsFullAndAnswersBusy() throws Exception
    {
        server.start();
        final String timedOut = "{\"status\":\"error\",\"message\":\"the slowpath did not answer in time\"}";
        assertEquals(List.of(timedOut), ask("bindings\n"));
        assertEquals(List.of(timedOut), ask("bindings\n"));
        assertEquals(List.of("{\"status\":\"busy\"}"), ask("bindings\n"), "two queries wait: the queue is full");
        assertEquals(2, counter(ControlCounter.ABORT_SLOWPATH_TIMEOUT));
        assertEquals(1, counter(ControlCounter.REJECT_BUSY));

        // The slowpath comes back: it drops the two abandoned dumps and serves the next query.
        cache.put(record(0x200));
        final Thread stepper = stepper();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (counter(ControlCounter.DUMPS_CANCELLED, "slowpath") < 2 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(2, counter(ControlCounter.DUMPS_CANCELLED, "slowpath"));
            final List<String> lines = ask("bindings\n");
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("{\"home\":\"2001:db8:a::200\""), lines.get(0));
            assertEquals("{\"status\":\"ok\",\"count\":1}", lines.get(1));
        }
        finally
        {
            stepper.interrupt();
        }
        assertEquals(1, counter(ControlCounter.QUERIES_ANSWERED));
    }

    @Test
    void aClientThatStopsReadingIsCutOffAndTheServerGoesOn() throws Exception
    {
        for (int i = 0; i < 20_000; i++)
        {
            cache.put(record(0x10000 + i));
        }
        server.start();
        final Thread stepper = stepper();
        try
        {
            try (SocketChannel lazy = SocketChannel.open(UnixDomainSocketAddress.of(socket)))
            {
                lazy.write(ByteBuffer.wrap("bindings\n".getBytes(StandardCharsets.US_ASCII)));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (counter(ControlCounter.ABORT_WRITE_TIMEOUT) == 0 && System.nanoTime() < deadline)
                {
                    Thread.sleep(20);
                }
            }
            assertEquals(1, counter(ControlCounter.ABORT_WRITE_TIMEOUT), "a reader that never reads is dropped");
            final List<String> lines = ask("bindings limit=3\n");
            assertEquals(4, lines.size(), "the next client is served");
        }
        finally
        {
            stepper.interrupt();
        }
    }

    private Thread stepper()
    {
        final Thread thread = Thread.ofPlatform().daemon(true).start(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                if (server.duty().doWork(System.nanoTime()) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        });
        return thread;
    }

    private long counter(final ControlCounter counter)
    {
        return counter(counter, "control");
    }

    private long counter(final ControlCounter counter, final String owner)
    {
        return file.snapshot().stream()
            .filter(s -> s.typeId() == counter.id() && s.label().startsWith(owner + ":"))
            .mapToLong(s -> s.value()).sum();
    }

    private List<String> ask(final String request) throws IOException
    {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket)))
        {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            final BufferedReader reader = new BufferedReader(
                new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.US_ASCII));
            final List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                lines.add(line);
            }
            return lines;
        }
    }

    private static BindingRecord record(final long homeLow)
    {
        final BindingRecord record = new BindingRecord();
        record.homeHigh = 0x2001_0db8_000a_0000L;
        record.homeLow = homeLow;
        record.careOfHigh = 0x2001_0db8_000c_0000L;
        record.careOfLow = 0x77;
        record.variantIpv6 = 1;
        record.bindingId = (int)homeLow;
        record.lifetimeSeconds = 60;
        return record;
    }
}
