package dsmipha.slowpath.registration;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.common.testing.Addresses.low;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.PrefixMatch;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.encap.OuterHeaderTemplate;

/**
 * A registration processor over real (small) fastpath tables, a capturing sender and a recording home link, with
 * helpers that fill Binding Update requests by hand.
 */
final class RegistrationFixture implements AutoCloseable
{
    static final long SECOND = 1_000_000_000L;
    static final long T0 = 1_000 * SECOND;
    static final long HA_HIGH = high("2001:db8:a::1");
    static final long HA_LOW = low("2001:db8:a::1");
    static final int HA4 = ipv4("198.51.100.1");
    static final long HOME_HIGH = high("2001:db8:a::100");
    static final long HOME_LOW = low("2001:db8:a::100");
    static final long OTHER_HOME_LOW = low("2001:db8:a::200");
    static final long COA_HIGH = high("2001:db8:c::5");
    static final long COA_LOW = low("2001:db8:c::5");
    static final long COA2_LOW = low("2001:db8:c::6");
    static final int COA4 = ipv4("192.0.2.10");
    static final int NAT4 = ipv4("203.0.113.7");
    static final int NAT_PORT = 40000;
    static final int STATIC4 = ipv4("198.51.100.20");
    static final long MNP_HIGH = high("2001:db8:b:100::");
    static final int FLAGS_AH = BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION;

    final BindingTable bindings;
    final PrefixTable prefixes = new PrefixTable(16, 43);
    final OuterHeaderTemplate templates = new OuterHeaderTemplate(HA_HIGH, HA_LOW, HA4, 64);
    final FakeHomeLink homeLink = new FakeHomeLink();
    final CapturingSender sender = new CapturingSender();
    final CountersFile file;
    final CounterSlots counters;
    final Ipv4AddressPool addressPool;
    final Ipv4PrefixPool prefixPool;
    final RegistrationConfig config;
    final RegistrationProcessor processor;
    final BindingView view = new BindingView();
    final PrefixMatch match = new PrefixMatch();

    RegistrationFixture(final Path dir, final RegistrationConfig config)
    {
        this(dir, config, 16);
    }

    RegistrationFixture(final Path dir, final RegistrationConfig config, final int bindingCapacity)
    {
        this.config = config;
        bindings = new BindingTable(bindingCapacity, 42);
        file = CountersFile.create(dir.resolve("counters.dat"), 128, "t", 1, 0);
        counters = new CounterSlots(file, RegistrationCounter.values(), 0, "reg");
        addressPool = new Ipv4AddressPool(config.ipv4AddressPools());
        prefixPool = new Ipv4PrefixPool(config.ipv4PrefixPools());
        processor = new RegistrationProcessor(config, bindings, prefixes, templates, homeLink, sender, counters,
            addressPool, prefixPool);
    }

    /** The lab config: any home address of 2001:db8:a::/64, pools, no DAD, unprotected allowed. */
    static RegistrationConfig labConfig()
    {
        return config(true, 0, false, List.of());
    }

    static RegistrationConfig config(
        final boolean authorizeHomePrefix, final int refreshLead, final boolean forceUdp,
        final List<RegistrationConfig.MobileNodePolicy> policies)
    {
        return new RegistrationConfig(true, 3600, refreshLead, 110, forceUdp,
            RegistrationConfig.HomeLinkMode.PROXY, false, 1400,
            List.of(new RegistrationConfig.Ipv6Prefix(high("2001:db8:a::"), 0, 64, Long.MAX_VALUE)),
            List.of(new RegistrationConfig.Ipv4Prefix(ipv4("198.51.100.0"), 24)), authorizeHomePrefix,
            List.of(new RegistrationConfig.Ipv4Prefix(ipv4("198.51.100.128"), 30)),
            List.of(new RegistrationConfig.Ipv4Prefix(ipv4("198.51.100.96"), 27)), policies);
    }

    static RegistrationConfig.MobileNodePolicy router(final long homeLow, final List<Long> prefixHighs)
    {
        final List<RegistrationConfig.Ipv6Prefix> list = new ArrayList<>();
        for (final long prefix : prefixHighs)
        {
            list.add(new RegistrationConfig.Ipv6Prefix(prefix, 0, 64, Long.MAX_VALUE));
        }
        return new RegistrationConfig.MobileNodePolicy(HOME_HIGH, homeLow, 0, false, List.of(), true, list);
    }

    /** A native IPv6 home registration from COA for HOME with the HAO, A and H set, 60 s. */
    static BindingUpdateRequest nativeRequest(final int sequence)
    {
        final BindingUpdateRequest request = new BindingUpdateRequest().clear();
        request.path.transport = SignalingTransport.NATIVE_IPV6;
        request.sourceHigh = COA_HIGH;
        request.sourceLow = COA_LOW;
        request.destinationHigh = HA_HIGH;
        request.destinationLow = HA_LOW;
        request.hasHomeAddressOption = true;
        request.homeAddressHigh = HOME_HIGH;
        request.homeAddressLow = HOME_LOW;
        request.sequence = sequence;
        request.flags = FLAGS_AH;
        request.lifetimeUnits = 15;
        return request;
    }

