package dsmipha.slowpath.control;

import java.util.Arrays;

import org.agrona.collections.IntHashSet;

import dsmipha.slowpath.registration.BindingCache;
import dsmipha.slowpath.registration.BindingRecord;
import dsmipha.slowpath.registration.RegistrationProcessor;

/**
 * A walk over the binding cache in bounded steps, so a dump of a million bindings is spread over many duty cycles
 * of the slowpath thread. The cache may change between steps: a binding added or removed during the walk may or
 * may not be visited, every binding is visited at most once, and nothing throws.
 * <p>
 * Slowpath thread only.
 */
public interface BindingCursor
{
    /**
     * Start a new walk.
     */
    void reset();

    /**
     * Visit the next bindings.
     *
     * @param maxPositions most positions (cache slots, snapshot entries) to scan in this step.
     * @param visitor      receives each binding; false ends the step after it.
     * @return true when the walk has passed the last binding.
     */
    boolean advance(int maxPositions, BindingCache.SlotVisitor visitor);

    /**
     * A walk by slot index over a {@link BindingCache}: no work at the start, a bit per binding id to remember
     * the binding ids visited (so that a binding moved across the cursor by a removal's backward shift is not
     * visited twice), and a restart from slot 0 when the cache grew (its slots were all rehashed).
     *
     * @param cache the cache.
     * @return the cursor.
     */
    static BindingCursor over(final BindingCache cache)
    {
        return new SlotCursor(cache);
    }

    /**
     * A walk over the registration's bindings as they were when it started: {@link #reset()} copies the references
     * in one pass ({@link RegistrationProcessor#forEachBinding}: measured 13-29 ms for a million bindings, one stall
     * of the slowpath per dump, and an array of a reference per binding), each step visits those still bound. For a
     * processor that does not hand out its cache; prefer {@link #over} where it does.
     *
     * @param registration the registration.
     * @return the cursor.
     */
    static BindingCursor snapshotOf(final RegistrationProcessor registration)
    {
        return new SnapshotCursor(registration);
    }

    /** Walks the cache's slots, remembering binding ids. */
    final class SlotCursor implements BindingCursor
    {
        private final BindingCache cache;
        private final BindingCache.SlotVisitor filter = this::onRecord;
        private final SeenIds seen = new SeenIds();
        private BindingCache.SlotVisitor visitor;
        private int slotCount;
        private int slot;

        SlotCursor(final BindingCache cache)
        {
            this.cache = cache;
        }

        @Override
        public void reset()
        {
            seen.clear();
            slotCount = cache.slotCount();
            slot = 0;
        }

        @Override
        public boolean advance(final int maxPositions, final BindingCache.SlotVisitor visitor)
        {
            if (cache.slotCount() != slotCount)
            {
                // The cache grew and rehashed: walk again from the start, the ids seen keep each binding once.
                slotCount = cache.slotCount();
                slot = 0;
            }
            this.visitor = visitor;
            slot = cache.visit(slot, maxPositions, filter);
            this.visitor = null;
            return slot >= slotCount;
        }

        private boolean onRecord(final BindingRecord record)
        {
            return !seen.add(record.bindingId) || visitor.onRecord(record);
        }
    }

    /**
     * The binding ids a walk has visited: a bit per id up to 2^27 (16 MiB at most, grown by doubling and kept for
     * the next walk, cleared in proportion to what was used), a hash set for the ids above. Ids are handed out in
     * sequence from 1, so the bits cover every id in practice.
     */
    final class SeenIds
    {
        private static final int MAX_BIT_IDS = 1 << 27;

        private long[] words = new long[1024];
        private int usedWords;
        private final IntHashSet overflow = new IntHashSet();

        /**
         * Forget every id.
         */
        public void clear()
        {
            Arrays.fill(words, 0, usedWords, 0L);
            usedWords = 0;
            overflow.clear();
        }

        /**
         * @param id a binding id (unsigned 32 bits).
         * @return true when it was not there before.
         */
        public boolean add(final int id)
        {
            if (Integer.compareUnsigned(id, MAX_BIT_IDS) >= 0)
            {
                return overflow.add(id);
            }
            final int word = id >>> 6;
            if (word >= words.length)
            {
                words = Arrays.copyOf(words, Math.max(words.length * 2, word + 1));
            }
            usedWords = Math.max(usedWords, word + 1);
            final long bit = 1L << id;
            final boolean added = (words[word] & bit) == 0;
            words[word] |= bit;
            return added;
        }
    }

    /** Walks a copy of the references, skipping those no longer bound. */
    final class SnapshotCursor implements BindingCursor
    {
        private final RegistrationProcessor registration;
        private BindingRecord[] records = new BindingRecord[16];
        private int count;
        private int position;

        SnapshotCursor(final RegistrationProcessor registration)
        {
            this.registration = registration;
        }

        @Override
        public void reset()
        {
            Arrays.fill(records, 0, count, null);
            count = 0;
            position = 0;
            if (records.length < registration.bindingCount())
            {
                records = new BindingRecord[registration.bindingCount()];
            }
            registration.forEachBinding(this::add);
        }

        @Override
        public boolean advance(final int maxPositions, final BindingCache.SlotVisitor visitor)
        {
            final int end = (int)Math.min(count, (long)position + maxPositions);
            while (position < end)
            {
                final BindingRecord record = records[position];
                records[position++] = null;
                if (registration.binding(record.homeHigh, record.homeLow) == record && !visitor.onRecord(record))
                {
                    break;
                }
            }
            if (position >= count)
            {
                count = 0;
                position = 0;
                return true;
            }
            return false;
        }

        private void add(final BindingRecord record)
        {
            if (count == records.length)
            {
                records = Arrays.copyOf(records, count * 2);
            }
            records[count++] = record;
        }
    }
}
