package dsmipha.common.log;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import dsmipha.common.counters.CounterSlots;

/**
 * Structured, rate-limited event logging that never blocks a busy-polling thread.
 * <pre>
 *   producer threads                          logger thread "log" (daemon, {@link LogAgent})
 *   (slowpath, binding store, startup)
 *   EventWriter.begin(type)  -- level? rate? --&gt; no: counted, done (nothing formatted, nothing allocated)
 *     .ipv6(..).number(..)   binary fields into a scratch buffer
 *     .commit()  ----------- ManyToOneRingBuffer ----------&gt; read batch, format JSON Lines / logfmt,
 *                (full: counted as log-drop-ring-full)        write to stderr or a file, tickers 1/s
 * </pre>
 * Each event name ({@link EventType}) has its own token bucket ({@link LogConfig#ratePerSecond()},
 * {@link LogConfig#burst()}); an event over the limit is counted and the next written event of the name carries
 * {@code "suppressed": N}. Hot paths take their own {@link EventWriter} per thread ({@link #newWriter()}); the
 * {@code info}/{@code warn}/{@code error}/{@code security} methods are for rare events from any thread (they
 * share one writer under a lock and box their arguments).
 */
public final class EventLog implements AutoCloseable
{
    /** Default ring size: about 10,000 typical records. */
    public static final int DEFAULT_RING_BYTES = 1 << 20;
    /** Longest record (header and fields). */
    public static final int MAX_RECORD_LENGTH = 2048;
    /** Most distinct event names. */
    public static final int MAX_EVENT_TYPES = 1024;
    /** Name of the logger thread. */
    public static final String THREAD_NAME = "log";

    private static final int CLOSE_TIMEOUT_MS = 5_000;

    private final LogConfig config;
    private final ManyToOneRingBuffer ring;
    private final NanoClock nanoClock;
    private final EpochClock epochClock;
    private final int maxRecordLength;
    private final AtomicReferenceArray<EventType> typesById = new AtomicReferenceArray<>(MAX_EVENT_TYPES + 1);
    private final Map<String, EventType> typesByName = new HashMap<>();
    private final AtomicLongArray counts = new AtomicLongArray(LogCounter.values().length);
    private final AtomicBoolean reopenRequested = new AtomicBoolean();
    private final List<LogTicker> tickers = new CopyOnWriteArrayList<>();
    private final EventWriter sharedWriter;
    private AgentRunner runner;

    /**
     * A log with the default ring and the system clocks.
     *
     * @param config the configuration.
     */
    public EventLog(final LogConfig config)
    {
        this(config, DEFAULT_RING_BYTES, SystemNanoClock.INSTANCE, SystemEpochClock.INSTANCE);
    }

