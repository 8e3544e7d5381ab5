package dsmipha.common.log;

/**
 * What an event is about, written in its {@code category} field so that a log shipper can route security events
 * apart from the rest. RFC 5454 §4 asks a home agent to "log the event as a security exception" when a
 * reverse-tunnelled packet fails its source check; refused signaling (RFC 6275 §15, RFC 5555 §5 security
 * considerations) is logged in the same category.
 */
public enum LogCategory
{
    /** Everything about running the home agent: start, stop, store and agent errors. */
    OPERATIONS("operations"),
    /** Refused signaling and failed source checks: possible attacks or misconfigured mobile nodes. */
    SECURITY("security");

    private static final LogCategory[] VALUES = values();

    private final String label;

    LogCategory(final String label)
    {
        this.label = label;
    }

    /**
     * @return the name written in the {@code category} field.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param ordinal an ordinal as stored in a log record.
     * @return the category.
     */
    public static LogCategory fromOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