    /** A registration over IPv4/UDP: outer source (address, port), IPv4 CoA option coa4, no HAO. */
    static BindingUpdateRequest udpRequest(final int sequence, final int outer, final int port, final int coa4)
    {
        final BindingUpdateRequest request = nativeRequest(sequence);
        request.path.transport = SignalingTransport.IPV4_UDP;
        request.path.peerIpv4 = outer;
        request.path.localIpv4 = HA4;
        request.path.peerUdpPort = port;
        request.path.localUdpPort = 4191;
        request.hasHomeAddressOption = false;
        request.sourceHigh = HOME_HIGH;
        request.sourceLow = HOME_LOW;
        request.hasIpv4CareOf = true;
        request.ipv4CareOf = coa4;
        return request;
    }

    void send(final BindingUpdateRequest request, final long nowNs)
    {
        processor.onBindingUpdate(request, nowNs);
    }

    long count(final RegistrationCounter counter)
    {
        return counters.get(counter.ordinal());
    }

    BindingAckReply lastAck()
    {
        return sender.acks.isEmpty() ? null : sender.acks.get(sender.acks.size() - 1);
    }

    boolean hasIpv6(final long high, final long low)
    {
        return bindings.lookupIpv6(high, low, view) >= 0;
    }

    boolean hasIpv4(final int address)
    {
        return bindings.lookupIpv4(address, view) >= 0;
    }

    @Override
    public void close()
    {
        bindings.close();
        prefixes.close();
        file.close();
    }

    /** Captures what the processor sends (copies: the processor reuses its reply). */
    static final class CapturingSender implements SignalingSender
    {
        final List<BindingAckReply> acks = new ArrayList<>();
        final List<long[]> refreshRequests = new ArrayList<>();
        final BindingAckReply last = new BindingAckReply();
        boolean capture = true;
        int ackCount;
        int bindingErrors;

        @Override
        public void bindingAck(final BindingUpdateRequest request, final BindingAckReply reply)
        {
            ackCount++;
            last.status = reply.status;
            if (!capture)
            {
                return;
            }
            final BindingAckReply copy = new BindingAckReply();
            copy.status = reply.status;
            copy.flags = reply.flags;
            copy.sequence = reply.sequence;
            copy.lifetimeUnits = reply.lifetimeUnits;
            copy.localHigh = reply.localHigh;
            copy.localLow = reply.localLow;
            copy.careOfHigh = reply.careOfHigh;
            copy.careOfLow = reply.careOfLow;
            copy.homeHigh = reply.homeHigh;
            copy.homeLow = reply.homeLow;
            copy.includeIpv4Ack = reply.includeIpv4Ack;
            copy.ipv4AckStatus = reply.ipv4AckStatus;
            copy.ipv4AckPrefixLength = reply.ipv4AckPrefixLength;
            copy.ipv4AckAddress = reply.ipv4AckAddress;
            copy.includeNatDetection = reply.includeNatDetection;
            copy.natForceUdp = reply.natForceUdp;
            copy.natRefreshSeconds = reply.natRefreshSeconds;
            acks.add(copy);
        }

        @Override
        public void bindingError(
            final ReplyPath path, final long localHigh, final long localLow, final long destinationHigh,
            final long destinationLow, final int status, final long homeHigh, final long homeLow)
        {
            bindingErrors++;
        }

        @Override
        public void bindingRefreshRequest(
            final ReplyPath path, final long localHigh, final long localLow, final long careOfHigh,
            final long careOfLow, final long homeHigh, final long homeLow)
        {
            refreshRequests.add(new long[] {path.transport, localHigh, localLow, careOfHigh, careOfLow, homeHigh,
                homeLow});
        }
    }

    /** Records the home link calls; DAD outcomes are delivered by the test. */
    static final class FakeHomeLink implements HomeLink
    {
        final List<String> events = new ArrayList<>();
        boolean capture = true;
        int registered;
        boolean dad;
        long dadToken;
        DadListener dadListener;
        int dadStarts;

        @Override
        public boolean proxiesIpv4(final int port, final int address)
        {
            return false;
        }

        @Override
        public boolean proxiesIpv6(final int port, final long high, final long low)
        {
            return false;
        }

        @Override
        public void onRegistered(
            final long homeHigh, final long homeLow, final int ipv4Home, final boolean newBinding, final long nowNs)
        {
            registered++;
            if (!capture)
            {
                return;
            }
            events.add("reg " + Long.toHexString(homeHigh) + ":" + Long.toHexString(homeLow) + " " +
                Integer.toHexString(ipv4Home) + " " + newBinding);
        }

        @Override
        public void onDeregistered(final long homeHigh, final long homeLow, final int ipv4Home, final long nowNs)
        {
            events.add("dereg " + Long.toHexString(homeHigh) + ":" + Long.toHexString(homeLow) + " " +
                Integer.toHexString(ipv4Home));
        }

        @Override
        public boolean duplicateAddressDetection()
        {
            return dad;
        }

        @Override
        public void startDuplicateAddressDetection(
            final long homeHigh, final long homeLow, final long token, final DadListener listener, final long nowNs)
        {
            dadStarts++;
            dadToken = token;
            dadListener = listener;
        }

        @Override
        public int doWork(final long nowNs)
        {
            return 0;
        }
    }
}
