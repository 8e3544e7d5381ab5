package dsmipha.slowpath.registration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import org.agrona.collections.Hashing;
import org.agrona.collections.Int2ObjectHashMap;

import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.codec.mh.Ipv4AddressAcknowledgementOption;
import dsmipha.common.counters.CounterSlots;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.encap.OuterHeaderTemplate;

/**
 * The home agent's home registration rules: RFC 6275 §9.5.1 (general checks), §10.3.1 (primary care-of
 * registration), §10.3.2 (deregistration), §9.5.5 (Binding Refresh Request); RFC 3963 §6.1-§6.2 (NEMO mobile
 * routers); RFC 5555 §3-§4 (IPv4 home addresses and prefixes, IPv4 care-of addresses, NAT detection). It decides
 * each Binding Update, keeps the binding cache, publishes the fastpath entries (binding table, prefix table) and
 * only then answers through the {@link SignalingSender}, so the Binding Ack leaves after the entry is visible.
 * <pre>
 *   onBindingUpdate:  protected? (discard)  H? (discard)  M/T/B/S/D? (discard)  P? (152)
 *                     home address in a home prefix? (132)  policy or home-prefix authorization? (133)
 *                     sequence &gt; last accepted mod 2^16? (135, with the last accepted)
 *                     lifetime 0 or CoA == HoA: deregistration (no binding: 133)
 *                     care-of address valid? (174)  R: mobile router rights and prefixes (140..143)
 *                     first registration: DAD (134; too many pending: 130)
 *                     IPv4 home address / prefix (IPv4 Ack status, never fails the IPv6 registration)
 *                     publish all entries or none (130), retire what the binding no longer holds, ack
 *   doWork:           Binding Refresh Requests and expiry from a timing wheel, bounded per call
 * </pre>
 * Slowpath thread only. No allocation per message in steady state: a new binding allocates its record (and a
 * mobile router its prefix arrays); refreshes reuse everything.
 */
public final class RegistrationProcessor
{
    /** Most first registrations waiting for Duplicate Address Detection at once; more are answered 130. */
    public static final int MAX_PENDING_DAD = 64;
    /** Most binding timers visited per {@link #doWork} call. */
    public static final int TIMER_WORK_LIMIT = 256;
    /** Binding Ack status PROXY_REG_NOT_ENABLED (RFC 5213 §5.3.1; IANA value 152). */
    public static final int STATUS_PROXY_REGISTRATION_NOT_ENABLED = 152;
    /** Flags of protocols this home agent does not serve on a home registration (see {@link RegistrationCounter}). */
    static final int UNSUPPORTED_FLAGS = BindingUpdate.FLAG_MAP_REGISTRATION | BindingUpdate.FLAG_TLV_HEADER |
        BindingUpdate.FLAG_BULK | BindingUpdate.FLAG_S | BindingUpdate.FLAG_D;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long LINK_LOCAL_HIGH = 0xFE80_0000_0000_0000L;
    private static final int DAD_INDEX_BITS = 16;

    private RegistrationConfig config;
    private final BindingTable bindings;
    private final PrefixTable prefixes;
    private final OuterHeaderTemplate templates;
    private final HomeLink homeLink;
    private final SignalingSender sender;
    private final CounterSlots counters;
    private Ipv4AddressPool addressPool;
    private Ipv4PrefixPool prefixPool;

    private final BindingCache cache = new BindingCache(1024, ThreadLocalRandom.current().nextLong());
    private final BindingTimerWheel timers = new BindingTimerWheel();
    private Int2ObjectHashMap<BindingRecord> ipv4Owners = new Int2ObjectHashMap<>();
    private final Map<PolicyKey, RegistrationConfig.MobileNodePolicy> policies = new HashMap<>();
    private final PolicyKey policyProbe = new PolicyKey();
    private final PendingDad[] pendingDads = new PendingDad[MAX_PENDING_DAD];
    private final HomeLink.DadListener dadListener = this::onDuplicateAddressDetection;
    private final BindingTimerWheel.Handler timerHandler = this::onTimer;

    private final BindingView view = new BindingView();
    private final BindingAckReply reply = new BindingAckReply();
    private final BindingRecord candidate = new BindingRecord();

    private long homeHigh;
    private long homeLow;
    private long careOfHigh;
    private long careOfLow;
    private int ipv4AckStatus;
    private int newAddressLease;
    private int newPrefixLease;
    private int newPrefixLeaseLength;
    private int nextBindingId = 1;
    private long dadSequence;
    private BindingListener listener = BindingListener.NONE;
    private RegistrationEvents events = RegistrationEvents.NONE;
    private RegistrationCounter ipv4Refusal;

    /**
     * @param config      registration policy.
     * @param bindings    the fastpath binding table (this thread is its writer).
     * @param prefixes    the fastpath prefix table (this thread is its writer).
     * @param templates   outer header templates of the home agent's addresses.
     * @param homeLink    proxy ARP/ND and DAD on the home link.
     * @param sender      where Binding Acks and Binding Refresh Requests go.
     * @param counters    slots over {@link RegistrationCounter#values()}.
     * @param addressPool dynamic IPv4 home addresses.
     * @param prefixPool  dynamic IPv4 home prefixes.
     */
    public RegistrationProcessor(
        final RegistrationConfig config,
        final BindingTable bindings,
        final PrefixTable prefixes,
        final OuterHeaderTemplate templates,
        final HomeLink homeLink,
        final SignalingSender sender,
        final CounterSlots counters,
        final Ipv4AddressPool addressPool,
        final Ipv4PrefixPool prefixPool)
    {
        this.config = config;
        this.bindings = bindings;
        this.prefixes = prefixes;
        this.templates = templates;
        this.homeLink = homeLink;
        this.sender = sender;
        this.counters = counters;
        this.addressPool = addressPool;
        this.prefixPool = prefixPool;
        for (final RegistrationConfig.MobileNodePolicy policy : config.mobileNodes())
        {
            policies.put(new PolicyKey().set(policy.homeHigh(), policy.homeLow()), policy);
        }
        for (int i = 0; i < pendingDads.length; i++)
        {
            pendingDads[i] = new PendingDad();
        }
    }

    // ------------------------------------------------------------------------------------------------ public API

    /**
     * Hear every binding change after it is published (the binding store).
     *
     * @param listener the listener, or {@link BindingListener#NONE}.
     */
    public void bindingListener(final BindingListener listener)
    {
        this.listener = listener == null ? BindingListener.NONE : listener;
    }

    /**
     * Hear every refused Binding Update with its detail, next to its counter (security event logging).
     *
     * @param events the hook, or {@link RegistrationEvents#NONE}.
     */
    public void registrationEvents(final RegistrationEvents events)
    {
        this.events = events == null ? RegistrationEvents.NONE : events;
    }

    /**
     * @return the refusal hook in use ({@link RegistrationEvents#NONE} by default).
     */
    public RegistrationEvents registrationEvents()
    {
        return events;
    }

    /**
     * Decide a Binding Update: publish, answer through the sender, or defer the answer until DAD ends.
     *
     * @param request the decoded Binding Update (not kept: copied when DAD defers it).
     * @param nowNs   current time.
     */
    public void onBindingUpdate(final BindingUpdateRequest request, final long nowNs)
    {
        counters.increment(RegistrationCounter.RX_BINDING_UPDATE.ordinal());
        process(request, nowNs, true);
    }

