package dsmipha.slowpath;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.mh.MobilityHeader;
import dsmipha.common.counters.CounterSlots;
import dsmipha.fastpath.punt.PuntMessageDescriptor;
import dsmipha.fastpath.punt.PuntProxy;
import dsmipha.fastpath.punt.PuntRing;
import dsmipha.fastpath.worker.FastpathCounter;
import dsmipha.slowpath.neighbor.NeighborResolver;
import dsmipha.slowpath.registration.BindingUpdateReader;

/**
 * The slowpath's signaling agent: the one thread that owns signaling state. Each duty cycle it drains up to a
 * bounded number of punted packets from the punt ring (so timers and publishing are never starved by a signaling
 * storm), decodes each with the wire codecs and dispatches it by punt reason.
 * <p>
 * ARP, Neighbor Discovery and the fastpath's next-hop requests go to the {@link NeighborResolver}, whose timers
 * run in this duty cycle too. Mobility Headers (native, in IPv4 protocol 41, in IPv4/UDP 4191) go to
 * {@link MobilitySignaling}: home registration, Binding Acknowledgements, Binding Errors, and the registration's
 * timers. Without it (a bare agent in tests) they are validated, counted by kind and counted as
 * {@link SlowpathCounter#NOT_SERVED}. Mobile IPv4 registration is not served yet and is counted the same way.
 * <p>
 * Not thread safe: one thread.
 */
public final class SignalingAgent implements Agent, MessageHandler
{
    /** Most punt records handled per duty cycle (Aeron's drain limits). */
    public static final int DRAIN_LIMIT = 64;

    private static final int PUNTS_READ = SlowpathCounter.PUNTS_READ.ordinal();
    private static final int RX_MH = SlowpathCounter.RX_MOBILITY_HEADER.ordinal();
    private static final int RX_BU = SlowpathCounter.RX_BINDING_UPDATE.ordinal();
    private static final int RX_MH_OTHER = SlowpathCounter.RX_MOBILITY_OTHER.ordinal();
    private static final int DROP_MALFORMED_MH = SlowpathCounter.DROP_MALFORMED_MOBILITY_HEADER.ordinal();
    private static final int NOT_SERVED = SlowpathCounter.NOT_SERVED.ordinal();
    private static final int RX_DSMIP6 = SlowpathCounter.RX_DSMIP6_UDP.ordinal();

    private static final int RX_HOST_BOUND = SlowpathCounter.RX_HOST_BOUND.ordinal();
    private static final int RX_LEGACY_PORT = SlowpathCounter.RX_LEGACY_DSMIP_PORT.ordinal();
    private static final int IPV4_MIN_LENGTH = 20;
    private static final int IPV4_PROTOCOL_OFFSET = 9;
    private static final int IPV4_PROTOCOL_UDP = 17;
    private static final int UDP_PORTS_LENGTH = 4;
    private static final ValueLayout.OfShort BIG_ENDIAN_SHORT =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong BIG_ENDIAN_LONG =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private final ManyToOneRingBuffer ring;
    private final MemorySegment ringMemory;
    private final CounterSlots counters;
    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final MobilityHeader mobilityHeader = new MobilityHeader();
    private final NeighborResolver resolver;
    private final CounterSlots neighborCounters;
    private final NanoClock clock;
    private final TableCounters tableCounters;
    private final MobilitySignaling mobility;
    private Duty[] duties = new Duty[0];
    private long nowNs;

    /**
     * Further work the signaling thread does each duty cycle, after signaling and timers: work that must run on
     * the thread owning the binding cache (the control socket's binding dumps) in bounded steps.
     */
    @FunctionalInterface
    public interface Duty
    {
        /**
         * @param nowNs the duty cycle's time.
         * @return work done (0 when idle).
         */
        int doWork(long nowNs);
    }

    /**
     * A signaling agent without next-hop resolution (ARP and ND are counted, not served).
     *
     * @param puntRing the ring the workers punt into.
     * @param counters counter slots over {@link SlowpathCounter}.
     */
    public SignalingAgent(final PuntRing puntRing, final CounterSlots counters)
    {
        this(puntRing, counters, null, null, () -> 0L, null);
    }

