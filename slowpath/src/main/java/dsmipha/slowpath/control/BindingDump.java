package dsmipha.slowpath.control;

import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

/**
 * One binding query in flight between the control thread and the slowpath thread, and the bounded exchange of its
 * answer: the slowpath fills {@link Chunk}s page by page and queues them; the control thread writes each to the
 * socket and hands it back. With every chunk out at the control thread the slowpath waits (a slow reader slows its
 * own dump, never signaling); a dump the control thread gives up on is {@link #cancel()}led and dropped.
 * <pre>
 *   control thread                       slowpath thread (BindingDumpDuty)
 *   offer(dump) ─► query queue ────────► poll
 *   poll() ◄────── filled (SPSC) ◄────── offer(chunk): ≤ 256 bindings, the last one ends with the status line
 *   recycle() ───► empty  (SPSC) ──────► takeEmpty()
 *   cancel()  ───► volatile flag ──────► isCancelled(): drop the dump
 * </pre>
 */
public final class BindingDump
{
    /** Chunks per dump: answer octets in flight at most this many pages. */
    public static final int CHUNKS = 4;
    private static final int CHUNK_CAPACITY = 128 * 1024;

    private final BindingQuery query;
    private final OneToOneConcurrentArrayQueue<Chunk> filled = new OneToOneConcurrentArrayQueue<>(CHUNKS);
    private final OneToOneConcurrentArrayQueue<Chunk> empty = new OneToOneConcurrentArrayQueue<>(CHUNKS);
    private volatile boolean cancelled;

    /** A page of answer text. */
    public static final class Chunk
    {
        private final AsciiLine text = new AsciiLine(CHUNK_CAPACITY);
        private boolean last;

        /**
         * @return the text (US-ASCII lines).
         */
        public AsciiLine text()
        {
            return text;
        }

        /**
         * @return true for the answer's last chunk (it ends with the status line).
         */
        public boolean isLast()
        {
            return last;
        }

        void last(final boolean last)
        {
            this.last = last;
        }
    }

    /**
     * @param query the query (control thread allocates one dump per query).
     */
    public BindingDump(final BindingQuery query)
    {
        this.query = query;
        for (int i = 0; i < CHUNKS; i++)
        {
            empty.offer(new Chunk());
        }
    }

    /**
     * @return the query.
     */
    public BindingQuery query()
    {
        return query;
    }

    /**
     * Control thread: the next page of the answer.
     *
     * @return a filled chunk, or null when none is ready.
     */
    public Chunk poll()
    {
        return filled.poll();
    }

    /**
     * Control thread: give a written chunk back for the next page.
     *
     * @param chunk a chunk from {@link #poll()}.
     */
    public void recycle(final Chunk chunk)
    {
        chunk.text().clear();
        chunk.last(false);
        empty.offer(chunk);
    }

    /**
     * Control thread: give up on the answer (client gone or too slow); the slowpath drops the dump.
     */
    public void cancel()
    {
        cancelled = true;
    }

    /**
     * @return true once {@link #cancel()} was called.
     */
    public boolean isCancelled()
    {
        return cancelled;
    }

    Chunk takeEmpty()
    {
        return empty.poll();
    }

    void offerFilled(final Chunk chunk)
    {
        filled.offer(chunk);
    }
}