    /**
     * Run Binding Refresh Request and expiry timers.
     *
     * @param nowNs current time.
     * @return timers fired (bounded by {@link #TIMER_WORK_LIMIT} visits per call).
     */
    public int doWork(final long nowNs)
    {
        return timers.poll(nowNs, TIMER_WORK_LIMIT, timerHandler);
    }

    /**
     * @param homeHigh IPv6 home address octets 0..7.
     * @param homeLow  octets 8..15.
     * @return true when the home address has a binding (Binding Error status 1 decisions, RFC 6275 §9.3.1).
     */
    public boolean hasBinding(final long homeHigh, final long homeLow)
    {
        return cache.get(homeHigh, homeLow) != null;
    }

    /**
     * @param homeHigh IPv6 home address octets 0..7.
     * @param homeLow  octets 8..15.
     * @return the binding (read only), or null.
     */
    public BindingRecord binding(final long homeHigh, final long homeLow)
    {
        return cache.get(homeHigh, homeLow);
    }

    /**
     * @return bindings in the cache.
     */
    public int bindingCount()
    {
        return cache.size();
    }

    /**
     * @return first registrations waiting for DAD.
     */
    public int pendingDadCount()
    {
        int count = 0;
        for (final PendingDad pending : pendingDads)
        {
            count += pending.busy ? 1 : 0;
        }
        return count;
    }

    /**
     * Visit every binding (read only; the consumer must not call back into the processor).
     *
     * @param consumer receives each record.
     */
    public void forEachBinding(final Consumer<BindingRecord> consumer)
    {
        cache.forEach(consumer);
    }

    /**
     * Take back a saved binding (after a restart): claim its pool leases, publish its fastpath entries, schedule
     * its timers and tell the home link. The record is copied; its {@code expiryNs} must be on this processor's
     * clock and its binding id is replaced.
     *
     * @param saved the binding to restore.
     * @param nowNs current time.
     * @return false (nothing changed) when it has expired, its home address is outside the home prefixes or
     *         already bound, a lease is held by another node, or the tables refuse it.
     */
    public boolean restore(final BindingRecord saved, final long nowNs)
    {
        final BindingRecord record = new BindingRecord().copyFrom(saved);
        if (saved.expiryNs <= nowNs || cache.get(record.homeHigh, record.homeLow) != null ||
            prefixValidSeconds(record.homeHigh, record.homeLow) < 0 || !isConsistent(record) || !claimLeases(record))
        {
            counters.increment(RegistrationCounter.RESTORE_REFUSED.ordinal());
            return false;
        }
        record.bindingId = nextBindingId();
        if (!publish(record, null))
        {
            releaseLeases(record);
            counters.increment(RegistrationCounter.RESTORE_REFUSED.ordinal());
            return false;
        }
        record.refreshRequestSent = false;
        cache.put(record);
        if (record.ipv4Home != 0)
        {
            ipv4Owners.put(record.ipv4Home, record);
        }
        scheduleTimer(record, nowNs);
        announce(record, true, nowNs);
        counters.increment(RegistrationCounter.RESTORED.ordinal());
        return true;
    }

    /**
     * Restore every live binding a store recovers (after a restart), without a per-binding object beyond the record
     * kept: the store decodes each binding into one scratch record, {@link #deriveTunnel} completes it and
     * {@link #restore} takes it. The same as {@code store.recover(nowEpochMs)} followed by {@link #deriveTunnel} and
     * {@link #restore} per binding, and what a caller of {@link BindingStore#recover(long)} should use instead.
     *
     * @param store      the opened store, not yet recovered.
     * @param nowNs      this processor's clock now.
     * @param nowEpochMs wall-clock now (stored expiry is wall-clock).
     * @return bindings restored (those refused are counted as {@link RegistrationCounter#RESTORE_REFUSED}).
     */
    public int restoreAll(final BindingStore store, final long nowNs, final long nowEpochMs)
    {
        final RestoreHandler handler = new RestoreHandler(nowNs);
        store.recover(nowEpochMs, nowNs, new BindingRecord(), handler);
        return handler.restored;
    }

    /**
     * Make room for this many more bindings at once (before a restore of a known number), so the binding cache
     * does not grow step by step.
     *
     * @param moreBindings bindings about to be added.
     */
    public void reserve(final int moreBindings)
    {
        cache.ensureCapacity(cache.size() + moreBindings);
        if (ipv4Owners.isEmpty() && moreBindings > ipv4Owners.capacity() / 2)
        {
            // Each restored binding may hold an IPv4 home address: size the owner map once instead of rehashing.
            ipv4Owners = new Int2ObjectHashMap<>(moreBindings * 2, Hashing.DEFAULT_LOAD_FACTOR);
        }
    }

    /**
     * Take a new registration config (the operator's SIGHUP): mobile-node policies, home prefixes, pools and limits
     * apply from the next Binding Update on; every binding stays as it was registered until it is refreshed,
     * deregistered or expires (a reload never drops a binding). The dynamic IPv4 leases of existing bindings move
     * into the new pools; a lease the new pools do not hold stays with its binding until the binding ends, and is
     * counted. Slowpath thread only.
     *
     * @param next the new config.
     * @return the number of leases kept outside the new pools.
     */
    public int reload(final RegistrationConfig next)
    {
        final Ipv4AddressPool nextAddresses = new Ipv4AddressPool(next.ipv4AddressPools());
        final Ipv4PrefixPool nextPrefixes = new Ipv4PrefixPool(next.ipv4PrefixPools());
        final int[] outside = new int[1];
        cache.forEach(record ->
        {
            if (record.ipv4HomeDynamic && record.ipv4PrefixLength == 0 &&
                !nextAddresses.claim(record.ipv4Home, record.homeHigh, record.homeLow))
            {
                outside[0]++;
            }
            if (record.ipv4PrefixDynamic && !nextPrefixes.claim(
                record.ipv4PrefixNetwork, record.ipv4PrefixLength, record.homeHigh, record.homeLow))
            {
                outside[0]++;
            }
        });
        policies.clear();
        for (final RegistrationConfig.MobileNodePolicy policy : next.mobileNodes())
        {
            policies.put(new PolicyKey().set(policy.homeHigh(), policy.homeLow()), policy);
        }
        config = next;
        addressPool = nextAddresses;
        prefixPool = nextPrefixes;
        count(RegistrationCounter.RELOADED);
        counters.add(RegistrationCounter.RELOAD_LEASE_OUTSIDE_POOL.ordinal(), outside[0]);
        return outside[0];
    }

    /**
     * @return the registration config in force.
     */
    public RegistrationConfig config()
    {
        return config;
    }

    // A saved record the tables and templates can take: valid variants with a care-of address of their family.
    private static boolean isConsistent(final BindingRecord record)
    {
        return isTunnelConsistent(record, record.variantIpv6) &&
            (record.ipv4Home == 0 || isTunnelConsistent(record, record.variantIpv4)) &&
            record.mobileNetworkPrefixCount >= 0 &&
            (record.mobileNetworkPrefixCount == 0 || record.mobileNetworkPrefixHigh != null &&
            record.mobileNetworkPrefixCount <= record.mobileNetworkPrefixHigh.length) &&
            record.ipv4PrefixLength >= 0 && record.ipv4PrefixLength <= 32;
    }

