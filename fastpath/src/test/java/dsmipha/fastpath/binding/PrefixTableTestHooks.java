package dsmipha.fastpath.binding;

import java.lang.foreign.ValueLayout;

/**
 * Test access to a prefix table's entries from other packages' tests: e.g. to leave an entry's version odd, as a
 * writer descheduled in the middle of the entry would.
 */
public final class PrefixTableTestHooks
{
    private PrefixTableTestHooks()
    {
    }

    /**
     * Make the entry in {@code slot} look as if the writer were inside it (odd version), or finished (even).
     *
     * @param table the table.
     * @param slot  a slot a lookup reported ({@link PrefixMatch#slot()}).
     * @param delta added to the entry's version: 1 to make it odd, -1 to restore it.
     */
    public static void addToVersion(final PrefixTable table, final int slot, final long delta)
    {
        final long offset = PrefixTableDescriptor.entryOffset(slot) + PrefixTableDescriptor.VERSION_OFFSET;
        table.memory().set(ValueLayout.JAVA_LONG, offset, table.memory().get(ValueLayout.JAVA_LONG, offset) + delta);
    }
}
