package dsmipha.slowpath;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import dsmipha.common.counters.CounterSlots;
import dsmipha.slowpath.registration.BindingAckReply;
import dsmipha.slowpath.registration.BindingAckWriter;
import dsmipha.slowpath.registration.BindingUpdateRequest;
import dsmipha.slowpath.registration.ReplyPath;
import dsmipha.slowpath.registration.SignalingSender;

/**
 * Puts the registration's messages on the wire: builds each frame with the {@link BindingAckWriter} into one
 * reused scratch frame and hands it to the {@link SlowpathTransmitter}, which copies it into a pool frame and queues
 * it to the worker serving the port. A frame the transmitter refuses (ring full, no frame) is counted there and by
 * {@link SlowpathCounter#TX_SIGNALING_REFUSED} here; the mobile node retransmits (RFC 6275 §11.8). With an
 * {@link AckGate} (binding store on), Binding Acks go through it and leave once their change is journaled.
 * Signaling thread only; no allocation per message.
 */
public final class FrameSignalingSender implements SignalingSender
{
    private static final int TX_BINDING_ACK = SlowpathCounter.TX_BINDING_ACK.ordinal();
    private static final int TX_BINDING_ERROR = SlowpathCounter.TX_BINDING_ERROR.ordinal();
    private static final int TX_BINDING_REFRESH_REQUEST = SlowpathCounter.TX_BINDING_REFRESH_REQUEST.ordinal();
    private static final int TX_SIGNALING_REFUSED = SlowpathCounter.TX_SIGNALING_REFUSED.ordinal();

    private final BindingAckWriter writer = new BindingAckWriter();
    private final MemorySegment scratch = Arena.ofAuto().allocate(BindingAckWriter.MAX_FRAME_LENGTH, 8);
    private final SlowpathTransmitter transmitter;
    private final CounterSlots counters;
    private AckGate ackGate;

    /**
     * @param transmitter where frames leave.
     * @param counters    slots over {@link SlowpathCounter}.
     */
    public FrameSignalingSender(final SlowpathTransmitter transmitter, final CounterSlots counters)
    {
        this.transmitter = transmitter;
        this.counters = counters;
    }

    @Override
    public void bindingAck(final BindingUpdateRequest request, final BindingAckReply reply)
    {
        final int length = writer.writeBindingAck(request, reply, scratch, 0);
        if (ackGate != null)
        {
            ackGate.bindingAck(scratch, 0, length, request.path.port, reply.status);
        }
        else
        {
            send(request.path.port, length, TX_BINDING_ACK);
        }
    }

    /**
     * Hold Binding Acks until the binding change they acknowledge is in the journal (only with the binding store
     * on; Binding Errors and Binding Refresh Requests change no binding and leave at once).
     *
     * @param ackGate the gate, whose {@link AckGate#doWork} the signaling thread runs every duty cycle.
     */
    public void ackGate(final AckGate ackGate)
    {
        this.ackGate = ackGate;
    }

    @Override
    public void bindingError(
        final ReplyPath path,
        final long localHigh,
        final long localLow,
        final long destinationHigh,
        final long destinationLow,
        final int status,
        final long homeHigh,
        final long homeLow)
    {
        final int length = writer.writeBindingError(path, localHigh, localLow, destinationHigh, destinationLow, status,
            homeHigh, homeLow, scratch, 0);
        send(path.port, length, TX_BINDING_ERROR);
    }

    @Override
    public void bindingRefreshRequest(
        final ReplyPath path,
        final long localHigh,
        final long localLow,
        final long careOfHigh,
        final long careOfLow,
        final long homeHigh,
        final long homeLow)
    {
        final int length = writer.writeBindingRefreshRequest(path, localHigh, localLow, careOfHigh, careOfLow,
            homeHigh, homeLow, scratch, 0);
        send(path.port, length, TX_BINDING_REFRESH_REQUEST);
    }

    private void send(final int port, final int length, final int sentCounter)
    {
        if (transmitter.transmit(port, scratch, 0, length))
        {
            counters.increment(sentCounter);
        }
        else
        {
            counters.increment(TX_SIGNALING_REFUSED);
        }
    }
}