    private static boolean isTunnelConsistent(final BindingRecord record, final int variant)
    {
        if (variant == EncapVariant.IPV6_IN_IPV6 || variant == EncapVariant.IPV4_IN_IPV6)
        {
            return isUnicastIpv6(record.careOfHigh, record.careOfLow);
        }
        return EncapVariant.isValid(variant) && isUnicastIpv4(record.tunnelIpv4);
    }

    // ------------------------------------------------------------------------------------------------ decision

    private void process(final BindingUpdateRequest request, final long nowNs, final boolean dadAllowed)
    {
        if (!request.ipsecProtected && !config.allowUnprotectedSignaling())
        {
            count(RegistrationCounter.DROP_UNPROTECTED); // RFC 6275 §5.1: home registration MUST be protected
            events.onRegistrationRefused(request, RegistrationCounter.DROP_UNPROTECTED,
                RegistrationEvents.NO_STATUS);
            return;
        }
        if (!request.flag(BindingUpdate.FLAG_HOME_REGISTRATION))
        {
            // RFC 6275 §9.5.1: a correspondent registration needs a valid Binding Authorization Data option;
            // this home agent keeps no return routability keys, so none validates: silently discarded.
            count(RegistrationCounter.DROP_NOT_HOME_REGISTRATION);
            return;
        }
        if ((request.flags & UNSUPPORTED_FLAGS) != 0)
        {
            // M (RFC 5380, MAP registration), T (RFC 5845), B (RFC 6602), S (RFC 7161), D (RFC 8885) belong
            // to protocols this node does not run; honouring the rest would register something else than asked.
            count(RegistrationCounter.DROP_UNSUPPORTED_FLAGS);
            return;
        }
        resolveHomeAddress(request);
        if (request.flag(BindingUpdate.FLAG_PROXY_REGISTRATION))
        {
            // RFC 5213 §5.3.1: proxy registration not enabled -> PROXY_REG_NOT_ENABLED.
            reject(request, STATUS_PROXY_REGISTRATION_NOT_ENABLED, RegistrationCounter.REJECT_PROXY_REGISTRATION);
            return;
        }
        final long prefixValidSeconds = prefixValidSeconds(homeHigh, homeLow);
        if (prefixValidSeconds < 0)
        {
            // RFC 6275 §10.3.1: the home address is not on-link for a home prefix -> 132.
            reject(request, BindingAck.STATUS_NOT_HOME_SUBNET, RegistrationCounter.REJECT_NOT_HOME_SUBNET);
            return;
        }
        final RegistrationConfig.MobileNodePolicy policy = policyOf(homeHigh, homeLow);
        if (policy == null && !config.authorizeHomePrefix())
        {
            // RFC 6275 §10.3.1: not the home agent for this mobile node -> 133.
            reject(request, BindingAck.STATUS_NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE,
                RegistrationCounter.REJECT_NOT_AUTHORIZED);
            return;
        }
        final BindingRecord existing = cache.get(homeHigh, homeLow);
        if (existing != null && !sequenceGreater(request.sequence, existing.sequence))
        {
            // RFC 6275 §9.5.1: sequence not greater modulo 2^16 -> 135 carrying the last accepted number.
            reply.clear();
            count(RegistrationCounter.REJECT_SEQUENCE);
            events.onRegistrationRefused(request, RegistrationCounter.REJECT_SEQUENCE,
                BindingAck.STATUS_SEQUENCE_NUMBER_OUT_OF_WINDOW);
            sendReject(request, BindingAck.STATUS_SEQUENCE_NUMBER_OUT_OF_WINDOW, existing.sequence);
            return;
        }
        // Only a first registration starts DAD, and its binding exists only once DAD is over: a refresh never scans.
        if (dadAllowed && existing == null && pendingDadOf(homeHigh, homeLow) >= 0)
        {
            count(RegistrationCounter.DROP_DAD_IN_PROGRESS);
            return;
        }
        if (isDeregistration(request))
        {
            deregister(request, existing, nowNs);
            return;
        }
        if (!resolveCareOf(request))
        {
            return;
        }
        register(request, policy, existing, prefixValidSeconds, nowNs, dadAllowed);
    }

    private void register(
        final BindingUpdateRequest request,
        final RegistrationConfig.MobileNodePolicy policy,
        final BindingRecord existing,
        final long prefixValidSeconds,
        final long nowNs,
        final boolean dadAllowed)
    {
        final BindingRecord next = candidate;
        fillCandidate(request, existing, prefixValidSeconds, nowNs);
        if (request.flag(BindingUpdate.FLAG_MOBILE_ROUTER) && !decideMobileNetworkPrefixes(request, policy, next))
        {
            return;
        }
        if (existing == null && dadAllowed && homeLink.duplicateAddressDetection())
        {
            startDuplicateAddressDetection(request, nowNs);
            return;
        }
        newAddressLease = 0;
        newPrefixLease = 0;
        ipv4AckStatus = request.hasIpv4HomeAddress ? decideIpv4(request, policy, existing, next) : 0;
        if (ipv4AckStatus >= Ipv4AddressAcknowledgementOption.STATUS_FIRST_FAILURE)
        {
            events.onRegistrationRefused(request, ipv4Refusal, ipv4AckStatus);
            releaseNewLeases();
            next.ipv4Home = 0;
            next.ipv4HomeDynamic = false;
            next.ipv4PrefixLength = 0;
            next.ipv4PrefixDynamic = false;
        }
        next.bindingId = existing != null ? existing.bindingId : nextBindingId();
        if (!publish(next, existing))
        {
            releaseNewLeases();
            reject(request, BindingAck.STATUS_INSUFFICIENT_RESOURCES, RegistrationCounter.REJECT_TABLE_FULL);
            return;
        }
        if (existing != null)
        {
            retireStale(existing, next, nowNs);
        }
        final BindingRecord record = existing != null ? existing : new BindingRecord();
        if (existing != null)
        {
            timers.cancel(existing);
        }
        record.copyFrom(next);
        record.refreshRequestSent = false;
        if (existing == null)
        {
            cache.put(record);
        }
        if (record.ipv4Home != 0)
        {
            ipv4Owners.put(record.ipv4Home, record);
        }
        scheduleTimer(record, nowNs);
        announce(record, existing == null, nowNs);
        listener.onBindingStored(record, nowNs);
        count(existing == null ? RegistrationCounter.ACCEPTED_NEW : RegistrationCounter.ACCEPTED_REFRESH);
        if (record.natDetected)
        {
            count(RegistrationCounter.NAT_DETECTED);
        }
        if (request.hasIpv4HomeAddress && ipv4AckStatus < Ipv4AddressAcknowledgementOption.STATUS_FIRST_FAILURE)
        {
            count(RegistrationCounter.IPV4_GRANTED);
        }
        if (request.flag(BindingUpdate.FLAG_ACKNOWLEDGE))
        {
            acceptAck(request, record);
        }
    }

