package dsmipha.common.log;

import java.util.Locale;

/**
 * How each log event is written: one line per event either way.
 */
public enum LogFormat
{
    /** JSON Lines: one JSON object per line (https://jsonlines.org). The default. */
    JSON("json"),
    /** logfmt: {@code key=value} pairs separated by spaces, values quoted when they need it. */
    TEXT("text");

    private final String label;

    LogFormat(final String label)
    {
        this.label = label;
    }

    /**
     * @return the name used in configuration: {@code json} or {@code text}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param text {@code json} or {@code text} ({@code logfmt} too), any case.
     * @return the format.
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static LogFormat parse(final String text)
    {
        final String lower = text.trim().toLowerCase(Locale.ROOT);
        return switch (lower)
        {
            case "json", "jsonl" -> JSON;
            case "text", "logfmt" -> TEXT;
            default -> throw new IllegalArgumentException("log format '" + text + "': expected json or text");
        };
    }
}
