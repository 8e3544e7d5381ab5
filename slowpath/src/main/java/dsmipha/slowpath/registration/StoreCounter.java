package dsmipha.slowpath.registration;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of the durable binding store ({@link BindingStore}), ids 2400-2449 of the slowpath range (see
 * {@link CounterDescriptor}): what it wrote and flushed, what recovery found, and every reason it lost a record.
 * Two owners count in them: the binding store agent's thread (the store itself, ring messages, agent errors) and the
 * signaling thread (the ring-full outcomes and {@link #DROP_TOO_LARGE} of what it could not queue).
 */
public enum StoreCounter implements CounterDescriptor
{
    /** PUT records appended to the journal. */
    PUT_WRITTEN(2400, "store-put-written", "binding PUT records appended to the journal"),
    /** REMOVE records appended to the journal. */
    REMOVE_WRITTEN(2401, "store-remove-written", "binding REMOVE records appended to the journal"),
    /** Batched fsyncs of the journal. */
    FORCED(2402, "store-forced", "batched journal fsyncs"),
    /** Snapshots written (journal compacted into a new snapshot). */
    COMPACTED(2403, "store-compacted", "journal compactions into a new snapshot"),
    /** Bindings returned by recovery. */
    RECOVERED(2404, "store-recovered", "live bindings recovered at startup"),
    /** Bindings whose lifetime ended while the home agent was down: dropped at recovery. */
    RECOVERY_EXPIRED(2405, "store-recovery-expired", "stored bindings already expired at recovery, dropped"),
    /** A file ended in the middle of a record (a write torn by a crash): recovery stopped reading that file. */
    RECOVERY_TORN(2410, "store-recovery-torn", "torn record at the end of a store file (reading stopped there)"),
    /** A whole record whose CRC32C did not match: recovery stopped reading that file. */
    RECOVERY_CRC_MISMATCH(2411, "store-recovery-crc-mismatch", "record with a bad CRC32C (reading stopped there)"),
    /** A record with a good CRC but an unknown type, version or a malformed body: reading stopped there. */
    RECOVERY_BAD_RECORD(2412, "store-recovery-bad-record", "record with an unknown type/version or bad body"),
    /** A file with a wrong magic, version or kind: ignored. */
    RECOVERY_BAD_FILE(2413, "store-recovery-bad-file", "store file with a bad header, ignored"),
    /** An append, fsync or compaction failed (disk full, I/O error): the binding lives on in memory only. */
    WRITE_FAILED(2420, "store-write-failed", "store write/fsync/compaction failed (I/O error)"),
    /** A binding too large for one record (too many mobile network prefixes): not stored. */
    DROP_TOO_LARGE(2421, "store-drop-too-large", "binding too large for one record, not stored"),
    /** A message in the store agent's ring that is not a well-formed PUT or REMOVE body (a bug): skipped. */
    DROP_MALFORMED(2422, "store-drop-malformed", "store ring message not a well-formed PUT/REMOVE body, skipped"),
    /**
     * The signaling thread found the store agent's ring full and dropped a PUT: the disk keeps the binding's previous
     * state (or none) until its next change, whose PUT carries the whole binding again.
     */
    RING_FULL_PUT(2430, "store-ring-full-put",
        "binding PUT not queued to the store agent (ring full): written again at the binding's next change"),
    /** The ring was full for a REMOVE: kept in the deferred list and queued again at the next duty cycle. */
    RING_FULL_REMOVE(2431, "store-ring-full-remove",
        "binding REMOVE not queued to the store agent (ring full): deferred, retried every duty cycle"),
    /** The ring and the deferred REMOVE list were both full: the binding may come back after a restart. */
    REMOVE_LOST(2432, "store-remove-lost",
        "binding REMOVE lost (ring and deferred list full): restored after a restart until its expiry"),
    /** An exception on the binding store agent's thread (reported on stderr); the agent goes on. */
    AGENT_ERROR(2440, "store-agent-error", "exception on the binding store agent's thread (reported on stderr)");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    StoreCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