    private void fillCandidate(
        final BindingUpdateRequest request, final BindingRecord existing, final long prefixValidSeconds,
        final long nowNs)
    {
        final BindingRecord next = candidate;
        next.homeHigh = homeHigh;
        next.homeLow = homeLow;
        next.localHigh = request.destinationHigh;
        next.localLow = request.destinationLow;
        next.path.copyFrom(request.path);
        next.sequence = request.sequence;
        next.flags = request.flags;
        // RFC 6275 §10.3.1: lifetime at most the remaining valid lifetime of the home prefix and local policy.
        final long requested = (long)request.lifetimeUnits * BindingUpdate.SECONDS_PER_UNIT;
        final long granted = Math.min(Math.min(requested, config.maxLifetimeSeconds()), prefixValidSeconds);
        next.lifetimeSeconds = (int)(granted / BindingUpdate.SECONDS_PER_UNIT * BindingUpdate.SECONDS_PER_UNIT);
        next.expiryNs = nowNs + next.lifetimeSeconds * NANOS_PER_SECOND;
        next.mobileNetworkPrefixCount = 0;
        next.ipv4Home = 0;
        next.ipv4HomeDynamic = false;
        next.ipv4PrefixNetwork = 0;
        next.ipv4PrefixLength = 0;
        next.ipv4PrefixDynamic = false;
        fillTunnel(request, next);
    }

    // RFC 5555 §4.1: natively the care-of address is the Alternate CoA option, else the source; over IPv4 it is the
    // IPv4 CoA option, and a NAT is on the path when it differs from the outer source.
    /**
     * Recompute a saved binding's tunnel fields (NAT detection, outer IPv4 destination and port, variants, reply
     * destination) from what the binding store keeps: the path, the care-of address and the flags, by the same
     * rules as a Binding Update (RFC 5555 §4.1). Natively the reply goes to the care-of address (the store does not
     * keep a BU's source apart from an Alternate Care-of Address; the next refresh sets it again).
     *
     * @param record the binding to complete before {@link #restore}.
     */
    public void deriveTunnel(final BindingRecord record)
    {
        record.natDetected = false;
        record.natUdpPort = 0;
        if (!SignalingTransport.isIpv4(record.path.transport))
        {
            record.replyHigh = record.careOfHigh;
            record.replyLow = record.careOfLow;
            record.tunnelIpv4 = 0;
            record.variantIpv6 = EncapVariant.IPV6_IN_IPV6;
            record.variantIpv4 = EncapVariant.IPV4_IN_IPV6;
            return;
        }
        final int ipv4CareOf = (int)record.careOfLow;
        record.replyHigh = record.homeHigh;
        record.replyLow = record.homeLow;
        record.natDetected = record.path.transport == SignalingTransport.IPV4_UDP && ipv4CareOf != record.path.peerIpv4;
        final boolean udp = record.path.transport == SignalingTransport.IPV4_UDP &&
            (record.natDetected || record.flag(BindingUpdate.FLAG_FORCE_UDP) || config.forceUdp());
        record.tunnelIpv4 = udp ? record.path.peerIpv4 : ipv4CareOf;
        record.natUdpPort = udp ? record.path.peerUdpPort : 0;
        record.variantIpv6 = udp ? EncapVariant.IPV4_UDP_4191 : EncapVariant.IPV6_IN_IPV4;
        record.variantIpv4 = udp ? EncapVariant.IPV4_UDP_4191 : EncapVariant.IPV4_IN_IPV4;
    }

    private void fillTunnel(final BindingUpdateRequest request, final BindingRecord next)
    {
        final ReplyPath path = request.path;
        next.careOfHigh = careOfHigh;
        next.careOfLow = careOfLow;
        next.natDetected = false;
        next.natUdpPort = 0;
        if (!SignalingTransport.isIpv4(path.transport))
        {
            next.replyHigh = request.sourceHigh;
            next.replyLow = request.sourceLow;
            next.tunnelIpv4 = 0;
            next.variantIpv6 = EncapVariant.IPV6_IN_IPV6;
            next.variantIpv4 = EncapVariant.IPV4_IN_IPV6;
            return;
        }
        next.replyHigh = homeHigh; // RFC 5555 §4.2: the BA's IPv6 destination is the home address
        next.replyLow = homeLow;
        next.natDetected = path.transport == SignalingTransport.IPV4_UDP && request.ipv4CareOf != path.peerIpv4;
        final boolean udp = path.transport == SignalingTransport.IPV4_UDP &&
            (next.natDetected || request.flag(BindingUpdate.FLAG_FORCE_UDP) || config.forceUdp());
        if (udp)
        {
            next.tunnelIpv4 = path.peerIpv4;
            next.natUdpPort = path.peerUdpPort;
            next.variantIpv6 = EncapVariant.IPV4_UDP_4191;
            next.variantIpv4 = EncapVariant.IPV4_UDP_4191;
        }
        else
        {
            next.tunnelIpv4 = request.ipv4CareOf;
            next.variantIpv6 = EncapVariant.IPV6_IN_IPV4;
            next.variantIpv4 = EncapVariant.IPV4_IN_IPV4;
        }
    }

    private void resolveHomeAddress(final BindingUpdateRequest request)
    {
        // RFC 6275 §9.5.1: the Home Address option names the home address; RFC 5555 §4.1: over IPv4 without it the
        // IPv6 source is the home address.
        homeHigh = request.hasHomeAddressOption ? request.homeAddressHigh : request.sourceHigh;
        homeLow = request.hasHomeAddressOption ? request.homeAddressLow : request.sourceLow;
    }

    private boolean isDeregistration(final BindingUpdateRequest request)
    {
        if (request.lifetimeUnits == 0)
        {
            return true; // RFC 6275 §10.3.2
        }
        if (SignalingTransport.isIpv4(request.path.transport))
        {
            return false;
        }
        // RFC 6275 §10.3.2: care-of address equal to the home address (returning home).
        final long coaHigh = request.hasAlternateCareOf ? request.alternateCareOfHigh : request.sourceHigh;
        final long coaLow = request.hasAlternateCareOf ? request.alternateCareOfLow : request.sourceLow;
        return coaHigh == homeHigh && coaLow == homeLow;
    }

    private boolean resolveCareOf(final BindingUpdateRequest request)
    {
        final ReplyPath path = request.path;
        if (!SignalingTransport.isIpv4(path.transport))
        {
            careOfHigh = request.hasAlternateCareOf ? request.alternateCareOfHigh : request.sourceHigh;
            careOfLow = request.hasAlternateCareOf ? request.alternateCareOfLow : request.sourceLow;
            if (!isUnicastIpv6(careOfHigh, careOfLow))
            {
                reject(request, BindingAck.STATUS_INVALID_CARE_OF_ADDRESS, RegistrationCounter.REJECT_INVALID_CARE_OF);
                return false;
            }
            return true;
        }
        if (!request.hasIpv4CareOf)
        {
            // RFC 5555 §4.1: a Binding Update sent over IPv4 MUST carry the IPv4 Care-of Address option.
            reject(request, BindingAck.STATUS_INVALID_CARE_OF_ADDRESS,
                RegistrationCounter.REJECT_MISSING_IPV4_CARE_OF);
            return false;
        }
        if (!isUnicastIpv4(request.ipv4CareOf))
        {
            reject(request, BindingAck.STATUS_INVALID_CARE_OF_ADDRESS, RegistrationCounter.REJECT_INVALID_CARE_OF);
            return false;
        }
        if (path.transport == SignalingTransport.IPV4_PROTOCOL_41 && request.ipv4CareOf != path.peerIpv4)
        {
            // RFC 5555 §4.1: only UDP crosses a NAT, so over protocol 41 the option must be the outer source.
            reject(request, BindingAck.STATUS_INVALID_CARE_OF_ADDRESS, RegistrationCounter.REJECT_CARE_OF_MISMATCH);
            return false;
        }
        careOfHigh = 0;
        careOfLow = BindingView.ipv4MappedLow(request.ipv4CareOf);
        return true;
    }

