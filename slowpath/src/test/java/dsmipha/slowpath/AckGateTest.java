package dsmipha.slowpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.io.TransmitRing;

/**
 * The Ack gate's rules with the journal positions driven by hand: an accepting Ack leaves only once the journal's
 * written position reaches the change it acknowledges, in FIFO order; rejections overtake nothing; a full FIFO or a
 * change that never reached the journal drops the Ack (counted), never sends it early.
 */
class AckGateTest
{
    private static final int FRAME_LENGTH = 80;
    private static final int ACCEPTED = 0;
    private static final int REJECTED = 135; // RFC 6275 §6.1.8: sequence number out of window

    @TempDir
    Path dir;

    private final FakeJournal journal = new FakeJournal();
    private CountersFile file;
    private CounterSlots counters;
    private FramePool pool;
    private TransmitRing ring;
    private Arena arena;
    private MemorySegment frame;
    private SlowpathTransmitter transmitter;

    @BeforeEach
    void setUp()
    {
        file = CountersFile.create(dir.resolve("c.dat"), 64, "t", 1, 0);
        counters = new CounterSlots(file, SlowpathCounter.values(), 0, "slowpath");
        pool = new FramePool(64, 2048);
        ring = new TransmitRing(pool, 64);
        transmitter = new SlowpathTransmitter(pool, new TransmitRing[] {ring}, counters);
        arena = Arena.ofConfined();
        frame = arena.allocate(FRAME_LENGTH);
    }

    @AfterEach
    void tearDown()
    {
        arena.close();
        pool.close();
        file.close();
    }

    @Test
    void anAcceptingAckWaitsForItsChangeToBeWrittenAndAcksLeaveInOrder()
    {
        final AckGate gate = new AckGate(journal, transmitter, counters, 8);
        journal.enqueued = 100;
        ack(gate, 1, ACCEPTED);
        journal.enqueued = 200;
        ack(gate, 2, ACCEPTED);
        assertEquals(List.of(), sent(), "nothing leaves before the journal write");
        assertEquals(2, gate.pending());
        assertEquals(2, count(SlowpathCounter.TX_ACK_PENDING), "gauge");

        journal.written = 99;
        assertEquals(0, gate.doWork());
        assertEquals(List.of(), sent());
        journal.written = 150;
        assertEquals(1, gate.doWork());
        assertEquals(List.of(1), sent(), "the first change is written, the second is not");
        journal.written = 200;
        assertEquals(1, gate.doWork());
        assertEquals(List.of(2), sent());
        assertEquals(2, count(SlowpathCounter.TX_ACK_HELD));
        assertEquals(2, count(SlowpathCounter.TX_ACK_RELEASED));
        assertEquals(2, count(SlowpathCounter.TX_BINDING_ACK));
        assertEquals(0, count(SlowpathCounter.TX_ACK_PENDING));
        assertEquals(0, gate.doWork(), "nothing left");
    }

    @Test
    void anAckWhoseChangeIsAlreadyWrittenLeavesAtOnce()
    {
        final AckGate gate = new AckGate(journal, transmitter, counters, 8);
        journal.enqueued = 300;
        journal.written = 300;
        ack(gate, 7, ACCEPTED);
        assertEquals(List.of(7), sent());
        assertEquals(0, count(SlowpathCounter.TX_ACK_HELD));
        assertEquals(1, count(SlowpathCounter.TX_BINDING_ACK));
    }

    @Test
    void aRejectionLeavesAtOnceOnlyWhenNothingIsPending()
    {
        final AckGate gate = new AckGate(journal, transmitter, counters, 8);
        journal.enqueued = 64;
        ack(gate, 1, REJECTED);
        assertEquals(List.of(1), sent(), "a rejection changes no binding: no wait");

        ack(gate, 2, ACCEPTED);
        ack(gate, 3, REJECTED);
        assertEquals(List.of(), sent(), "the rejection queues behind the pending acceptance (FIFO per node)");
        journal.written = 64;
        assertEquals(2, gate.doWork());
        assertEquals(List.of(2, 3), sent());
    }

