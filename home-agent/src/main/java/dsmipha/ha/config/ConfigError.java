package dsmipha.ha.config;

import java.nio.file.Path;

/**
 * One fault in a config file, printed the way compilers print them so editors can jump to it:
 * {@code FILE:LINE: KEY: MESSAGE}.
 *
 * @param file    the config file.
 * @param line    1-based line of the key (or of its table when the key is missing), 0 when the fault has no line.
 * @param key     the full key, e.g. {@code workers[1].core} ({@code ""} for the file as a whole).
 * @param message what is wrong and, where there is one, what is accepted.
 */
public record ConfigError(Path file, int line, String key, String message)
{
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder().append(file);
        if (line > 0)
        {
            text.append(':').append(line);
        }
        text.append(": ");
        if (!key.isEmpty())
        {
            text.append(key).append(": ");
        }
        return text.append(message).toString();
    }
}