    /**
     * @param config     the configuration.
     * @param ringBytes  ring capacity, a power of two (at least {@link ManyToOneRingBuffer#MIN_CAPACITY}).
     * @param nanoClock  monotonic clock of the rate limits.
     * @param epochClock wall clock of the timestamps.
     */
    public EventLog(
        final LogConfig config, final int ringBytes, final NanoClock nanoClock, final EpochClock epochClock)
    {
        this.config = config;
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(ringBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.maxRecordLength = Math.min(MAX_RECORD_LENGTH, ring.maxMsgLength());
        this.sharedWriter = newWriter();
    }

    // ------------------------------------------------------------------------------------------------ producers

    /**
     * Register an event name (or get the one registered): do it once, at start, and keep the result.
     *
     * @param name     stable dotted name, e.g. {@code registration.rejected} (letters, digits, "._-").
     * @param level    its default level.
     * @param category its category.
     * @return the event type; an existing name keeps its first level and category.
     * @throws IllegalArgumentException when the name is not a dotted name.
     * @throws IllegalStateException    when {@link #MAX_EVENT_TYPES} names are registered.
     */
    public synchronized EventType eventType(final String name, final LogLevel level, final LogCategory category)
    {
        final EventType existing = typesByName.get(name);
        if (existing != null)
        {
            return existing;
        }
        if (!isEventName(name))
        {
            throw new IllegalArgumentException("event name '" + name + "': use letters, digits, '.', '_' and '-'");
        }
        final int id = typesByName.size() + 1;
        if (id > MAX_EVENT_TYPES)
        {
            throw new IllegalStateException("more than " + MAX_EVENT_TYPES + " event names");
        }
        final EventType type = new EventType(id, name, level, category,
            new TokenBucket(config.ratePerSecond(), config.burst()));
        typesByName.put(name, type);
        typesById.set(id, type);
        return type;
    }

    /**
     * @return a new writer for one producer thread (hot paths keep theirs).
     */
    public EventWriter newWriter()
    {
        return new EventWriter(this, maxRecordLength);
    }

    /**
     * @param level a level.
     * @return true when events of that level are written.
     */
    public boolean isEnabled(final LogLevel level)
    {
        return level.isEnabledAt(config.level());
    }

    /**
     * Log a rare event from any thread: fields are key/value pairs; values may be numbers, booleans, strings,
     * {@link InetAddress}es (standard text), throwables (written as {@code Type: message}) or anything else (its
     * {@code toString}).
     *
     * @param level     its level.
     * @param category  its category (the first use of a name fixes it).
     * @param event     dotted event name.
     * @param keyValues key, value, key, value...
     * @return true when recorded (enabled, within the rate limit, and the ring had room).
     */
    public boolean log(final LogLevel level, final LogCategory category, final String event,
        final Object... keyValues)
    {
        if (!isEnabled(level))
        {
            return false;
        }
        final EventType type = eventType(event, level, category);
        synchronized (sharedWriter)
        {
            if (!sharedWriter.begin(type, level))
            {
                return false;
            }
            for (int i = 0; i + 1 < keyValues.length; i += 2)
            {
                put(sharedWriter, String.valueOf(keyValues[i]), keyValues[i + 1]);
            }
            return sharedWriter.commit();
        }
    }

    /**
     * @param event     dotted event name (category operations).
     * @param keyValues key, value, key, value...
     * @return true when recorded.
     */
    public boolean error(final String event, final Object... keyValues)
    {
        return log(LogLevel.ERROR, LogCategory.OPERATIONS, event, keyValues);
    }

    /**
     * @param event     dotted event name (category operations).
     * @param keyValues key, value, key, value...
     * @return true when recorded.
     */
    public boolean warn(final String event, final Object... keyValues)
    {
        return log(LogLevel.WARN, LogCategory.OPERATIONS, event, keyValues);
    }

    /**
     * @param event     dotted event name (category operations).
     * @param keyValues key, value, key, value...
     * @return true when recorded.
     */
    public boolean info(final String event, final Object... keyValues)
    {
        return log(LogLevel.INFO, LogCategory.OPERATIONS, event, keyValues);
    }

    /**
     * @param event     dotted event name (category operations).
     * @param keyValues key, value, key, value...
     * @return true when recorded.
     */
    public boolean debug(final String event, final Object... keyValues)
    {
        return log(LogLevel.DEBUG, LogCategory.OPERATIONS, event, keyValues);
    }

    /**
     * @param event     dotted event name (category security, level warn).
     * @param keyValues key, value, key, value...
     * @return true when recorded.
     */
    public boolean security(final String event, final Object... keyValues)
    {
        return log(LogLevel.WARN, LogCategory.SECURITY, event, keyValues);
    }

    /**
     * Ask the logger thread to reopen its file (after logrotate renamed it; call from a SIGHUP handler). Any thread.
     */
    public void reopen()
    {
        reopenRequested.set(true);
    }

    /**
     * @param ticker periodic work for the logger thread (counter watchers), run once a second.
     */
    public void addTicker(final LogTicker ticker)
    {
        tickers.add(ticker);
    }

    /**
     * @param counter one of the log's counters.
     * @return its total so far.
     */
    public long count(final LogCounter counter)
    {
        return counts.get(counter.ordinal());
    }

    /**
     * @return the configuration.
     */
    public LogConfig config()
    {
        return config;
    }

    // ------------------------------------------------------------------------------------------------ consumer

    /**
     * Build the consumer without starting a thread (tests drive it by {@link LogAgent#doWork()}).
     *
     * @param sink     where lines go.
     * @param counters slots over {@link LogCounter#values()}, or null.
     * @return the agent.
     */
    public LogAgent newAgent(final LogSink sink, final CounterSlots counters)
    {
        return new LogAgent(this, LineFormatter.of(config.format()), sink, counters);
    }

    /**
     * Open the configured sink and start the logger thread ("log", daemon).
     *
     * @param counters     slots over {@link LogCounter#values()}, or null.
     * @param errorHandler where the logger thread's own failures go.
     * @return this.
     * @throws IOException when the log file cannot be opened.
     */
    public synchronized EventLog start(final CounterSlots counters, final ErrorHandler errorHandler)
        throws IOException
    {
        if (runner != null)
        {
            throw new IllegalStateException("event log already started");
        }
        final LogAgent agent = newAgent(LogSink.of(config), counters);
        runner = new AgentRunner(new SleepingMillisIdleStrategy(1), errorHandler, null, agent);
        AgentRunner.startOnThread(runner, task ->
        {
            final Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        return this;
    }

    /**
     * Stop the logger thread after it has written what is in the ring.
     */
    @Override
    public synchronized void close()
    {
        if (runner != null)
        {
            runner.close(CLOSE_TIMEOUT_MS, thread -> thread.interrupt());
            runner = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ internals

    ManyToOneRingBuffer ring()
    {
        return ring;
    }

    long nanoTime()
    {
        return nanoClock.nanoTime();
    }

    long epochMs()
    {
        return epochClock.time();
    }

    void increment(final LogCounter counter)
    {
        counts.incrementAndGet(counter.ordinal());
    }

    void add(final LogCounter counter, final long delta)
    {
        counts.addAndGet(counter.ordinal(), delta);
    }

    boolean takeReopenRequest()
    {
        return reopenRequested.getAndSet(false);
    }

    List<LogTicker> tickers()
    {
        return tickers;
    }

    EventType eventTypeById(final int id)
    {
        return id > 0 && id <= MAX_EVENT_TYPES ? typesById.get(id) : null;
    }

    private static void put(final EventWriter writer, final String key, final Object value)
    {
        switch (value)
        {
            case Long number -> writer.number(key, number);
            case Integer number -> writer.number(key, number);
            case Short number -> writer.number(key, number);
            case Byte number -> writer.number(key, number);
            case Boolean flag -> writer.bool(key, flag);
            case CharSequence text -> writer.string(key, text);
            case Inet4Address address -> writer.ipv4(key, ByteBuffer.wrap(address.getAddress()).getInt());
            case Inet6Address address -> putIpv6(writer, key, ByteBuffer.wrap(address.getAddress()));
            case Throwable error -> writer.string(key, error.getClass().getSimpleName() + ": " + error.getMessage());
            case null -> writer.string(key, null);
            default -> writer.string(key, value.toString());
        }
    }

    private static void putIpv6(final EventWriter writer, final String key, final ByteBuffer octets)
    {
        writer.ipv6(key, octets.getLong(0), octets.getLong(Long.BYTES));
    }

    private static boolean isEventName(final String name)
    {
        if (name == null || name.isEmpty())
        {
            return false;
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            final boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '.' || c == '-';
            if (!plain)
            {
                return false;
            }
        }
        return true;
    }
}
