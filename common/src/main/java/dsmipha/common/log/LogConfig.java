package dsmipha.common.log;

import java.nio.file.Path;

/**
 * How the home agent logs.
 *
 * @param format        {@link LogFormat#JSON} (JSON Lines, the default) or {@link LogFormat#TEXT} (logfmt).
 * @param level         least severe level written; less severe events cost one comparison.
 * @param path          file to append to, or null for standard error; reopened on {@link EventLog#reopen()}.
 * @param ratePerSecond events per second allowed per event name (token bucket refill); 0 or less: no limit.
 * @param burst         events per event name allowed at once (token bucket depth), at least 1.
 */
public record LogConfig(LogFormat format, LogLevel level, Path path, double ratePerSecond, int burst)
{
    /** Default events per second per event name. */
    public static final double DEFAULT_RATE_PER_SECOND = 10;
    /** Default burst per event name. */
    public static final int DEFAULT_BURST = 50;

    /**
     * @throws IllegalArgumentException when the format or level is missing or the burst is below 1.
     */
    public LogConfig
    {
        if (format == null || level == null)
        {
            throw new IllegalArgumentException("log format and level are required");
        }
        if (burst < 1)
        {
            throw new IllegalArgumentException("log burst must be at least 1: " + burst);
        }
    }

    /**
     * @return JSON Lines to standard error at {@code info}, 10 events/s per name with bursts of 50.
     */
    public static LogConfig defaults()
    {
        return new LogConfig(LogFormat.JSON, LogLevel.INFO, null, DEFAULT_RATE_PER_SECOND, DEFAULT_BURST);
    }

    /**
     * @return true when the rate limit is on.
     */
    public boolean isRateLimited()
    {
        return ratePerSecond > 0;
    }
}
