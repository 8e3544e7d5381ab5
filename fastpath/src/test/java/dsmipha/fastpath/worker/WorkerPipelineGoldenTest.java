package dsmipha.fastpath.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.punt.PuntMessageDescriptor;

/**
 * Whole frames through the worker against scapy (fastpath/src/test/scapy/fixtures_worker.py): each case's frame
 * arrives on its port and must leave, octet for octet, as scapy built it on the expected port (downlink
 * encapsulation in every variant and through a prefix binding, uplink decapsulation, native routing, a relayed
 * HoTI), or be punted with the right reason and offsets, or be dropped under the named counter.
 */
class WorkerPipelineGoldenTest
{
    static Stream<String> cases() throws IOException
    {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures/worker")))
        {
            return files.map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".hex") && !n.endsWith("_out.hex"))
                .map(n -> n.substring(0, n.length() - 4))
                .sorted()
                .toList()
                .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void frameLeavesAsScapyBuiltIt(final String name, @TempDir final Path dir)
    {
        final Fixture in = Fixture.load("worker", name);
        try (WorkerFixture f = new WorkerFixture(dir, 256, 32))
        {
            final int inPort = in.intField("in.port");
            f.inject(inPort, in.bytes());
            assertEquals(1, f.worker.doWork());
            f.worker.doWork();
            switch (in.field("verdict"))
            {
                case "tx" -> assertTransmitted(f, name, in);
                case "punt" -> assertPunted(f, in);
                case "drop" -> assertDropped(f, in);
                default -> throw new IllegalArgumentException(in.field("verdict"));
            }
            assertEquals(256, f.pool.available(), "every frame is back in the pool");
        }
    }

    private static void assertTransmitted(final WorkerFixture f, final String name, final Fixture in)
    {
        final Fixture expected = Fixture.load("worker", name + "_out");
        final int outPort = in.intField("out.port");
        final byte[][] sent = f.collect(outPort);
        final byte[][] other = f.collect(1 - outPort);
        assertEquals(1, sent.length, "one frame on port " + outPort);
        assertEquals(0, other.length, "nothing on the other port");
        assertArrayEquals(expected.bytes(), sent[0],
            () -> "\nexpected " + HexFormat.of().formatHex(expected.bytes()) +
                "\nactual   " + HexFormat.of().formatHex(sent[0]));
    }

    private static void assertPunted(final WorkerFixture f, final Fixture in)
    {
        final List<int[]> records = new ArrayList<>();
        f.puntRing.ring().read((type, buffer, index, length) -> records.add(new int[]{type,
            buffer.getShort(index + PuntMessageDescriptor.L3_OFFSET_OFFSET),
            buffer.getShort(index + PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET),
            length - PuntMessageDescriptor.HEADER_LENGTH}));
        assertEquals(1, records.size());
        assertEquals(counter(in.field("reason")).id(), records.get(0)[0], "punt reason");
        assertEquals(in.intField("l3"), records.get(0)[1], "L3 offset");
        assertEquals(in.intField("inner"), records.get(0)[2], "inner L3 offset");
        assertEquals(in.bytes().length, records.get(0)[3], "the whole frame is punted");
        assertEquals(0, f.collect(WorkerFixture.ACCESS).length + f.collect(WorkerFixture.HOME).length);
    }

    private static void assertDropped(final WorkerFixture f, final Fixture in)
    {
        final CounterDescriptor counter = counter(in.field("reason"));
        final long count = counter instanceof FastpathCounter c ? f.count(c) : f.stages.count(counter);
        assertEquals(1, count, counter.label());
        // A TTL or hop limit drop answers with Time Exceeded (RFC 792, RFC 4443 §3.3); nothing else leaves.
        final int icmp = counter == FastpathCounter.DROP_TTL_EXPIRED || counter == FastpathCounter.DROP_HOP_LIMIT_EXPIRED
            ? 1 : 0;
        final byte[][] access = f.collect(WorkerFixture.ACCESS);
        assertEquals(icmp, access.length + f.collect(WorkerFixture.HOME).length);
        if (in.fields().containsKey("error.tunnel"))
        {
            // Ethernet, outer IPv4 (protocol 4) to the care-of address, inner IPv4 ICMP Time Exceeded (type 11).
            final byte[] frame = access[0];
            assertEquals(4, frame[14 + 9], "outer protocol: IPv4 in IPv4");
            assertEquals(1, frame[14 + 20 + 9], "inner protocol: ICMP");
            assertEquals(11, frame[14 + 20 + 20], "ICMP Time Exceeded");
        }
    }

    private static CounterDescriptor counter(final String label)
    {
        for (final FastpathCounter c : FastpathCounter.values())
        {
            if (c.label().equals(label))
            {
                return c;
            }
        }
        for (final CounterDescriptor c : WorkerStages.stageCounters())
        {
            if (c.label().equals(label))
            {
                return c;
            }
        }
        throw new IllegalArgumentException("no counter labelled " + label);
    }
}
