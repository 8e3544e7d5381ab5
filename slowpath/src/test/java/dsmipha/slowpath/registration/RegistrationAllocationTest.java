package dsmipha.slowpath.registration;

import static dsmipha.slowpath.registration.RegistrationFixture.COA4;
import static dsmipha.slowpath.registration.RegistrationFixture.NAT4;
import static dsmipha.slowpath.registration.RegistrationFixture.NAT_PORT;
import static dsmipha.slowpath.registration.RegistrationFixture.SECOND;
import static dsmipha.slowpath.registration.RegistrationFixture.T0;
import static dsmipha.slowpath.registration.RegistrationFixture.nativeRequest;
import static dsmipha.slowpath.registration.RegistrationFixture.udpRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.common.codec.mh.BindingAck;

/**
 * A steady-state refresh allocates nothing; a new binding costs a bounded number of heap bytes (measured, so that
 * a million bindings fit a 2 GiB heap with room to spare).
 */
final class RegistrationAllocationTest
{
    private static final int ROUNDS = 20_000;
    private static final int BINDINGS = 100_000;

    @TempDir
    Path dir;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void steadyStateRefreshDoesNotAllocate()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.config(true, 10, false,
            List.of())))
        {
            final BindingUpdateRequest request = udpRequest(0, NAT4, NAT_PORT, COA4);
            request.hasIpv4HomeAddress = true;
            f.sender.capture = false;
            f.homeLink.capture = false;
            final long threadId = Thread.currentThread().threadId();
            long now = T0;
            int sequence = 0;
            for (int i = 0; i < ROUNDS; i++)
            {
                request.sequence = ++sequence & 0xFFFF;
                f.send(request, now);
                f.processor.doWork(now);
                now += SECOND / 8;
            }
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < ROUNDS; i++)
            {
                request.sequence = ++sequence & 0xFFFF;
                f.send(request, now);
                f.processor.doWork(now);
                now += SECOND / 8;
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            assertTrue(allocated < 1024, "allocated " + allocated + " bytes for " + ROUNDS + " refreshes");
            assertEquals(1, f.processor.bindingCount());
            assertEquals(2 * ROUNDS, f.sender.ackCount);
            assertEquals(BindingAck.STATUS_ACCEPTED, f.sender.last.status);
        }
    }

    @Test
    void newBindingsCostBoundedHeap()
    {
        try (RegistrationFixture f = new RegistrationFixture(dir, RegistrationFixture.labConfig(), BINDINGS))
        {
            final BindingUpdateRequest request = nativeRequest(1);
            request.flags = RegistrationFixture.FLAGS_AH & ~dsmipha.common.codec.mh.BindingUpdate.FLAG_ACKNOWLEDGE;
            f.homeLink.capture = false;
            final long threadId = Thread.currentThread().threadId();
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < BINDINGS; i++)
            {
                request.homeAddressLow = 0x1_0000L + i;
                f.send(request, T0);
            }
            final long perBinding = (threads.getThreadAllocatedBytes(threadId) - before) / BINDINGS;
            System.out.println("registration heap per new binding (incl. cache growth): " + perBinding + " bytes");
            assertEquals(BINDINGS, f.processor.bindingCount());
            assertEquals(BINDINGS, f.bindings.size());
            assertTrue(perBinding < 1000, perBinding + " bytes per binding");
        }
    }
}