    /**
     * @param puntRing         the ring the workers punt into.
     * @param counters         counter slots over {@link SlowpathCounter}.
     * @param resolver         the neighbour resolver ARP, ND and next-hop requests go to (this thread owns it).
     * @param neighborCounters counter slots over {@code NeighborCounter}.
     * @param clock            time for the resolver's timers.
     * @param tableCounters    the binding and prefix tables' writer counters, or null.
     */
    public SignalingAgent(
        final PuntRing puntRing,
        final CounterSlots counters,
        final NeighborResolver resolver,
        final CounterSlots neighborCounters,
        final NanoClock clock,
        final TableCounters tableCounters)
    {
        this(puntRing, counters, resolver, neighborCounters, clock, tableCounters, null);
    }

    /**
     * @param puntRing         the ring the workers punt into.
     * @param counters         counter slots over {@link SlowpathCounter}.
     * @param resolver         the neighbour resolver ARP, ND and next-hop requests go to (this thread owns it).
     * @param neighborCounters counter slots over {@code NeighborCounter}.
     * @param clock            time for the resolver's and the registration's timers.
     * @param tableCounters    the binding and prefix tables' writer counters, or null.
     * @param mobility         home registration (Binding Updates in, Binding Acks out), or null to count Mobility
     *                         Headers without answering them.
     */
    public SignalingAgent(
        final PuntRing puntRing,
        final CounterSlots counters,
        final NeighborResolver resolver,
        final CounterSlots neighborCounters,
        final NanoClock clock,
        final TableCounters tableCounters,
        final MobilitySignaling mobility)
    {
        this.mobility = mobility;
        this.ring = puntRing.ring();
        this.ringMemory = puntRing.memory();
        this.counters = counters;
        this.resolver = resolver;
        this.neighborCounters = neighborCounters;
        this.clock = clock;
        this.tableCounters = tableCounters;
        if (tableCounters != null)
        {
            tableCounters.publish();
        }
    }

    @Override
    public int doWork()
    {
        nowNs = clock.nanoTime();
        final int read = ring.read(this, DRAIN_LIMIT);
        int work = read;
        if (mobility != null)
        {
            work += mobility.doWork(nowNs);
        }
        if (resolver != null)
        {
            work += resolver.doWork(nowNs);
            if (work > 0)
            {
                resolver.publish(neighborCounters);
            }
        }
        for (final Duty duty : duties)
        {
            work += duty.doWork(nowNs);
        }
        if (work > 0)
        {
            if (mobility != null)
            {
                mobility.publish();
            }
            counters.publish();
            if (tableCounters != null)
            {
                tableCounters.publish();
            }
        }
        return work;
    }

    /**
     * Add a duty that runs on this thread each duty cycle. Call before the agent starts.
     *
     * @param duty the duty.
     */
    public void addDuty(final Duty duty)
    {
        final Duty[] grown = java.util.Arrays.copyOf(duties, duties.length + 1);
        grown[duties.length] = java.util.Objects.requireNonNull(duty, "duty");
        duties = grown;
    }

    @Override
    public String roleName()
    {
        return "slowpath";
    }

    @Override
    public void onMessage(final int reasonId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        counters.increment(PUNTS_READ);
        final long packet = index + PuntMessageDescriptor.HEADER_LENGTH;
        final long limit = (long)index + length;
        final int innerOffset =
            ringMemory.get(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET);
        if (reasonId == FastpathCounter.PUNT_MOBILITY_HEADER.id())
        {
            onMobilityHeader(index, length, packet + innerOffset, limit);
        }
        else if (reasonId == FastpathCounter.PUNT_DSMIP6_UDP.id())
        {
            // RFC 5555 §4.1: the fastpath punts UDP 4191 only when an IPv6 Mobility Header to us is inside.
            counters.increment(RX_DSMIP6);
            onMobilityHeader(index, length, packet + innerOffset, limit);
        }
        else if (reasonId == FastpathCounter.PUNT_HOST_BOUND.id() && isLegacyDsmipUdp(index, packet, limit))
        {
            counters.increment(RX_HOST_BOUND);
            counters.increment(RX_LEGACY_PORT);
        }
        else
        {
            counters.increment(reasonCounter(reasonId).ordinal());
            if (resolver == null || !resolve(reasonId, index, packet, limit))
            {
                counters.increment(NOT_SERVED);
            }
        }
    }

