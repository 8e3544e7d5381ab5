package dsmipha.slowpath;

/**
 * What the {@link AckGate} needs to know of the binding journal: how far the binding changes have been queued, how
 * far they have been written, and how many never made it into the queue. {@link BindingPersistence} is the one
 * implementation; tests drive the positions by hand.
 * <pre>
 *   ring positions (octets, monotonic):
 *   0 ........ writtenPosition ........ enqueuedPosition
 *   |<- in the journal (pwrite) ->|<- queued, not yet written ->|
 * </pre>
 */
public interface AckJournal
{
    /**
     * @return the position just after the last binding change queued; signaling thread.
     */
    long enqueuedPosition();

    /**
     * @return the position up to which every queued change has been written to the journal; any thread (acquire).
     */
    long writtenPosition();

    /**
     * @return binding changes that were never queued (no room, too large), monotonic; signaling thread.
     */
    long journalMisses();
}
