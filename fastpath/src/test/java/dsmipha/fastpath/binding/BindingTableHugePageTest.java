package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dsmipha.common.memory.MappedMemory;

/**
 * The table's memory: transparent huge pages asked for (and, where the kernel's THP mode allows them, actually
 * backing the table) for a large table, 4 KiB pages when asked or when the table is smaller than a huge page, and
 * the same contents either way.
 */
class BindingTableHugePageTest
{
    private static final Path THP_ENABLED = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    private static final Path SMAPS_ROLLUP = Path.of("/proc/self/smaps_rollup");
    /** 400 000 bindings at load factor 0.75: 533 344 slots, 68 MB. */
    private static final int BINDINGS = 400_000;

    @Test
    void aLargeTableIsAdvisedAsHugePagesWhereTheKernelHasThem()
    {
        assumeTrue(Files.isReadable(THP_ENABLED), "kernel without transparent huge pages");
        try (BindingTable table = new BindingTable(BINDINGS, 0x1L))
        {
            assertTrue(table.isHugePageAdvised());
            assertTrue(table.memoryLength() >= MappedMemory.HUGE_PAGE_LENGTH);
            assertEquals(0, table.memory().address() % MappedMemory.HUGE_PAGE_LENGTH, "2 MiB aligned");
        }
    }

    @Test
    void hugePagesOffOrASmallTableKeepBasePages()
    {
        try (BindingTable large = new BindingTable(BINDINGS, 0.75, 512, 0x1L, false);
            BindingTable small = new BindingTable(1_000, 0x1L))
        {
            assertFalse(large.isHugePageAdvised());
            assertFalse(small.isHugePageAdvised());
            assertEquals(0, large.memory().address() % BindingTableDescriptor.ALIGNMENT);
            assertEquals(0, small.memory().address() % BindingTableDescriptor.ALIGNMENT);
        }
    }

    @Test
    void hugePagesBackATableOnceItIsWritten() throws IOException
    {
        assumeTrue(Files.isReadable(THP_ENABLED) && Files.isReadable(SMAPS_ROLLUP), "no THP or no smaps_rollup");
        final String mode = Files.readString(THP_ENABLED);
        assumeTrue(mode.contains("[always]") || mode.contains("[madvise]"), "THP mode: " + mode.strip());
        final long before = anonHugePagesBytes();
        try (BindingTable table = new BindingTable(BINDINGS, 0x1L))
        {
            fill(table);
            final long gained = anonHugePagesBytes() - before;
            System.out.printf("binding table: %d of %d octets in huge pages%n", gained, table.memoryLength());
            // The kernel may lack free 2 MiB pages for some of it; most of a freshly touched 68 MB should be.
            assertTrue(gained >= table.memoryLength() / 2, "AnonHugePages grew by " + gained);
        }
    }

    @Test
    void contentsAreTheSameWithAndWithoutHugePages()
    {
        final BindingView a = new BindingView();
        final BindingView b = new BindingView();
        try (BindingTable huge = new BindingTable(BINDINGS, 0.75, 512, 0x77L, true);
            BindingTable base = new BindingTable(BINDINGS, 0.75, 512, 0x77L, false))
        {
            fill(huge);
            fill(base);
            for (int key = 0; key < BINDINGS + 1_000; key += 7)
            {
                final int slotA = BindingEntries.isIpv4(key) ?
                    huge.lookupIpv4(BindingEntries.ipv4Address(key), a) :
                    huge.lookupIpv6(BindingEntries.PREFIX, key, a);
                final int slotB = BindingEntries.isIpv4(key) ?
                    base.lookupIpv4(BindingEntries.ipv4Address(key), b) :
                    base.lookupIpv6(BindingEntries.PREFIX, key, b);
                assertEquals(slotB, slotA);
                assertEquals(key < BINDINGS, slotA >= 0);
                if (slotA >= 0)
                {
                    assertTrue(BindingEntries.isConsistent(a, key));
                }
            }
        }
    }

    private static void fill(final BindingTable table)
    {
        final BindingEntries entries = BindingEntries.create();
        final BindingView value = new BindingView();
        for (int key = 0; key < BINDINGS; key++)
        {
            assertEquals(BindingTable.ADDED, table.put(entries.fill(value, key, 1)));
        }
    }

    private static long anonHugePagesBytes() throws IOException
    {
        for (final String line : Files.readAllLines(SMAPS_ROLLUP))
        {
            if (line.startsWith("AnonHugePages:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
