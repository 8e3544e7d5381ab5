package dsmipha.common.log;

/**
 * Severity of a log event, most severe first. An event is written when its level is at or above the configured
 * one ({@link #isEnabledAt}): with {@code info} configured, {@code error}, {@code warn} and {@code info} events are
 * written and {@code debug} events are not even recorded (the producer checks before anything else).
 */
public enum LogLevel
{
    /** Something failed and needs an operator. */
    ERROR("error"),
    /** A refusal or anomaly worth a look: every security event. */
    WARN("warn"),
    /** Normal life-cycle events (start, stop, restore). */
    INFO("info"),
    /** Detail for troubleshooting. */
    DEBUG("debug");

    private static final LogLevel[] VALUES = values();

    private final String label;

    LogLevel(final String label)
    {
        this.label = label;
    }

    /**
     * @return the name written in the {@code level} field: {@code error}, {@code warn}, {@code info}, {@code debug}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param configured the least severe level the log writes.
     * @return true when an event of this level is written under that configuration.
     */
    public boolean isEnabledAt(final LogLevel configured)
    {
        return ordinal() <= configured.ordinal();
    }

    /**
     * @param ordinal an ordinal as stored in a log record.
     * @return the level.
     */
    public static LogLevel fromOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /**
     * @param text {@code error}, {@code warn}, {@code info} or {@code debug} (any case; {@code warning} too).
     * @return the level.
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static LogLevel parse(final String text)
    {
        final String lower = text.trim().toLowerCase(java.util.Locale.ROOT);
        for (final LogLevel level : VALUES)
        {
            if (level.label.equals(lower))
            {
                return level;
            }
        }
        if ("warning".equals(lower))
        {
            return WARN;
        }
        throw new IllegalArgumentException("log level '" + text + "': expected error, warn, info or debug");
    }
}
