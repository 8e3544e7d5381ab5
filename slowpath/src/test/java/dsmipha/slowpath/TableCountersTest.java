package dsmipha.slowpath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingTableCounter;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.binding.PrefixTableCounter;

class TableCountersTest
{
    @Test
    void aFullBindingTableAndPrefixChangesShowInTheCountersFile(@TempDir final Path dir)
    {
        try (CountersFile file = CountersFile.create(dir.resolve("counters.dat"), 64, "t", 1, 0);
            BindingTable bindings = new BindingTable(1, 7);
            PrefixTable prefixes = new PrefixTable(8, 7))
        {
            final TableCounters counters = new TableCounters(file, bindings, prefixes);
            final BindingView binding = new BindingView().bindingId(1).variant(EncapVariant.IPV4_IN_IPV4)
                .ipv4CareOfAddress(0xC0000201).tunnelMtu(1500)
                .template(java.lang.foreign.MemorySegment.ofArray(new byte[0]), 0, 0);
            assertEquals(BindingTable.ADDED, bindings.put(binding.ipv4HomeAddress(0x0A000001)));
            assertEquals(BindingTable.TABLE_FULL, bindings.put(binding.ipv4HomeAddress(0x0A000002)));
            prefixes.putIpv6(0x20010db8_000b0000L, 0, 48, 0x20010db8_000a0000L, 1);
            counters.publish();
            assertEquals(1, value(file, BindingTableCounter.TABLE_FULL.id()));
            assertEquals(1, value(file, PrefixTableCounter.ADDED.id()));
            assertEquals(0, value(file, PrefixTableCounter.TABLE_FULL.id()));
        }
    }

    private static long value(final CountersFile file, final int id)
    {
        return file.snapshot().stream().filter(s -> s.typeId() == id).mapToLong(s -> s.value()).sum();
    }
}
