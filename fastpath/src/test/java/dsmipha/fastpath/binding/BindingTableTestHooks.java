package dsmipha.fastpath.binding;

import java.lang.foreign.ValueLayout;

/**
 * Test access to a binding table's entries from other packages' tests: e.g. to leave an entry's version odd, as a
 * writer descheduled in the middle of the entry would.
 */
public final class BindingTableTestHooks
{
    private BindingTableTestHooks()
    {
    }

    /**
     * Make the entry in {@code slot} look as if the writer were inside it (odd version), or finished (even).
     *
     * @param table the table.
     * @param slot  a slot a lookup returned.
     * @param delta added to the entry's version: 1 to make it odd, -1 to restore it.
     */
    public static void addToVersion(final BindingTable table, final int slot, final long delta)
    {
        final long offset = BindingTableDescriptor.entryOffset(slot) + BindingTableDescriptor.VERSION_OFFSET;
        table.memory().set(ValueLayout.JAVA_LONG, offset, table.memory().get(ValueLayout.JAVA_LONG, offset) + delta);
    }
}