    // RFC 3963 §6.2 (HA operations, R flag) and §6.1 (prefix table).
    private boolean decideMobileNetworkPrefixes(
        final BindingUpdateRequest request, final RegistrationConfig.MobileNodePolicy policy, final BindingRecord next)
    {
        if (policy == null || !policy.mobileRouter())
        {
            reject(request, BindingAck.STATUS_MOBILE_ROUTER_OPERATION_NOT_PERMITTED,
                RegistrationCounter.REJECT_MOBILE_ROUTER_NOT_PERMITTED);
            return false;
        }
        final List<RegistrationConfig.Ipv6Prefix> allowed = policy.mobileNetworkPrefixes();
        if (request.mobileNetworkPrefixCount == 0)
        {
            if (allowed.isEmpty())
            {
                // Implicit mode with nothing configured: Mobile Network Prefix information unavailable.
                reject(request, BindingAck.STATUS_MOBILE_NETWORK_PREFIX_INFORMATION_UNAVAILABLE,
                    RegistrationCounter.REJECT_PREFIX_UNAVAILABLE);
                return false;
            }
            for (int i = 0; i < allowed.size(); i++)
            {
                final RegistrationConfig.Ipv6Prefix prefix = allowed.get(i);
                next.addMobileNetworkPrefix(prefix.high(), prefix.low(), prefix.length());
            }
            return true;
        }
        for (int i = 0; i < request.mobileNetworkPrefixCount; i++)
        {
            final long high = request.mobileNetworkPrefixHigh[i];
            final long low = request.mobileNetworkPrefixLow[i];
            final int length = request.mobileNetworkPrefixLength[i];
            if (!isValidMobileNetworkPrefix(high, low, length))
            {
                reject(request, BindingAck.STATUS_INVALID_PREFIX, RegistrationCounter.REJECT_INVALID_PREFIX);
                return false;
            }
            if (!contains(allowed, high, low, length))
            {
                reject(request, BindingAck.STATUS_NOT_AUTHORIZED_FOR_PREFIX,
                    RegistrationCounter.REJECT_PREFIX_NOT_AUTHORIZED);
                return false;
            }
            if (!next.hasMobileNetworkPrefix(high, low, length))
            {
                next.addMobileNetworkPrefix(high, low, length);
            }
        }
        return true;
    }

