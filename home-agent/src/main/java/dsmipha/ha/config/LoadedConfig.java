package dsmipha.ha.config;

import java.nio.file.Path;

import dsmipha.ha.HomeAgentConfig;

/**
 * A config file, read and checked: what the home agent runs with, and the settings around it.
 *
 * @param file             the file it came from (null for the embedded default).
 * @param agent            the home agent's config.
 * @param syntheticTraffic run the synthetic traffic source on the wire side of the in-memory ports.
 * @param metricsAddress   address of the Prometheus endpoint.
 * @param metricsPort      its port, 0 = off.
 * @param logging          log settings.
 */
public record LoadedConfig(
    Path file,
    HomeAgentConfig agent,
    boolean syntheticTraffic,
    String metricsAddress,
    int metricsPort,
    LogSettings logging)
{
    /**
     * Log settings of the {@code [logging]} table.
     *
     * @param format        {@code json} (JSON Lines) or {@code text} (key=value).
     * @param level         {@code error}, {@code warn}, {@code info} or {@code debug}.
     * @param file          log file, or null for standard error.
     * @param ratePerSecond events of one name per second before suppression.
     * @param burst         events of one name allowed at once.
     */
    public record LogSettings(String format, String level, Path file, int ratePerSecond, int burst)
    {
        /**
         * @return the defaults: JSON Lines on standard error, info, 10 per second with bursts of 50.
         */
        public static LogSettings defaults()
        {
            return new LogSettings("json", "info", null, 10, 50);
        }
    }
}
