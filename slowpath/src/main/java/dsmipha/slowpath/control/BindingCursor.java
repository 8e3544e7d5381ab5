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
     * A walk by slot index over a {@link BindingCache}: no work at the start, a few octets per binding to remember
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
     * in one pass ({@link RegistrationProcessor#forEachBinding}, a few milliseconds per million bindings), each step
     * visits those still bound. For a processor that does not hand out its cache.
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
        private IntHashSet seen = new IntHashSet();
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
            seen = new IntHashSet(Math.max(16, cache.size() * 2));
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
