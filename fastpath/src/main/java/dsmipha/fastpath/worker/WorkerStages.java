package dsmipha.fastpath.worker;

import org.agrona.concurrent.NanoClock;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterSlots;
import dsmipha.fastpath.binding.BindingResolver;
import dsmipha.fastpath.decap.DecapCounter;
import dsmipha.fastpath.decap.Decapsulator;
import dsmipha.fastpath.encap.EncapCounter;
import dsmipha.fastpath.encap.Encapsulator;
import dsmipha.fastpath.icmp.IcmpCounter;
import dsmipha.fastpath.icmp.IcmpErrorGenerator;
import dsmipha.fastpath.icmp.Ipv4Fragmenter;
import dsmipha.fastpath.icmp.Ipv6Fragmenter;
import dsmipha.fastpath.icmp.TunnelMtuCheck;
import dsmipha.fastpath.route.Egress;
import dsmipha.fastpath.route.EgressCounter;

/**
 * One worker's pipeline stages: its own instances (flyweights, scratch state, per-stage counters) over the tables
 * every worker shares ({@link FastpathTables}). Built once per worker, before its thread starts.
 */
public final class WorkerStages
{
    private static final EncapCounter[] ENCAP = EncapCounter.values();
    private static final DecapCounter[] DECAP = DecapCounter.values();
    private static final EgressCounter[] EGRESS = EgressCounter.values();
    private static final IcmpCounter[] ICMP = IcmpCounter.values();

    private final Classifier classifier;
    private final Forwarder forwarder = new Forwarder();
    private final BindingResolver resolver;
    private final Decapsulator decapsulator;
    private final Encapsulator encapsulator;
    private final TunnelMtuCheck mtu = new TunnelMtuCheck();
    private final IcmpErrorGenerator icmp;
    private final Ipv4Fragmenter fragmenter;
    private final Ipv6Fragmenter fragmenter6;
    private final Egress egress;

    /**
     * @param workerIndex this worker's number (seeds its IPv4 identification sequence apart from the others').
     * @param tables      the shared tables.
     * @param clock       time for the ICMP rate limit.
     */
    public WorkerStages(final int workerIndex, final FastpathTables tables, final NanoClock clock)
    {
        this.classifier = new Classifier(tables.local());
        this.resolver = new BindingResolver(tables.bindings(), tables.prefixes());
        this.decapsulator =
            new Decapsulator(new BindingResolver(tables.bindings(), tables.prefixes()), tables.local());
        this.encapsulator = new Encapsulator(workerIndex << 12);
        this.icmp = tables.newIcmpErrorGenerator(clock);
        this.fragmenter = tables.newFragmenter();
        this.fragmenter6 = new Ipv6Fragmenter(workerIndex << 24);
        this.egress = tables.newEgress();
    }

    /**
     * @return the counters of every stage, in the order {@link #collectCounters} fills them: encapsulation,
     *         decapsulation, egress, MTU/ICMP/fragmentation.
     */
    public static CounterDescriptor[] stageCounters()
    {
        final CounterDescriptor[] all =
            new CounterDescriptor[ENCAP.length + DECAP.length + EGRESS.length + ICMP.length];
        int at = 0;
        System.arraycopy(ENCAP, 0, all, at, ENCAP.length);
        at += ENCAP.length;
        System.arraycopy(DECAP, 0, all, at, DECAP.length);
        at += DECAP.length;
        System.arraycopy(EGRESS, 0, all, at, EGRESS.length);
        at += EGRESS.length;
        System.arraycopy(ICMP, 0, all, at, ICMP.length);
        return all;
    }

    /**
     * Copy every stage's totals into slots laid out as {@link #stageCounters()} (the caller publishes them).
     *
     * @param slots counter slots over {@link #stageCounters()}.
     */
    public void collectCounters(final CounterSlots slots)
    {
        int index = 0;
        for (final EncapCounter counter : ENCAP)
        {
            slots.set(index++, encapsulator.count(counter));
        }
        for (final DecapCounter counter : DECAP)
        {
            slots.set(index++, decapsulator.count(counter));
        }
        for (final EgressCounter counter : EGRESS)
        {
            slots.set(index++, egress.count(counter));
        }
        for (final IcmpCounter counter : ICMP)
        {
            slots.set(index++, icmp.count(counter) + fragmenter.count(counter) + fragmenter6.count(counter) + mtu.count(counter));
        }
    }

    /**
     * @param counter a stage counter.
     * @return its total over this worker's stages.
     */
    public long count(final CounterDescriptor counter)
    {
        if (counter instanceof EncapCounter c)
        {
            return encapsulator.count(c);
        }
        if (counter instanceof DecapCounter c)
        {
            return decapsulator.count(c);
        }
        if (counter instanceof EgressCounter c)
        {
            return egress.count(c);
        }
        if (counter instanceof IcmpCounter c)
        {
            return icmp.count(c) + fragmenter.count(c) + fragmenter6.count(c) + mtu.count(c);
        }
        throw new IllegalArgumentException("not a stage counter: " + counter);
    }

    /**
     * @return stage {@code ha-classify}.
     */
    public Classifier classifier()
    {
        return classifier;
    }

    /**
     * @return stage {@code ip-forward}.
     */
    public Forwarder forwarder()
    {
        return forwarder;
    }

    /**
     * @return the binding lookup (exact, then prefix).
     */
    public BindingResolver resolver()
    {
        return resolver;
    }

    /**
     * @return stage {@code mip-decap}.
     */
    public Decapsulator decapsulator()
    {
        return decapsulator;
    }

    /**
     * @return stage {@code mip-encap}.
     */
    public Encapsulator encapsulator()
    {
        return encapsulator;
    }

    /**
     * @return the tunnel MTU check.
     */
    public TunnelMtuCheck mtu()
    {
        return mtu;
    }

    /**
     * @return the ICMP error generator.
     */
    public IcmpErrorGenerator icmp()
    {
        return icmp;
    }

    /**
     * @return the IPv4 fragmenter.
     */
    public Ipv4Fragmenter fragmenter()
    {
        return fragmenter;
    }

    /**
     * @return the IPv6 tunnel-entry fragmenter.
     */
    public Ipv6Fragmenter fragmenter6()
    {
        return fragmenter6;
    }

    /**
     * @return stage {@code egress}.
     */
    public Egress egress()
    {
        return egress;
    }
}
