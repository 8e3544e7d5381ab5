package dsmipha.slowpath;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.mh.BindingError;
import dsmipha.common.counters.CounterSlots;
import dsmipha.slowpath.registration.BindingUpdateReader;
import dsmipha.slowpath.registration.BindingUpdateRequest;
import dsmipha.slowpath.registration.HomeLink;
import dsmipha.slowpath.registration.RegistrationProcessor;
import dsmipha.slowpath.registration.SignalingInputCounter;
import dsmipha.slowpath.registration.SignalingSender;

/**
 * The Mobility Header half of the signaling agent: each punted Mobility Header record is decoded by the
 * {@link BindingUpdateReader} (which counts every reject by name) and a well-formed Binding Update goes to the
 * {@link RegistrationProcessor}, which publishes the binding and answers. Other outcomes:
 * <ul>
 *   <li>an unknown MH Type: Binding Error status 2 to its source (RFC 6275 §9.2);</li>
 *   <li>a known MH Type other than Binding Update carrying a Home Address option for which there is no binding:
 *       Binding Error status 1 (RFC 6275 §9.3.1);</li>
 *   <li>everything else the reader refuses: dropped, counted under {@link SignalingInputCounter}.</li>
 * </ul>
 * Its timers (binding expiry, Binding Refresh Requests, DAD, announcements) run from {@link #doWork}.
 * Signaling thread only.
 */
public final class MobilitySignaling
{
    private final BindingUpdateReader reader = new BindingUpdateReader();
    private final BindingUpdateRequest request = new BindingUpdateRequest();
    private final RegistrationProcessor processor;
    private final SignalingSender sender;
    private final HomeLink homeLink;
    private final CounterSlots inputCounters;
    private final CounterSlots registrationCounters;
    private final CounterSlots homeLinkCounters;
    private BindingPersistence persistence;
    private AckGate ackGate;

    /**
     * @param processor            the registration rules.
     * @param sender               where Binding Errors go (the processor has its own for Binding Acks).
     * @param homeLink             the home link duties, whose timers run here.
     * @param inputCounters        slots over {@link SignalingInputCounter}.
     * @param registrationCounters the slots the processor increments (published here).
     * @param homeLinkCounters     slots over {@code HomeLinkCounter}.
     */
    public MobilitySignaling(
        final RegistrationProcessor processor,
        final SignalingSender sender,
        final HomeLink homeLink,
        final CounterSlots inputCounters,
        final CounterSlots registrationCounters,
        final CounterSlots homeLinkCounters)
    {
        this.processor = processor;
        this.sender = sender;
        this.homeLink = homeLink;
        this.inputCounters = inputCounters;
        this.registrationCounters = registrationCounters;
        this.homeLinkCounters = homeLinkCounters;
    }

    /**
     * Handle one punted Mobility Header record.
     *
     * @param memory       the punt ring's memory.
     * @param recordOffset where the punt header starts.
     * @param recordLength punt header plus packet.
     * @param nowNs        current time.
     */
    public void onMobilityPunt(final MemorySegment memory, final long recordOffset, final int recordLength,
        final long nowNs)
    {
        final int result = reader.read(memory, recordOffset, recordLength, request);
        if (result == BindingUpdateReader.OK)
        {
            processor.onBindingUpdate(request, nowNs);
        }
        else if (BindingUpdateReader.isUnknownMhType(result))
        {
            // RFC 6275 §9.2: an unrecognized MH Type is answered with Binding Error status 2.
            sendBindingError(BindingError.STATUS_UNRECOGNIZED_MH_TYPE);
        }
        else if (result == SignalingInputCounter.DROP_MH_NOT_BINDING_UPDATE.resultCode() &&
            request.hasHomeAddressOption &&
            !processor.hasBinding(request.homeAddressHigh, request.homeAddressLow))
        {
            // RFC 6275 §9.3.1: a Home Address option for which there is no binding: Binding Error status 1.
            sendBindingError(BindingError.STATUS_UNKNOWN_BINDING_FOR_HOME_ADDRESS);
        }
        else if (result < 0)
        {
            // Checksum and syntax drops are security events (RFC 6275 §15), logged with what was decoded.
            processor.registrationEvents().onSignalingDropped(request, SignalingInputCounter.fromResultCode(result));
        }
    }

    /**
     * Run the registration's and the home link's timers.
     *
     * @param nowNs current time.
     * @return work done.
     */
    public int doWork(final long nowNs)
    {
        int work = processor.doWork(nowNs) + homeLink.doWork(nowNs);
        if (persistence != null)
        {
            work += persistence.doWork(nowNs);
        }
        if (ackGate != null)
        {
            work += ackGate.doWork();
        }
        return work;
    }

    /**
     * Release the Binding Acks held by this gate from {@link #doWork} (with the binding store on).
     *
     * @param ackGate the gate the processor's sender holds Acks in.
     */
    public void ackGate(final AckGate ackGate)
    {
        this.ackGate = ackGate;
    }

    /**
     * Keep bindings across restarts: journal every change (the persistence must already have recovered into the
     * processor) and run the store's batched fsync and compaction from {@link #doWork}.
     *
     * @param persistence the binding store's listener.
     */
    public void persistence(final BindingPersistence persistence)
    {
        this.persistence = persistence;
    }

    /**
     * Publish the reader's, the processor's and the home link's counters.
     */
    public void publish()
    {
        reader.publish(inputCounters);
        registrationCounters.publish();
        homeLink.publish(homeLinkCounters);
        if (persistence != null)
        {
            persistence.publish();
        }
    }

    /**
     * @return the registration rules (tools, tests, persistence).
     */
    public RegistrationProcessor processor()
    {
        return processor;
    }

    private void sendBindingError(final int status)
    {
        final long homeHigh = request.hasHomeAddressOption ? request.homeAddressHigh : request.sourceHigh;
        final long homeLow = request.hasHomeAddressOption ? request.homeAddressLow : request.sourceLow;
        sender.bindingError(request.path, request.destinationHigh, request.destinationLow, request.sourceHigh,
            request.sourceLow, status, homeHigh, homeLow);
    }
}
