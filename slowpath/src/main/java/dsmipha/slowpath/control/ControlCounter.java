package dsmipha.slowpath.control;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of the local control socket ({@code dsmip-ha bindings}), ids 2900-2919 of the slowpath range (see
 * {@link CounterDescriptor}): what the control thread accepted and answered, every reason it refused or cut short
 * an answer, and what the slowpath's dump duty did. The control thread and the slowpath thread each own a set.
 */
public enum ControlCounter implements CounterDescriptor
{
    /** Connections accepted on the control socket. */
    CONNECTIONS(2900, "control-connections", "connections accepted on the control socket"),
    /** Queries whose whole answer was written. */
    QUERIES_ANSWERED(2901, "control-queries-answered", "binding queries answered in full"),
    /** Bindings written to control clients. */
    BINDINGS_SENT(2902, "control-bindings-sent", "bindings written in control answers"),
    /** A request line that does not parse: unknown command or key, bad address, bad limit. */
    REJECT_BAD_REQUEST(2903, "control-reject-bad-request", "control requests refused: bad command, key or value"),
    /** A request line over {@link BindingQuery#MAX_LINE_LENGTH} octets. */
    REJECT_TOO_LONG(2904, "control-reject-too-long", "control requests refused: line over 4 KiB"),
    /** No complete request line within the read timeout (a silent client). */
    REJECT_READ_TIMEOUT(2905, "control-reject-read-timeout", "control requests refused: no request line in time"),
    /** The query queue to the slowpath was full: answered busy. */
    REJECT_BUSY(2906, "control-reject-busy", "control requests answered busy: slowpath query queue full"),
    /** The client closed or failed while its answer was written. */
    ABORT_CLIENT_GONE(2907, "control-abort-client-gone", "control answers cut: client closed the connection"),
    /** The client did not read its answer within the write timeout. */
    ABORT_WRITE_TIMEOUT(2908, "control-abort-write-timeout", "control answers cut: client did not read in time"),
    /** The slowpath produced no part of the answer within the answer timeout. */
    ABORT_SLOWPATH_TIMEOUT(2909, "control-abort-slowpath-timeout", "control answers cut: slowpath did not answer"),
    /** Binding dumps the slowpath started. */
    DUMPS_STARTED(2910, "control-dumps-started", "binding dumps started by the slowpath"),
    /** Binding dumps the slowpath dropped because the control thread gave up on them. */
    DUMPS_CANCELLED(2911, "control-dumps-cancelled", "binding dumps dropped by the slowpath after a cancel");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    ControlCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
