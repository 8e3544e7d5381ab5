package dsmipha.common.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountersFileTest
{
    enum TestCounter implements CounterDescriptor
    {
        PACKETS(1000, "packets"), DROPS(1001, "drops");

        private final CounterInfo info;

        TestCounter(final int id, final String label)
        {
            this.info = new CounterInfo(id, label, label);
        }

        @Override
        public CounterInfo info()
        {
            return info;
        }
    }

    @Test
    void aReaderMappingSeesPublishedValuesWithStableIdsAndOwners(@TempDir final Path dir)
    {
        final Path path = dir.resolve("i/counters.dat");
        try (CountersFile writer = CountersFile.create(path, 64, "unit", 4242, 1_000);
            CountersFile reader = CountersFile.openReadOnly(path))
        {
            final CounterSlots worker0 = new CounterSlots(writer, TestCounter.values(), 0, "worker-0");
            final CounterSlots worker1 = new CounterSlots(writer, TestCounter.values(), 1, "worker-1");
            worker0.add(TestCounter.PACKETS.ordinal(), 32);
            worker0.increment(TestCounter.DROPS.ordinal());
            worker1.add(TestCounter.PACKETS.ordinal(), 5);
            assertEquals(0, total(reader, 1000), "nothing is visible before publish");
            assertEquals(2, worker0.publish());
            assertEquals(1, worker1.publish());
            assertEquals(0, worker1.publish(), "unchanged counters are not stored again");

            final List<CounterSample> samples = reader.snapshot();
            assertEquals(4, samples.size());
            assertEquals(new CounterSample(0, 1000, 0, "worker-0: packets", 32), samples.get(0));
            assertEquals(new CounterSample(3, 1001, 1, "worker-1: drops", 0), samples.get(3));
            assertEquals(37, total(reader, 1000));
            assertEquals("unit", reader.instanceName());
            assertEquals(4242, reader.pid());
            assertEquals(1_000, reader.startTimeMs());
            writer.heartbeat(5_000);
            assertEquals(5_000, reader.heartbeatMs());
        }
    }

    @Test
    void readersRefuseWhatIsNotACountersFile(@TempDir final Path dir) throws Exception
    {
        final IllegalStateException missing = assertThrows(IllegalStateException.class,
            () -> CountersFile.openReadOnly(dir.resolve("absent")));
        assertTrue(missing.getMessage().contains("is the home agent running?"));
        final Path junk = dir.resolve("junk");
        Files.write(junk, new byte[4096]);
        final IllegalStateException notOurs = assertThrows(IllegalStateException.class,
            () -> CountersFile.openReadOnly(junk));
        assertTrue(notOurs.getMessage().contains("not a dsmip-ha counters file"));
        final Path shortFile = dir.resolve("short");
        Files.write(shortFile, new byte[10]);
        assertThrows(IllegalStateException.class, () -> CountersFile.openReadOnly(shortFile));
    }

    @Test
    void duplicateIdsOrLabelsAreRefused()
    {
        assertThrows(IllegalStateException.class,
            () -> CounterDescriptors.requireUnique(TestCounter.values(), TestCounter.values()));
        CounterDescriptors.requireUnique(TestCounter.values());
    }

    private static long total(final CountersFile file, final int typeId)
    {
        return file.snapshot().stream().filter(s -> s.typeId() == typeId).mapToLong(CounterSample::value).sum();
    }
}