    private boolean isValidMobileNetworkPrefix(final long high, final long low, final int length)
    {
        if (length <= 0 || length > 128 || (high & ~maskHigh(length)) != 0 || (low & ~maskLow(length)) != 0)
        {
            return false;
        }
        final List<RegistrationConfig.Ipv6Prefix> homes = config.homePrefixes();
        for (int i = 0; i < homes.size(); i++)
        {
            final RegistrationConfig.Ipv6Prefix home = homes.get(i);
            final int shorter = Math.min(length, home.length());
            if (((high ^ home.high()) & maskHigh(shorter)) == 0 && ((low ^ home.low()) & maskLow(shorter)) == 0)
            {
                return false; // overlaps a home prefix
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ IPv4 (5555)

    // RFC 5555 §3.1.1, §3.2.1 and its home agent operation (§4.3): the IPv4 home address or prefix; a failure is
    // reported in the IPv4 Address Ack status while the IPv6 registration goes ahead (status 0 in the Binding Ack).
    private int decideIpv4(
        final BindingUpdateRequest request,
        final RegistrationConfig.MobileNodePolicy policy,
        final BindingRecord existing,
        final BindingRecord next)
    {
        if (request.ipv4PrefixRequested)
        {
            return decideIpv4Prefix(request, policy, next);
        }
        final int asked = request.ipv4HomeAddress;
        if (asked == 0)
        {
            if (policy != null && policy.ipv4HomeAddress() != 0)
            {
                return grantStaticIpv4(policy.ipv4HomeAddress(), next);
            }
            final boolean allowed = policy != null ? policy.dynamicIpv4() : config.authorizeHomePrefix();
            if (!allowed)
            {
                return ipv4Failure(Ipv4AddressAcknowledgementOption.STATUS_ADMINISTRATIVELY_PROHIBITED,
                    RegistrationCounter.IPV4_PROHIBITED);
            }
            final int before = addressPool.leaseOf(homeHigh, homeLow);
            final int address = addressPool.allocate(homeHigh, homeLow);
            if (address == Ipv4AddressPool.NONE)
            {
                return ipv4Failure(Ipv4AddressAcknowledgementOption.STATUS_DYNAMIC_ASSIGNMENT_NOT_AVAILABLE,
                    RegistrationCounter.IPV4_DYNAMIC_UNAVAILABLE);
            }
            newAddressLease = before == address ? 0 : address;
            next.ipv4Home = address;
            next.ipv4HomeDynamic = true;
            return Ipv4AddressAcknowledgementOption.STATUS_SUCCESS;
        }
        if (!isUnicastIpv4(asked) || !inHomeIpv4Subnets(asked))
        {
            return ipv4Failure(Ipv4AddressAcknowledgementOption.STATUS_INVALID_IPV4_ADDRESS,
                RegistrationCounter.IPV4_INVALID_ADDRESS);
        }
        if (policy != null ? policy.ipv4HomeAddress() != asked : !config.authorizeHomePrefix())
        {
            return ipv4Failure(Ipv4AddressAcknowledgementOption.STATUS_INCORRECT_IPV4_HOME_ADDRESS,
                RegistrationCounter.IPV4_INCORRECT_HOME_ADDRESS);
        }
        return grantStaticIpv4(asked, next);
    }

    private int grantStaticIpv4(final int address, final BindingRecord next)
    {
        final BindingRecord owner = ipv4Owners.get(address);
        if (owner != null && (owner.homeHigh != homeHigh || owner.homeLow != homeLow))
        {
            return ipv4Failure(Ipv4AddressAcknowledgementOption.STATUS_INCORRECT_IPV4_HOME_ADDRESS,
                RegistrationCounter.IPV4_INCORRECT_HOME_ADDRESS);
        }
        if (addressPool.contains(address))
        {
            final int before = addressPool.leaseOf(homeHigh, homeLow);
            if (!addressPool.claim(address, homeHigh, homeLow))
            {
                return ipv4Failure(Ipv4AddressAcknowledgementOption.STATUS_INCORRECT_IPV4_HOME_ADDRESS,
                    RegistrationCounter.IPV4_INCORRECT_HOME_ADDRESS);
            }
            newAddressLease = before == address ? 0 : address;
            next.ipv4HomeDynamic = true;
        }
        next.ipv4Home = address;
        return Ipv4AddressAcknowledgementOption.STATUS_SUCCESS;
    }

    private int decideIpv4Prefix(
        final BindingUpdateRequest request, final RegistrationConfig.MobileNodePolicy policy, final BindingRecord next)
    {
        final int asked = request.ipv4HomeAddress;
        final int length = request.ipv4HomePrefixLength;
        final List<RegistrationConfig.Ipv4Prefix> allowed =
            policy != null ? policy.ipv4Prefixes() : List.of();
        for (int i = 0; i < allowed.size(); i++)
        {
            final RegistrationConfig.Ipv4Prefix prefix = allowed.get(i);
            if ((asked == 0 && (length == 0 || length == prefix.length())) ||
                (asked == prefix.network() && length == prefix.length()))
            {
                return grantIpv4Prefix(prefix.network(), prefix.length(), next);
            }
        }
        final boolean dynamic = policy != null ? policy.dynamicIpv4() : config.authorizeHomePrefix();
        if (asked != 0 || !dynamic || length < 1 || length > 32)
        {
            return ipv4Failure(Ipv4AddressAcknowledgementOption.STATUS_PREFIX_ALLOCATION_UNAUTHORIZED,
                RegistrationCounter.IPV4_PREFIX_UNAUTHORIZED);
        }
        final int before = prefixPool.leaseOf(homeHigh, homeLow);
        final int network = prefixPool.allocate(length, homeHigh, homeLow);
        if (network == Ipv4PrefixPool.NONE)
        {
            return ipv4Failure(Ipv4AddressAcknowledgementOption.STATUS_DYNAMIC_ASSIGNMENT_NOT_AVAILABLE,
                RegistrationCounter.IPV4_DYNAMIC_UNAVAILABLE);
        }
        if (before != network)
        {
            newPrefixLease = network;
            newPrefixLeaseLength = length;
        }
        next.ipv4PrefixDynamic = true;
        return grantIpv4Prefix(network, length, next);
    }

    private int grantIpv4Prefix(final int network, final int length, final BindingRecord next)
    {
        final BindingRecord owner = ipv4Owners.get(network);
        if (owner != null && (owner.homeHigh != homeHigh || owner.homeLow != homeLow))
        {
            return ipv4Failure(Ipv4AddressAcknowledgementOption.STATUS_PREFIX_ALLOCATION_UNAUTHORIZED,
                RegistrationCounter.IPV4_PREFIX_UNAUTHORIZED);
        }
        if (!next.ipv4PrefixDynamic && prefixPool.contains(network, length))
        {
            final int before = prefixPool.leaseOf(homeHigh, homeLow);
            if (!prefixPool.claim(network, length, homeHigh, homeLow))
            {
                return ipv4Failure(Ipv4AddressAcknowledgementOption.STATUS_PREFIX_ALLOCATION_UNAUTHORIZED,
                    RegistrationCounter.IPV4_PREFIX_UNAUTHORIZED);
            }
            if (before != network)
            {
                newPrefixLease = network;
                newPrefixLeaseLength = length;
            }
            next.ipv4PrefixDynamic = true;
        }
        // The prefix's first address keys the IPv4 binding; the prefix entry points at it (owner = IPv4-mapped).
        next.ipv4Home = network;
        next.ipv4PrefixNetwork = network;
        next.ipv4PrefixLength = length;
        return Ipv4AddressAcknowledgementOption.STATUS_SUCCESS;
    }

    private int ipv4Failure(final int status, final RegistrationCounter counter)
    {
        count(counter);
        ipv4Refusal = counter;
        return status;
    }

    // ------------------------------------------------------------------------------------------------ publishing

    // Every entry of the binding, or none: on a refusal the entries added here are removed and the previous
    // binding's entries are written back.
    private boolean publish(final BindingRecord next, final BindingRecord previous)
    {
        boolean ok = putKey(next, false) >= 0;
        if (ok && next.ipv4Home != 0)
        {
            ok = putKey(next, true) >= 0;
        }
        for (int i = 0; ok && i < next.mobileNetworkPrefixCount; i++)
        {
            ok = prefixes.putIpv6(next.mobileNetworkPrefixHigh[i], next.mobileNetworkPrefixLow[i],
                next.mobileNetworkPrefixLength[i], next.homeHigh, next.homeLow) >= 0;
        }
        if (ok && next.ipv4PrefixLength != 0)
        {
            ok = prefixes.putIpv4(next.ipv4PrefixNetwork, next.ipv4PrefixLength, 0,
                BindingView.ipv4MappedLow(next.ipv4Home)) >= 0;
        }
        if (!ok)
        {
            unpublish(next, previous);
            if (previous != null)
            {
                publish(previous, null);
            }
        }
        return ok;
    }

    private int putKey(final BindingRecord record, final boolean ipv4Key)
    {
        final int variant = ipv4Key ? record.variantIpv4 : record.variantIpv6;
        if (ipv4Key)
        {
            view.ipv4HomeAddress(record.ipv4Home);
        }
        else
        {
            view.ipv6HomeAddress(record.homeHigh, record.homeLow);
        }
        view.bindingId(record.bindingId).variant(variant).tunnelMtu(config.tunnelMtu());
        if (variant == EncapVariant.IPV6_IN_IPV6 || variant == EncapVariant.IPV4_IN_IPV6)
        {
            view.ipv6CareOfAddress(record.careOfHigh, record.careOfLow).udpPorts(0, 0);
        }
        else if (variant == EncapVariant.IPV4_UDP_4191)
        {
            view.ipv4CareOfAddress(record.tunnelIpv4)
                .udpPorts(OuterHeaderTemplate.DSMIPV6_UDP_PORT, record.natUdpPort);
        }
        else
        {
            view.ipv4CareOfAddress(record.tunnelIpv4).udpPorts(0, 0);
        }
        templates.applyTo(view);
        return bindings.put(view);
    }

    // Remove the entries of a record that the kept record (null: none) does not hold.
    private void unpublish(final BindingRecord record, final BindingRecord kept)
    {
        if (kept == null)
        {
            bindings.removeIpv6(record.homeHigh, record.homeLow);
        }
        if (record.ipv4Home != 0 && (kept == null || kept.ipv4Home != record.ipv4Home))
        {
            bindings.removeIpv4(record.ipv4Home);
        }
        for (int i = 0; i < record.mobileNetworkPrefixCount; i++)
        {
            final long high = record.mobileNetworkPrefixHigh[i];
            final long low = record.mobileNetworkPrefixLow[i];
            final int length = record.mobileNetworkPrefixLength[i];
            if (kept == null || !kept.hasMobileNetworkPrefix(high, low, length))
            {
                prefixes.removeIpv6(high, low, length);
            }
        }
        if (record.ipv4PrefixLength != 0 && (kept == null || kept.ipv4PrefixLength != record.ipv4PrefixLength ||
            kept.ipv4PrefixNetwork != record.ipv4PrefixNetwork))
        {
            prefixes.removeIpv4(record.ipv4PrefixNetwork, record.ipv4PrefixLength);
        }
    }

    // After a refresh: what the old binding held and the new one does not is withdrawn and released.
    private void retireStale(final BindingRecord old, final BindingRecord next, final long nowNs)
    {
        unpublish(old, next);
        if (old.ipv4Home != 0 && old.ipv4Home != next.ipv4Home)
        {
            ipv4Owners.remove(old.ipv4Home);
            homeLink.onDeregistered(0, 0, old.ipv4Home, nowNs);
            if (old.ipv4HomeDynamic && old.ipv4PrefixLength == 0)
            {
                addressPool.release(old.ipv4Home, old.homeHigh, old.homeLow);
            }
        }
        if (old.flag(BindingUpdate.FLAG_LINK_LOCAL_COMPATIBILITY) &&
            (next.flags & BindingUpdate.FLAG_LINK_LOCAL_COMPATIBILITY) == 0)
        {
            homeLink.onDeregistered(LINK_LOCAL_HIGH, old.homeLow, 0, nowNs);
        }
        if (old.ipv4PrefixLength != 0 && old.ipv4PrefixDynamic && (old.ipv4PrefixNetwork != next.ipv4PrefixNetwork ||
            old.ipv4PrefixLength != next.ipv4PrefixLength))
        {
            prefixPool.release(old.ipv4PrefixNetwork, old.ipv4PrefixLength, old.homeHigh, old.homeLow);
        }
    }

    private void releaseNewLeases()
    {
        if (newAddressLease != 0)
        {
            addressPool.release(newAddressLease, homeHigh, homeLow);
            newAddressLease = 0;
        }
        if (newPrefixLease != 0)
        {
            prefixPool.release(newPrefixLease, newPrefixLeaseLength, homeHigh, homeLow);
            newPrefixLease = 0;
        }
    }

    private boolean claimLeases(final BindingRecord record)
    {
        if (record.ipv4Home != 0 && ipv4Owners.get(record.ipv4Home) != null)
        {
            return false;
        }
        if (record.ipv4HomeDynamic && record.ipv4PrefixLength == 0 &&
            !addressPool.claim(record.ipv4Home, record.homeHigh, record.homeLow))
        {
            return false;
        }
        if (record.ipv4PrefixDynamic && !prefixPool.claim(
            record.ipv4PrefixNetwork, record.ipv4PrefixLength, record.homeHigh, record.homeLow))
        {
            if (record.ipv4HomeDynamic && record.ipv4PrefixLength == 0)
            {
                addressPool.release(record.ipv4Home, record.homeHigh, record.homeLow);
            }
            return false;
        }
        return true;
    }

    private void releaseLeases(final BindingRecord record)
    {
        if (record.ipv4HomeDynamic && record.ipv4PrefixLength == 0)
        {
            addressPool.release(record.ipv4Home, record.homeHigh, record.homeLow);
        }
        if (record.ipv4PrefixDynamic)
        {
            prefixPool.release(record.ipv4PrefixNetwork, record.ipv4PrefixLength, record.homeHigh, record.homeLow);
        }
    }

    // Deregistration or expiry: every fastpath entry, lease, proxy and timer of the binding goes.
    private void remove(final BindingRecord record, final long nowNs)
    {
        timers.cancel(record);
        unpublish(record, null);
        if (record.ipv4Home != 0)
        {
            ipv4Owners.remove(record.ipv4Home);
        }
        releaseLeases(record);
        cache.remove(record.homeHigh, record.homeLow);
        listener.onBindingRemoved(record, nowNs);
        homeLink.onDeregistered(record.homeHigh, record.homeLow, record.ipv4Home, nowNs);
        if (record.flag(BindingUpdate.FLAG_LINK_LOCAL_COMPATIBILITY))
        {
            homeLink.onDeregistered(LINK_LOCAL_HIGH, record.homeLow, 0, nowNs);
        }
    }

    private void announce(final BindingRecord record, final boolean newBinding, final long nowNs)
    {
        homeLink.onRegistered(record.homeHigh, record.homeLow, record.ipv4Home, newBinding, nowNs);
        if (record.flag(BindingUpdate.FLAG_LINK_LOCAL_COMPATIBILITY))
        {
            // RFC 6275 §10.3.1: with L set, also defend the link-local address with the home address's IID.
            homeLink.onRegistered(LINK_LOCAL_HIGH, record.homeLow, 0, newBinding, nowNs);
        }
    }

    private void deregister(final BindingUpdateRequest request, final BindingRecord existing, final long nowNs)
    {
        if (existing == null)
        {
            // RFC 6275 §10.3.2: no home registration entry for this mobile node -> 133.
            reject(request, BindingAck.STATUS_NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE,
                RegistrationCounter.REJECT_DEREGISTRATION_NO_BINDING);
            return;
        }
        final int ipv4Home = existing.ipv4Home;
        remove(existing, nowNs);
        count(RegistrationCounter.DEREGISTERED);
        if (request.flag(BindingUpdate.FLAG_ACKNOWLEDGE))
        {
            prepareReply(request, BindingAck.STATUS_ACCEPTED, request.sequence);
            if (request.hasIpv4HomeAddress)
            {
                reply.includeIpv4Ack = true;
                reply.ipv4AckStatus = Ipv4AddressAcknowledgementOption.STATUS_SUCCESS;
                reply.ipv4AckPrefixLength = request.ipv4HomePrefixLength;
                reply.ipv4AckAddress = ipv4Home;
            }
            send(request);
        }
    }

    // ------------------------------------------------------------------------------------------------ DAD

    private void startDuplicateAddressDetection(final BindingUpdateRequest request, final long nowNs)
    {
        for (int i = 0; i < pendingDads.length; i++)
        {
            final PendingDad pending = pendingDads[i];
            if (!pending.busy)
            {
                pending.busy = true;
                pending.token = (++dadSequence << DAD_INDEX_BITS) | i;
                pending.homeHigh = homeHigh;
                pending.homeLow = homeLow;
                pending.request.copyFrom(request);
                count(RegistrationCounter.DAD_STARTED);
                homeLink.startDuplicateAddressDetection(homeHigh, homeLow, pending.token, dadListener, nowNs);
                return;
            }
        }
        reject(request, BindingAck.STATUS_INSUFFICIENT_RESOURCES, RegistrationCounter.REJECT_DAD_BUSY);
    }

    private void onDuplicateAddressDetection(final long token, final int outcome, final long nowNs)
    {
        final int index = (int)(token & ((1 << DAD_INDEX_BITS) - 1));
        if (index >= pendingDads.length || !pendingDads[index].busy || pendingDads[index].token != token)
        {
            return;
        }
        final PendingDad pending = pendingDads[index];
        if (outcome == HomeLink.DAD_UNIQUE)
        {
            process(pending.request, nowNs, false);
        }
        else
        {
            resolveHomeAddress(pending.request);
            // RFC 6275 §10.3.1: the home address is in use on the home link -> 134.
            reject(pending.request, BindingAck.STATUS_DUPLICATE_ADDRESS_DETECTION_FAILED,
                RegistrationCounter.REJECT_DAD_FAILED);
        }
        pending.busy = false;
    }

    private int pendingDadOf(final long high, final long low)
    {
        for (int i = 0; i < pendingDads.length; i++)
        {
            final PendingDad pending = pendingDads[i];
            if (pending.busy && pending.homeHigh == high && pending.homeLow == low)
            {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------------ timers

    private void scheduleTimer(final BindingRecord record, final long nowNs)
    {
        final long leadNs = config.refreshRequestLeadSeconds() * NANOS_PER_SECOND;
        final boolean refresh = leadNs > 0 && !record.refreshRequestSent &&
            record.lifetimeSeconds * NANOS_PER_SECOND > leadNs;
        timers.schedule(record, refresh ? record.expiryNs - leadNs : record.expiryNs, nowNs);
    }

    private void onTimer(final BindingRecord record, final long nowNs)
    {
        if (nowNs >= record.expiryNs)
        {
            remove(record, nowNs);
            count(RegistrationCounter.EXPIRED);
            return;
        }
        // RFC 6275 §9.5.5: ask the mobile node to refresh before the binding runs out.
        record.refreshRequestSent = true;
        sender.bindingRefreshRequest(record.path, record.localHigh, record.localLow, record.replyHigh,
            record.replyLow, record.homeHigh, record.homeLow);
        count(RegistrationCounter.TX_REFRESH_REQUEST);
        timers.schedule(record, record.expiryNs, nowNs);
    }

    // ------------------------------------------------------------------------------------------------ replies

    private void reject(final BindingUpdateRequest request, final int status, final RegistrationCounter counter)
    {
        count(counter);
        events.onRegistrationRefused(request, counter, status);
        sendReject(request, status, request.sequence);
    }

    // RFC 6275 §10.3.1: a rejected home registration is answered whatever the A flag.
    private void sendReject(final BindingUpdateRequest request, final int status, final int sequence)
    {
        prepareReply(request, status, sequence);
        if (request.hasIpv4HomeAddress)
        {
            reply.includeIpv4Ack = true;
            reply.ipv4AckStatus = Ipv4AddressAcknowledgementOption.STATUS_FAILURE_UNSPECIFIED;
            reply.ipv4AckPrefixLength = request.ipv4HomePrefixLength;
            reply.ipv4AckAddress = request.ipv4HomeAddress;
        }
        send(request);
    }

    private void acceptAck(final BindingUpdateRequest request, final BindingRecord record)
    {
        prepareReply(request, BindingAck.STATUS_ACCEPTED, request.sequence);
        reply.lifetimeUnits = record.lifetimeSeconds / BindingUpdate.SECONDS_PER_UNIT;
        reply.careOfHigh = record.replyHigh;
        reply.careOfLow = record.replyLow;
        if (record.mobileNetworkPrefixCount > 0)
        {
            reply.flags |= BindingAck.FLAG_MOBILE_ROUTER; // RFC 3963 §6.2: accepted as a mobile router
        }
        if (request.hasIpv4HomeAddress)
        {
            reply.includeIpv4Ack = true;
            reply.ipv4AckStatus = ipv4AckStatus;
            final boolean granted = ipv4AckStatus < Ipv4AddressAcknowledgementOption.STATUS_FIRST_FAILURE;
            reply.ipv4AckAddress = granted ? record.ipv4Home : request.ipv4HomeAddress;
            reply.ipv4AckPrefixLength = granted ? (record.ipv4PrefixLength != 0 ? record.ipv4PrefixLength : 32) :
                request.ipv4HomePrefixLength;
        }
        if (record.path.transport == SignalingTransport.IPV4_UDP && (record.natDetected || config.forceUdp()))
        {
            // RFC 5555 §4.1: NAT detected (or UDP forced by the operator): tell the mobile node, with keepalive.
            reply.includeNatDetection = true;
            reply.natForceUdp = config.forceUdp();
            reply.natRefreshSeconds = config.natKeepaliveSeconds();
        }
        send(request);
    }

    private void prepareReply(final BindingUpdateRequest request, final int status, final int sequence)
    {
        reply.clear();
        reply.status = status;
        reply.sequence = sequence & 0xFFFF;
        reply.localHigh = request.destinationHigh;
        reply.localLow = request.destinationLow;
        final boolean overIpv4 = SignalingTransport.isIpv4(request.path.transport);
        reply.careOfHigh = overIpv4 ? homeHigh : request.sourceHigh;
        reply.careOfLow = overIpv4 ? homeLow : request.sourceLow;
        reply.homeHigh = homeHigh;
        reply.homeLow = homeLow;
    }

    private void send(final BindingUpdateRequest request)
    {
        count(RegistrationCounter.TX_BINDING_ACK);
        sender.bindingAck(request, reply);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void count(final RegistrationCounter counter)
    {
        counters.increment(counter.ordinal());
    }

    private RegistrationConfig.MobileNodePolicy policyOf(final long high, final long low)
    {
        return policies.isEmpty() ? null : policies.get(policyProbe.set(high, low));
    }

    // Remaining valid lifetime of the home prefix holding the address, -1 when none holds it (or it is invalid).
    private long prefixValidSeconds(final long high, final long low)
    {
        long best = -1;
        if (BindingView.isIpv4Mapped(high, low))
        {
            return best;
        }
        final List<RegistrationConfig.Ipv6Prefix> homes = config.homePrefixes();
        for (int i = 0; i < homes.size(); i++)
        {
            final RegistrationConfig.Ipv6Prefix prefix = homes.get(i);
            if (prefix.contains(high, low) && prefix.validLifetimeSeconds() >= BindingUpdate.SECONDS_PER_UNIT)
            {
                best = Math.max(best, prefix.validLifetimeSeconds());
            }
        }
        return best;
    }

    private boolean inHomeIpv4Subnets(final int address)
    {
        final List<RegistrationConfig.Ipv4Prefix> subnets = config.homeIpv4Subnets();
        for (int i = 0; i < subnets.size(); i++)
        {
            if (subnets.get(i).contains(address))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(
        final List<RegistrationConfig.Ipv6Prefix> list, final long high, final long low, final int length)
    {
        for (int i = 0; i < list.size(); i++)
        {
            final RegistrationConfig.Ipv6Prefix prefix = list.get(i);
            if (prefix.high() == high && prefix.low() == low && prefix.length() == length)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param received the Binding Update's sequence number.
     * @param last     the last accepted one.
     * @return true when received is greater modulo 2^16 (RFC 6275 §9.5.1).
     */
    static boolean sequenceGreater(final int received, final int last)
    {
        return (short)(received - last) > 0;
    }

    static boolean isUnicastIpv6(final long high, final long low)
    {
        final boolean unspecified = high == 0 && low == 0;
        final boolean loopback = high == 0 && low == 1;
        final boolean multicast = (high >>> 56) == 0xFF;
        return !unspecified && !loopback && !multicast && !BindingView.isIpv4Mapped(high, low);
    }

    static boolean isUnicastIpv4(final int address)
    {
        final int first = address >>> 24;
        return first != 0 && first != 127 && first < 224;
    }

    private static long maskHigh(final int bits)
    {
        return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
    }

    private static long maskLow(final int bits)
    {
        return bits <= 64 ? 0 : bits >= 128 ? -1L : -1L << (128 - bits);
    }

    private int nextBindingId()
    {
        final int id = nextBindingId++;
        if (nextBindingId == 0)
        {
            nextBindingId = 1;
        }
        return id;
    }

    /** Feeds a store's recovered bindings to {@link #restore}: one per restore, no allocation per binding. */
    private final class RestoreHandler implements BindingStore.RecoveredBindingHandler
    {
        private final long nowNs;
        private int restored;

        RestoreHandler(final long nowNs)
        {
            this.nowNs = nowNs;
        }

        @Override
        public void onRecoveryStart(final int bindings)
        {
            reserve(bindings);
        }

        @Override
        public void onBinding(final BindingRecord record)
        {
            deriveTunnel(record);
            restored += restore(record, nowNs) ? 1 : 0;
        }
    }

    /** A first registration waiting for DAD: its own copy of the request. */
    private static final class PendingDad
    {
        final BindingUpdateRequest request = new BindingUpdateRequest();
        boolean busy;
        long token;
        long homeHigh;
        long homeLow;
    }

    /** Mutable map key for the policy lookup (one probe instance reused: no allocation per message). */
    private static final class PolicyKey
    {
        long high;
        long low;

        PolicyKey set(final long high, final long low)
        {
            this.high = high;
            this.low = low;
            return this;
        }

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof PolicyKey key && key.high == high && key.low == low;
        }

        @Override
        public int hashCode()
        {
            return Long.hashCode(high * 31 + low);
        }
    }
}