    @Test
    void aFullFifoDropsTheAckAndNeverSendsItEarly()
    {
        final AckGate gate = new AckGate(journal, transmitter, counters, 2);
        journal.enqueued = 10;
        ack(gate, 1, ACCEPTED);
        ack(gate, 2, ACCEPTED);
        ack(gate, 3, ACCEPTED);
        assertEquals(1, count(SlowpathCounter.TX_ACK_HELD_FULL));
        assertEquals(List.of(), sent());
        journal.written = 10;
        assertEquals(2, gate.doWork());
        assertEquals(List.of(1, 2), sent(), "the third was dropped (the mobile node retransmits, RFC 6275 §11.8)");
        ack(gate, 4, ACCEPTED);
        assertEquals(List.of(4), sent(), "room again; this change is written already");
    }

    @Test
    void anAckWhoseChangeNeverReachedTheJournalIsDropped()
    {
        final AckGate gate = new AckGate(journal, transmitter, counters, 8);
        journal.enqueued = 10;
        journal.written = 10;
        journal.misses = 1; // the ring was full for this change
        ack(gate, 1, ACCEPTED);
        assertEquals(List.of(), sent());
        assertEquals(1, count(SlowpathCounter.TX_ACK_NOT_JOURNALED));
        ack(gate, 2, ACCEPTED);
        assertEquals(List.of(2), sent(), "the next journaled change is acknowledged");
    }

    @Test
    void aReleasedAckTheTransmitterRefusesIsCounted()
    {
        final TransmitRing tiny = new TransmitRing(pool, 2);
        final AckGate gate = new AckGate(journal,
            new SlowpathTransmitter(pool, new TransmitRing[] {tiny}, counters), counters, 8);
        journal.enqueued = 10;
        ack(gate, 1, ACCEPTED);
        ack(gate, 2, ACCEPTED);
        ack(gate, 3, ACCEPTED);
        journal.written = 10;
        assertEquals(3, gate.doWork());
        assertEquals(2, count(SlowpathCounter.TX_BINDING_ACK));
        assertEquals(1, count(SlowpathCounter.TX_SIGNALING_REFUSED));
        assertEquals(2, tiny.size());
    }

    @Test
    void aCapacityMustBePositive()
    {
        assertThrows(IllegalArgumentException.class, () -> new AckGate(journal, transmitter, counters, 0));
    }

    private void ack(final AckGate gate, final int tag, final int status)
    {
        frame.fill((byte)tag);
        gate.bindingAck(frame, 0, FRAME_LENGTH, 0, status);
    }

    private List<Integer> sent()
    {
        final PacketBurst burst = new PacketBurst(pool, 64);
        ring.poll(burst, 64);
        final List<Integer> tags = new ArrayList<>();
        for (int i = 0; i < burst.count(); i++)
        {
            assertEquals(FRAME_LENGTH, burst.length(i));
            final long address = burst.address(i);
            tags.add((int)pool.memory().get(ValueLayout.JAVA_BYTE, address));
            final byte last = pool.memory().get(ValueLayout.JAVA_BYTE, address + FRAME_LENGTH - 1);
            assertEquals(tags.getLast().byteValue(), last, "the whole frame was kept");
        }
        burst.freeAll();
        return tags;
    }

    private long count(final SlowpathCounter counter)
    {
        return counters.get(counter.ordinal());
    }

    private static final class FakeJournal implements AckJournal
    {
        long enqueued;
        long written;
        long misses;

        @Override
        public long enqueuedPosition()
        {
            return enqueued;
        }

        @Override
        public long writtenPosition()
        {
            return written;
        }

        @Override
        public long journalMisses()
        {
            return misses;
        }
    }
}
