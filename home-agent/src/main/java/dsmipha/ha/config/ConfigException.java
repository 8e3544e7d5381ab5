package dsmipha.ha.config;

import java.util.List;

/**
 * A config file that cannot be used: every fault found, each naming file, line and key. An
 * {@link IllegalArgumentException}, so the command line reports it as bad configuration (exit status 2).
 */
public final class ConfigException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    /**
     * @param errors the faults, at least one.
     */
    public ConfigException(final List<ConfigError> errors)
    {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    /**
     * @return the faults in file order.
     */
    public List<ConfigError> errors()
    {
        return errors;
    }

    private static String describe(final List<ConfigError> errors)
    {
        final StringBuilder text = new StringBuilder();
        for (final ConfigError error : errors)
        {
            text.append(text.isEmpty() ? "" : "\n").append(error);
        }
        return text.toString();
    }
}
