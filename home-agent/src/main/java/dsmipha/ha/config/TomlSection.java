package dsmipha.ha.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * A typed, position-aware reader over one TOML table of the config file. Every getter records the key as known;
 * a value of the wrong type or out of range becomes a {@link ConfigError} naming the file, the key's line and the
 * full key, and the getter returns the default so reading goes on and every fault of the file is reported at once.
 * {@link #finish()} reports the keys nobody asked for (typos), with the closest known key as a hint.
 */
final class TomlSection
{
    private final Path file;
    private final List<ConfigError> errors;
    private final TomlTable table;
    private final String path;
    private final int line;
    private final Set<String> known = new LinkedHashSet<>();

    /**
     * @param file   the config file.
     * @param errors where faults go.
     * @param table  the table (an empty one when the file has no such table).
     * @param path   its full key ({@code ""} for the root, {@code workers[1]} for an array element).
     * @param line   the line of its header, 0 when absent.
     */
    TomlSection(final Path file, final List<ConfigError> errors, final TomlTable table, final String path,
        final int line)
    {
        this.file = file;
        this.errors = errors;
        this.table = table;
        this.path = path;
        this.line = line;
    }

    /**
     * @return the full key of this table.
     */
    String path()
    {
        return path;
    }

    /**
     * @return the line of the table's header, 0 when it is not in the file.
     */
    int line()
    {
        return line;
    }

    /**
     * @param key a key of this table.
     * @return whether the file sets it.
     */
    boolean has(final String key)
    {
        known.add(key);
        return table != null && table.get(List.of(key)) != null;
    }

    /**
     * @param key a key of this table.
     * @return the line where it is set, else the table's line.
     */
    int lineOf(final String key)
    {
        final TomlPosition position = table == null ? null : table.inputPositionOf(List.of(key));
        return position != null ? position.line() : line;
    }

    /**
     * @param key a key of this table.
     * @return its full name.
     */
    String keyName(final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * Record a fault of a key.
     *
     * @param key     the key.
     * @param message what is wrong.
     */
    void error(final String key, final String message)
    {
        errors.add(new ConfigError(file, lineOf(key), keyName(key), message));
    }

    /**
     * Record a fault of the table as a whole.
     *
     * @param message what is wrong.
     */
    void tableError(final String message)
    {
        errors.add(new ConfigError(file, line, path, message));
    }

    /**
     * @param key      the key.
     * @param fallback value when absent or wrong.
     * @return a string value.
     */
    String string(final String key, final String fallback)
    {
        final Object value = raw(key);
        if (value == null)
        {
            return fallback;
        }
        if (!(value instanceof String text))
        {
            error(key, "must be a string, not " + describe(value));
            return fallback;
        }
        return text;
    }

    /**
     * @param key the key.
     * @return a string value that must be there (a fault and null when it is not).
     */
    String requiredString(final String key)
    {
        if (!has(key))
        {
            tableError("missing required key '" + key + "'");
            return null;
        }
        return string(key, null);
    }

    /**
     * @param key      the key.
     * @param fallback value when absent or wrong.
     * @return a boolean value.
     */
    boolean bool(final String key, final boolean fallback)
    {
        final Object value = raw(key);
        if (value == null)
        {
            return fallback;
        }
        if (!(value instanceof Boolean flag))
        {
            error(key, "must be true or false, not " + describe(value));
            return fallback;
        }
        return flag;
    }

    /**
     * @param key      the key.
     * @param fallback value when absent or wrong.
     * @param min      smallest accepted.
     * @param max      largest accepted.
     * @return an integer value in range.
     */
    long integer(final String key, final long fallback, final long min, final long max)
    {
        final Object value = raw(key);
        if (value == null)
        {
            return fallback;
        }
        if (!(value instanceof Long number))
        {
            error(key, "must be an integer, not " + describe(value));
            return fallback;
        }
        if (number < min || number > max)
        {
            error(key, "must be " + min + ".." + max + ", not " + number);
            return fallback;
        }
        return number;
    }

    /**
     * A duration: an integer number of seconds, or a string with a unit: {@code 90s}, {@code 15m}, {@code 1h},
     * {@code 7d}.
     *
     * @param key             the key.
     * @param fallbackSeconds value when absent or wrong.
     * @param minSeconds      shortest accepted.
     * @param maxSeconds      longest accepted.
     * @return seconds.
     */
    long seconds(final String key, final long fallbackSeconds, final long minSeconds, final long maxSeconds)
    {
        final Object value = raw(key);
        if (value == null)
        {
            return fallbackSeconds;
        }
        final long seconds;
        if (value instanceof Long number)
        {
            seconds = number;
        }
        else if (value instanceof String text)
        {
            seconds = parseSeconds(text);
            if (seconds < 0)
            {
                error(key, "not a duration: '" + text + "' (use seconds as an integer, or 90s, 15m, 1h, 7d)");
                return fallbackSeconds;
            }
        }
        else
        {
            error(key, "must be a duration (seconds, or a string such as \"90s\" or \"1h\"), not " + describe(value));
            return fallbackSeconds;
        }
        if (seconds < minSeconds || seconds > maxSeconds)
        {
            error(key, "must be " + minSeconds + ".." + maxSeconds + " seconds, not " + seconds);
            return fallbackSeconds;
        }
        return seconds;
    }

    /**
     * @param key      the key.
     * @param fallback value when absent or wrong.
     * @param choices  the accepted words, lower case.
     * @return the chosen word.
     */
    String choice(final String key, final String fallback, final String... choices)
    {
        final String text = string(key, null);
        if (text == null)
        {
            return fallback;
        }
        for (final String choice : choices)
        {
            if (choice.equals(text))
            {
                return choice;
            }
        }
        error(key, "'" + text + "' is not one of " + String.join(", ", choices));
        return fallback;
    }

    /**
     * Parse a string value (an address, a prefix) with a parser that throws {@link IllegalArgumentException}.
     *
     * @param key      the key.
     * @param parser   the parser.
     * @param fallback value when absent or wrong.
     * @param <T>      the parsed type.
     * @return the parsed value.
     */
    <T> T parsed(final String key, final Function<String, T> parser, final T fallback)
    {
        final String text = string(key, null);
        if (text == null)
        {
            return fallback;
        }
        try
        {
            return parser.apply(text);
        }
        catch (final IllegalArgumentException ex)
        {
            error(key, ex.getMessage());
            return fallback;
        }
    }

    /**
     * A list of strings each parsed.
     *
     * @param key    the key.
     * @param parser the parser.
     * @param <T>    the parsed type.
     * @return the parsed values, or null when the key is absent (faulty elements are left out).
     */
    <T> List<T> parsedList(final String key, final Function<String, T> parser)
    {
        final Object value = raw(key);
        if (value == null)
        {
            return null;
        }
        final List<T> parsed = new ArrayList<>();
        if (!(value instanceof TomlArray array))
        {
            error(key, "must be a list of strings, not " + describe(value));
            return parsed;
        }
        for (int i = 0; i < array.size(); i++)
        {
            if (!(array.get(i) instanceof String text))
            {
                errors.add(new ConfigError(file, array.inputPositionOf(i).line(), keyName(key) + "[" + i + "]",
                    "must be a string, not " + describe(array.get(i))));
                continue;
            }
            try
            {
                parsed.add(parser.apply(text));
            }
            catch (final IllegalArgumentException ex)
            {
                errors.add(new ConfigError(file, array.inputPositionOf(i).line(), keyName(key) + "[" + i + "]",
                    ex.getMessage()));
            }
        }
        return parsed;
    }

    /**
     * @param key a key holding a table.
     * @return the table (empty when absent).
     */
    TomlSection table(final String key)
    {
        final Object value = raw(key);
        if (value != null && !(value instanceof TomlTable))
        {
            error(key, "must be a table, not " + describe(value));
        }
        return new TomlSection(file, errors, value instanceof TomlTable t ? t : null, keyName(key),
            value != null ? lineOf(key) : 0);
    }

    /**
     * @param key a key holding an array of tables ({@code [[key]]}).
     * @return one section per element (none when absent).
     */
    List<TomlSection> tables(final String key)
    {
        final Object value = raw(key);
        final List<TomlSection> sections = new ArrayList<>();
        if (value == null)
        {
            return sections;
        }
        if (!(value instanceof TomlArray array))
        {
            error(key, "must be an array of tables ([[" + keyName(key) + "]]), not " + describe(value));
            return sections;
        }
        for (int i = 0; i < array.size(); i++)
        {
            if (!(array.get(i) instanceof TomlTable))
            {
                error(key, "must be an array of tables ([[" + keyName(key) + "]]), not a list of values");
                return sections;
            }
            final TomlPosition position = array.inputPositionOf(i);
            sections.add(new TomlSection(file, errors, (TomlTable)array.get(i), keyName(key) + "[" + i + "]",
                position != null ? position.line() : lineOf(key)));
        }
        return sections;
    }

    /**
     * Report every key of the table that no getter asked for: a typo or a key of another version.
     */
    void finish()
    {
        if (table == null)
        {
            return;
        }
        for (final String key : table.keySet())
        {
            if (!known.contains(key))
            {
                final String hint = closest(key);
                error(key, "unknown key" + (hint != null ? " (did you mean '" + hint + "'?)" :
                    "; known keys here: " + String.join(", ", known)));
            }
        }
    }

    private Object raw(final String key)
    {
        known.add(key);
        return table == null ? null : table.get(List.of(key));
    }

    private String closest(final String key)
    {
        String best = null;
        int bestDistance = 3;
        for (final String candidate : known)
        {
            final int distance = editDistance(key, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    static int editDistance(final String a, final String b)
    {
        final int[] previous = new int[b.length() + 1];
        final int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            System.arraycopy(current, 0, previous, 0, current.length);
        }
        return previous[b.length()];
    }

    /**
     * @param text {@code 90}, {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}.
     * @return seconds, or -1 when it is not a duration.
     */
    static long parseSeconds(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty())
        {
            return -1;
        }
        final char unit = t.charAt(t.length() - 1);
        final long scale = switch (unit)
        {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            default -> Character.isDigit(unit) ? 1 : -1;
        };
        final String digits = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
        if (scale < 0 || digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 12)
        {
            return -1;
        }
        return Long.parseLong(digits) * scale;
    }

    private static String describe(final Object value)
    {
        if (value instanceof String text)
        {
            return "the string \"" + text + "\"";
        }
        if (value instanceof TomlTable)
        {
            return "a table";
        }
        if (value instanceof TomlArray)
        {
            return "a list";
        }
        if (value instanceof Long || value instanceof Double)
        {
            return "the number " + value;
        }
        if (value instanceof Boolean)
        {
            return value.toString();
        }
        return "a " + value.getClass().getSimpleName();
    }
}