    private boolean resolve(final int reasonId, final int index, final long packet, final long limit)
    {
        final int port = Short.toUnsignedInt(ringMemory.get(ValueLayout.JAVA_SHORT,
            index + PuntMessageDescriptor.PORT_OFFSET));
        final int length = (int)(limit - packet);
        if (reasonId == FastpathCounter.PUNT_ARP.id())
        {
            resolver.onArp(ringMemory, packet, length, port, nowNs);
            return true;
        }
        if (reasonId == FastpathCounter.PUNT_NEIGHBOR_DISCOVERY.id())
        {
            resolver.onNeighborDiscovery(ringMemory, packet, length, port, nowNs);
            return true;
        }
        if (reasonId == FastpathCounter.PUNT_NEIGHBOR_MISS.id() && length >= PuntProxy.NEXT_HOP_LENGTH)
        {
            resolver.onUnresolved(port, ringMemory.get(BIG_ENDIAN_LONG, packet),
                ringMemory.get(BIG_ENDIAN_LONG, packet + 8), nowNs);
            return true;
        }
        return false;
    }

    /**
     * @return this agent's counters.
     */
    public CounterSlots counters()
    {
        return counters;
    }

    private void onMobilityHeader(final int index, final int length, final long ipv6Offset, final long limit)
    {
        counters.increment(RX_MH);
        if (mobility != null)
        {
            mobility.onMobilityPunt(ringMemory, index, length, nowNs);
            return;
        }
        if (walker.walk(ringMemory, ipv6Offset, limit) != CodecStatus.OK ||
            walker.upperLayerProtocol() != MobilityHeader.PROTOCOL ||
            mobilityHeader.wrap(ringMemory, walker.upperLayerOffset(), walker.packetEnd()) != CodecStatus.OK)
        {
            counters.increment(DROP_MALFORMED_MH);
            return;
        }
        counters.increment(mobilityHeader.type() == MobilityHeader.TYPE_BINDING_UPDATE ? RX_BU : RX_MH_OTHER);
        counters.increment(NOT_SERVED);
    }

    /**
     * Pre-RFC 5555 DSMIPv6 drafts sent Binding Updates in IPv4/UDP to ports 666 and 667 (docs/registration.md):
     * recognized so that such mobile nodes show up in the counters rather than among other host-bound traffic.
     */
    private boolean isLegacyDsmipUdp(final int index, final long packet, final long limit)
    {
        final long l3 = packet + ringMemory.get(ValueLayout.JAVA_SHORT, index + PuntMessageDescriptor.L3_OFFSET_OFFSET);
        if (l3 + IPV4_MIN_LENGTH + UDP_PORTS_LENGTH > limit ||
            (ringMemory.get(ValueLayout.JAVA_BYTE, l3) & 0xF0) != 0x40 ||
            ringMemory.get(ValueLayout.JAVA_BYTE, l3 + IPV4_PROTOCOL_OFFSET) != IPV4_PROTOCOL_UDP)
        {
            return false;
        }
        final long udp = l3 + (ringMemory.get(ValueLayout.JAVA_BYTE, l3) & 0x0F) * 4L;
        return udp + UDP_PORTS_LENGTH <= limit &&
            BindingUpdateReader.isLegacyDsmipUdpPort(Short.toUnsignedInt(ringMemory.get(BIG_ENDIAN_SHORT, udp + 2)));
    }

    private static SlowpathCounter reasonCounter(final int reasonId)
    {
        if (reasonId == FastpathCounter.PUNT_MIP4_REGISTRATION.id())
        {
            return SlowpathCounter.RX_MIP4_REGISTRATION;
        }
        if (reasonId == FastpathCounter.PUNT_DSMIP6_UDP.id())
        {
            return SlowpathCounter.RX_DSMIP6_UDP;
        }
        if (reasonId == FastpathCounter.PUNT_ICMPV6_MOBILITY.id())
        {
            return SlowpathCounter.RX_ICMPV6_MOBILITY;
        }
        if (reasonId == FastpathCounter.PUNT_NEIGHBOR_DISCOVERY.id())
        {
            return SlowpathCounter.RX_NEIGHBOR_DISCOVERY;
        }
        if (reasonId == FastpathCounter.PUNT_ARP.id())
        {
            return SlowpathCounter.RX_ARP;
        }
        if (reasonId == FastpathCounter.PUNT_IKE.id())
        {
            return SlowpathCounter.RX_IKE;
        }
        if (reasonId == FastpathCounter.PUNT_HOST_BOUND.id())
        {
            return SlowpathCounter.RX_HOST_BOUND;
        }
        if (reasonId == FastpathCounter.PUNT_NEIGHBOR_MISS.id())
        {
            return SlowpathCounter.RX_NEIGHBOR_MISS;
        }
        return SlowpathCounter.RX_UNKNOWN_REASON;
    }
}
