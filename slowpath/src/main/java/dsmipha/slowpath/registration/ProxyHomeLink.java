package dsmipha.slowpath.registration;

import org.agrona.collections.IntHashSet;

import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Icmpv6Header;
import dsmipha.common.counters.CounterSlots;
import dsmipha.fastpath.route.PortAddresses;
import dsmipha.slowpath.neighbor.DadObserver;
import dsmipha.slowpath.neighbor.LinkTransmitter;
import dsmipha.slowpath.neighbor.NeighborFrames;

/**
 * A real home link: the home agent intercepts packets for the home addresses of its away mobile nodes.
 * <ul>
 *   <li><b>Proxying</b> (RFC 6275 §10.4.1, RFC 5555 §4.3, RFC 5944 §4.6): the registered IPv6 and IPv4 home
 *       addresses are kept in hash sets (O(1) per address, a million bindings cost a million inserts); the
 *       {@link dsmipha.slowpath.neighbor.NeighborResolver} asks {@link #proxiesIpv6} and {@link #proxiesIpv4} and
 *       answers Neighbor Solicitations and ARP requests for them with the home port's MAC.</li>
 *   <li><b>Announcement</b> of a new registration: an unsolicited Neighbor Advertisement to all-nodes ff02::1
 *       (RFC 6275 §10.4.1: R=0, S=0, O=1, Target Link-Layer Address option with the home agent's MAC), sent
 *       MAX_NEIGHBOR_ADVERTISEMENT = 3 times in all, RetransTimer apart (RFC 4861 §7.2.6, §10); and a gratuitous
 *       ARP in the request form (RFC 5944 §4.6, RFC 5227 §3: sender = target protocol address = the home address),
 *       sent ANNOUNCE_NUM = 2 times ANNOUNCE_INTERVAL = 2 s apart (RFC 5227 §1.1). The first of each leaves at
 *       once; repeats wait in a bounded FIFO (every repeat has the same interval, so the FIFO is in deadline
 *       order) and are dropped when their address is no longer proxied.</li>
 *   <li><b>Duplicate Address Detection</b> for an IPv6 home address on its first registration (RFC 6275
 *       §10.3.1, RFC 4862 §5.4 with DupAddrDetectTransmits = 1): one Neighbor Solicitation from :: to the
 *       solicited-node multicast address, no Source Link-Layer Address option (RFC 4862 §5.4.2); a valid Neighbor
 *       Advertisement for the target (§5.4.4) or another node's probe for it (§5.4.3), both seen through
 *       {@link DadObserver}, mean duplicate; silence for RetransTimer (1 s) means unique. Pending runs live in a
 *       bounded ring (they finish in start order) with a hash index by address for the collision check.</li>
 * </ul>
 * Every outcome reaches the {@link HomeLink.DadListener} from {@link #doWork}, except when the pending table is
 * full: then {@link #startDuplicateAddressDetection} reports {@link #DAD_FAILED} before it returns. {@link #doWork}
 * does a bounded amount of work per call. Not thread safe: the signaling thread's.
 */
public final class ProxyHomeLink implements HomeLink, DadObserver
{
    /** MAX_NEIGHBOR_ADVERTISEMENT (RFC 4861 §10): unsolicited advertisements per announcement, in all. */
    public static final int MAX_NEIGHBOR_ADVERTISEMENT = 3;
    /** ANNOUNCE_NUM (RFC 5227 §1.1): gratuitous ARP announcements, in all. */
    public static final int ANNOUNCE_NUM = 2;
    /** RetransTimer (RFC 4861 §10, RETRANS_TIMER): the DAD wait and the gap between advertisements. */
    public static final long RETRANS_TIMER_NS = 1_000_000_000L;
    /** Default bound on pending DAD runs. */
    public static final int DEFAULT_DAD_CAPACITY = 4096;
    /** Default bound on registrations whose announcements still have repeats to send. */
    public static final int DEFAULT_ANNOUNCE_CAPACITY = 65536;
    /** Default bound on outcomes, frames and timers handled per {@link #doWork} call. */
    public static final int DEFAULT_WORK_LIMIT = 256;

    /** ANNOUNCE_INTERVAL (RFC 5227 §1.1, 2 s) counted in RetransTimers. */
    private static final int ARP_EVERY_STEPS = 2;
    /** Announcement steps, one per RetransTimer: NA at 0, 1, 2; ARP at 0, 2. */
    private static final int ANNOUNCE_STEPS =
        Math.max(MAX_NEIGHBOR_ADVERTISEMENT, (ANNOUNCE_NUM - 1) * ARP_EVERY_STEPS + 1);
    private static final long ALL_NODES_MAC = NeighborFrames.multicastMac(NeighborFrames.ALL_NODES_LOW);
    private static final int PENDING = -1;
    private static final int DELIVERED = -2;
    private static final int NO_SLOT = -1;

    private final PortAddresses home;
    private final LinkTransmitter transmitter;
    private final boolean duplicateAddressDetection;
    private final long retransTimerNs;
    private final int workLimit;
    private final NeighborFrames frames = new NeighborFrames();
    private final Ipv6AddressTable proxiedIpv6 = new Ipv6AddressTable(1024);
    private final IntHashSet proxiedIpv4 = new IntHashSet(1024);
    private final long[] counts = new long[HomeLinkCounter.values().length];

    // Announcement repeats: a FIFO ring in deadline order.
    private final long[] announceHigh;
    private final long[] announceLow;
    private final int[] announceIpv4;
    private final int[] announceStep;
    private final long[] announceDueNs;
    private int announceHead;
    private int announceCount;

    // DAD runs: a ring in start order (so in deadline order), an index by address, a stack of early outcomes.
    private final long[] dadHigh;
    private final long[] dadLow;
    private final long[] dadToken;
    private final long[] dadDueNs;
    private final int[] dadOutcome;
    private final int[] dadNextSameAddress;
    private final DadListener[] dadListener;
    private final int[] decided;
    private final Ipv6AddressTable tentative;
    private int dadHead;
    private int dadCount;
    private int decidedCount;

    /**
     * A home link with the RFC defaults and default bounds.
     *
     * @param home                      the home link's port: its index, MAC and link-local address.
     * @param transmitter               sends announcements and DAD probes on the home port.
     * @param duplicateAddressDetection whether first registrations wait for DAD (config).
     */
    public ProxyHomeLink(
        final PortAddresses home, final LinkTransmitter transmitter, final boolean duplicateAddressDetection)
    {
        this(home, transmitter, duplicateAddressDetection, RETRANS_TIMER_NS, DEFAULT_DAD_CAPACITY,
            DEFAULT_ANNOUNCE_CAPACITY, DEFAULT_WORK_LIMIT);
    }

    /**
     * @param home                      the home link's port.
     * @param transmitter               sends announcements and DAD probes on the home port.
     * @param duplicateAddressDetection whether first registrations wait for DAD (config).
     * @param retransTimerNs            RetransTimer: DAD wait and announcement gap.
     * @param dadCapacity               most DAD runs pending at once (at least 1).
     * @param announceCapacity          most registrations with announcement repeats pending (at least 1).
     * @param workLimit                 most items handled per {@link #doWork} (at least 1).
     */
    public ProxyHomeLink(
        final PortAddresses home,
        final LinkTransmitter transmitter,
        final boolean duplicateAddressDetection,
        final long retransTimerNs,
        final int dadCapacity,
        final int announceCapacity,
        final int workLimit)
    {
        if (dadCapacity < 1 || announceCapacity < 1 || workLimit < 1 || retransTimerNs <= 0)
        {
            throw new IllegalArgumentException("home link bounds and timer must be positive");
        }
        this.home = home;
        this.transmitter = transmitter;
        this.duplicateAddressDetection = duplicateAddressDetection;
        this.retransTimerNs = retransTimerNs;
        this.workLimit = workLimit;
        announceHigh = new long[announceCapacity];
        announceLow = new long[announceCapacity];
        announceIpv4 = new int[announceCapacity];
        announceStep = new int[announceCapacity];
        announceDueNs = new long[announceCapacity];
        dadHigh = new long[dadCapacity];
        dadLow = new long[dadCapacity];
        dadToken = new long[dadCapacity];
        dadDueNs = new long[dadCapacity];
        dadOutcome = new int[dadCapacity];
        dadNextSameAddress = new int[dadCapacity];
        dadListener = new DadListener[dadCapacity];
        decided = new int[dadCapacity];
        tentative = new Ipv6AddressTable(dadCapacity);
    }

    // ------------------------------------------------------------------------------------------ proxying

    @Override
    public boolean proxiesIpv4(final int port, final int address)
    {
        return port == home.portIndex() && proxiedIpv4.contains(address);
    }

    @Override
    public boolean proxiesIpv6(final int port, final long high, final long low)
    {
        return port == home.portIndex() && proxiedIpv6.get(high, low) != Ipv6AddressTable.MISSING;
    }

    /**
     * @return IPv6 home addresses proxied now.
     */
    public int proxiedIpv6Count()
    {
        return proxiedIpv6.size();
    }

    /**
     * @return IPv4 home addresses proxied now.
     */
    public int proxiedIpv4Count()
    {
        return proxiedIpv4.size();
    }

    @Override
    public void onRegistered(
        final long homeHigh, final long homeLow, final int ipv4Home, final boolean newBinding, final long nowNs)
    {
        final boolean addedIpv6 = addIpv6(homeHigh, homeLow);
        final boolean addedIpv4 = addIpv4(ipv4Home);
        final boolean ipv6 = isProxiedIpv6(homeHigh, homeLow);
        final long high = ipv6 ? homeHigh : 0L;
        final long low = ipv6 ? homeLow : 0L;
        final int ipv4 = ipv4Home != 0 && proxiedIpv4.contains(ipv4Home) ? ipv4Home : 0;
        // RFC 6275 §10.4.1: a new registration (or an address neighbours do not yet map to us) is announced.
        if ((newBinding || addedIpv6 || addedIpv4) && (ipv6 || ipv4 != 0))
        {
            announceStep(high, low, ipv4, 0);
            scheduleRepeat(high, low, ipv4, 1, nowNs);
        }
    }

    @Override
    public void onDeregistered(final long homeHigh, final long homeLow, final int ipv4Home, final long nowNs)
    {
        if (homeHigh != 0L || homeLow != 0L)
        {
            tally(proxiedIpv6.remove(homeHigh, homeLow) != Ipv6AddressTable.MISSING ?
                HomeLinkCounter.PROXY_IPV6_REMOVED : HomeLinkCounter.DEREGISTER_NOT_PROXIED);
        }
        if (ipv4Home != 0)
        {
            tally(proxiedIpv4.remove(ipv4Home) ?
                HomeLinkCounter.PROXY_IPV4_REMOVED : HomeLinkCounter.DEREGISTER_NOT_PROXIED);
        }
    }

    private boolean addIpv6(final long high, final long low)
    {
        if (high == 0L && low == 0L)
        {
            return false;
        }
        if (isMulticast(high))
        {
            tally(HomeLinkCounter.DROP_BAD_ADDRESS);
            return false;
        }
        if (proxiedIpv6.put(high, low, 1) == Ipv6AddressTable.MISSING)
        {
            tally(HomeLinkCounter.PROXY_IPV6_ADDED);
            return true;
        }
        return false;
    }

    private boolean addIpv4(final int address)
    {
        if (address == 0)
        {
            return false;
        }
        // 224.0.0.0/4 multicast (RFC 5771) and the limited broadcast are never a host's address.
        if ((address >>> 28) == 0xE || address == -1)
        {
            tally(HomeLinkCounter.DROP_BAD_ADDRESS);
            return false;
        }
        if (proxiedIpv4.add(address))
        {
            tally(HomeLinkCounter.PROXY_IPV4_ADDED);
            return true;
        }
        return false;
    }

    private boolean isProxiedIpv6(final long high, final long low)
    {
        return (high != 0L || low != 0L) && proxiedIpv6.get(high, low) != Ipv6AddressTable.MISSING;
    }

    // ------------------------------------------------------------------------------------------ announcements

    /**
     * Send what one announcement step calls for: the unsolicited NA at steps 0..MAX_NEIGHBOR_ADVERTISEMENT-1, the
     * gratuitous ARP every ANNOUNCE_INTERVAL for ANNOUNCE_NUM steps. An address no longer proxied is skipped.
     */
    private void announceStep(final long high, final long low, final int ipv4, final int step)
    {
        if (step < MAX_NEIGHBOR_ADVERTISEMENT && isProxiedIpv6(high, low))
        {
            // RFC 6275 §10.4.1, RFC 4861 §7.2.6: to all-nodes, R=0, S=0, O=1, our MAC as the target's.
            final int length = frames.neighborAdvertisement(ALL_NODES_MAC, home.mac(), home.linkLocalHigh(),
                home.linkLocalLow(), NeighborFrames.ALL_NODES_HIGH, NeighborFrames.ALL_NODES_LOW,
                Icmpv6Header.NA_FLAG_OVERRIDE, high, low);
            send(length, HomeLinkCounter.TX_UNSOLICITED_ADVERTISEMENT);
        }
        if (step % ARP_EVERY_STEPS == 0 && step / ARP_EVERY_STEPS < ANNOUNCE_NUM && ipv4 != 0 &&
            proxiedIpv4.contains(ipv4))
        {
            // RFC 5944 §4.6, RFC 5227 §3: broadcast request, sender = target protocol address = the home address.
            send(frames.gratuitousArp(home.mac(), ipv4), HomeLinkCounter.TX_GRATUITOUS_ARP);
        }
    }

    private void scheduleRepeat(final long high, final long low, final int ipv4, final int step, final long nowNs)
    {
        if (step >= ANNOUNCE_STEPS)
        {
            return;
        }
        final int capacity = announceHigh.length;
        if (announceCount == capacity)
        {
            tally(HomeLinkCounter.DROP_ANNOUNCE_QUEUE_FULL);
            return;
        }
        final int tail = (announceHead + announceCount) % capacity;
        announceHigh[tail] = high;
        announceLow[tail] = low;
        announceIpv4[tail] = ipv4;
        announceStep[tail] = step;
        announceDueNs[tail] = nowNs + retransTimerNs;
        announceCount++;
    }

    private int runAnnouncements(final long nowNs, final int budget)
    {
        int done = 0;
        while (done < budget && announceCount > 0 && nowNs - announceDueNs[announceHead] >= 0)
        {
            final int slot = announceHead;
            final long high = announceHigh[slot];
            final long low = announceLow[slot];
            final int ipv4 = announceIpv4[slot];
            final int step = announceStep[slot];
            announceHead = (announceHead + 1) % announceHigh.length;
            announceCount--;
            announceStep(high, low, ipv4, step);
            if (isProxiedIpv6(high, low) || ipv4 != 0 && proxiedIpv4.contains(ipv4))
            {
                scheduleRepeat(high, low, ipv4, step + 1, nowNs);
            }
            done++;
        }
        return done;
    }

    // ------------------------------------------------------------------------------------------ DAD

    @Override
    public boolean duplicateAddressDetection()
    {
        return duplicateAddressDetection;
    }

    @Override
    public void startDuplicateAddressDetection(
        final long homeHigh, final long homeLow, final long token, final DadListener listener, final long nowNs)
    {
        final int capacity = dadHigh.length;
        if (dadCount == capacity)
        {
            tally(HomeLinkCounter.DAD_FAILED_TABLE_FULL);
            listener.onDuplicateAddressDetection(token, DAD_FAILED, nowNs);
            return;
        }
        final int slot = (dadHead + dadCount) % capacity;
        dadCount++;
        dadHigh[slot] = homeHigh;
        dadLow[slot] = homeLow;
        dadToken[slot] = token;
        dadListener[slot] = listener;
        dadDueNs[slot] = nowNs + retransTimerNs;
        dadNextSameAddress[slot] = NO_SLOT;
        if ((homeHigh == 0L && homeLow == 0L) || isMulticast(homeHigh))
        {
            decide(slot, DAD_FAILED, HomeLinkCounter.DAD_FAILED_BAD_ADDRESS);
            return;
        }
        // RFC 4862 §5.4.2: NS from :: to the solicited-node address of the tentative address, no SLLA option.
        final int length = frames.dadSolicitation(home.mac(), homeHigh, homeLow);
        if (!transmitter.transmit(home.portIndex(), frames.frame(), 0, length))
        {
            decide(slot, DAD_FAILED, HomeLinkCounter.DAD_FAILED_TX_REFUSED);
            return;
        }
        tally(HomeLinkCounter.TX_DAD_SOLICITATION);
        dadOutcome[slot] = PENDING;
        index(slot, homeHigh, homeLow);
    }

    /** Link a pending run into the index; a second run for the same address queues behind the first. */
    private void index(final int slot, final long high, final long low)
    {
        final int first = tentative.get(high, low);
        if (first == Ipv6AddressTable.MISSING)
        {
            tentative.put(high, low, slot);
            return;
        }
        int last = first;
        while (dadNextSameAddress[last] != NO_SLOT)
        {
            last = dadNextSameAddress[last];
        }
        dadNextSameAddress[last] = slot;
    }

    /**
     * RFC 4862 §5.4.3, §5.4.4: a valid NA for a tentative address, or another node's DAD probe for it, ends every
     * pending run for that address as duplicate.
     */
    @Override
    public boolean onDadCollision(
        final int port, final long targetHigh, final long targetLow, final boolean advertisement)
    {
        if (port != home.portIndex())
        {
            return false;
        }
        int slot = tentative.remove(targetHigh, targetLow);
        if (slot == Ipv6AddressTable.MISSING)
        {
            return false;
        }
        final HomeLinkCounter reason = advertisement ?
            HomeLinkCounter.DAD_DUPLICATE_ADVERTISEMENT : HomeLinkCounter.DAD_DUPLICATE_PROBE;
        while (slot != NO_SLOT)
        {
            final int next = dadNextSameAddress[slot];
            decide(slot, DAD_DUPLICATE, reason);
            slot = next;
        }
        return true;
    }

    /** An outcome known before the deadline: delivered from the next {@link #doWork}. */
    private void decide(final int slot, final int outcome, final HomeLinkCounter reason)
    {
        tally(reason);
        dadOutcome[slot] = outcome;
        dadNextSameAddress[slot] = NO_SLOT;
        decided[decidedCount++] = slot;
    }

    private int runDecided(final long nowNs, final int budget)
    {
        int done = 0;
        while (done < budget && decidedCount > 0)
        {
            final int slot = decided[--decidedCount];
            final int outcome = dadOutcome[slot];
            dadOutcome[slot] = DELIVERED;
            deliver(slot, outcome, nowNs);
            done++;
        }
        return done;
    }

    private int runDadTimers(final long nowNs, final int budget)
    {
        int done = 0;
        while (done < budget && dadCount > 0)
        {
            final int slot = dadHead;
            final int outcome = dadOutcome[slot];
            if (outcome == PENDING && nowNs - dadDueNs[slot] < 0)
            {
                break;
            }
            if (outcome != PENDING && outcome != DELIVERED)
            {
                // Decided but not yet delivered (the decided stack is over budget): leave it for the next call.
                break;
            }
            dadHead = (dadHead + 1) % dadHigh.length;
            dadCount--;
            if (outcome == PENDING)
            {
                // RFC 4862 §5.4: RetransTimer passed with no NA and no probe for the address: it is unique.
                unindexHead(slot);
                tally(HomeLinkCounter.DAD_UNIQUE);
                deliver(slot, DAD_UNIQUE, nowNs);
            }
            done++;
        }
        return done;
    }

    /** The oldest pending run for its address finished: the next run for the address, if any, heads the index. */
    private void unindexHead(final int slot)
    {
        final int next = dadNextSameAddress[slot];
        if (next == NO_SLOT)
        {
            tentative.remove(dadHigh[slot], dadLow[slot]);
        }
        else
        {
            tentative.put(dadHigh[slot], dadLow[slot], next);
        }
        dadNextSameAddress[slot] = NO_SLOT;
    }

    private void deliver(final int slot, final int outcome, final long nowNs)
    {
        final DadListener listener = dadListener[slot];
        final long token = dadToken[slot];
        dadListener[slot] = null;
        if (listener != null)
        {
            listener.onDuplicateAddressDetection(token, outcome, nowNs);
        }
    }

    // ------------------------------------------------------------------------------------------ duty cycle

    @Override
    public int doWork(final long nowNs)
    {
        int work = runDecided(nowNs, workLimit);
        work += runDadTimers(nowNs, workLimit - work);
        work += runAnnouncements(nowNs, workLimit - work);
        return work;
    }

    /**
     * @return DAD runs whose slot is still held (pending, or decided and not yet reclaimed).
     */
    public int dadPending()
    {
        return dadCount;
    }

    /**
     * @return registrations with announcement repeats still to send.
     */
    public int announcementsPending()
    {
        return announceCount;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void send(final int length, final HomeLinkCounter sent)
    {
        tally(transmitter.transmit(home.portIndex(), frames.frame(), 0, length) ?
            sent : HomeLinkCounter.DROP_TX_REFUSED);
    }

    private static boolean isMulticast(final long high)
    {
        return (high >>> 56) == 0xFF;
    }

    private void tally(final HomeLinkCounter counter)
    {
        counts[counter.ordinal()]++;
    }

    /**
     * @param counter a home link counter.
     * @return its count so far.
     */
    public long count(final HomeLinkCounter counter)
    {
        return counts[counter.ordinal()];
    }

    /**
     * Bring counter slots over {@link HomeLinkCounter} up to this home link's counts and publish them.
     *
     * @param slots the home link's slots in the counters file, written by no one else.
     * @return number of slots published.
     */
    @Override
    public int publish(final CounterSlots slots)
    {
        return slots.publishTotals(counts);
    }

    /**
     * Open-addressing hash table from a 128-bit IPv6 address to an int, linear probing with backward-shift
     * deletion (no tombstones); :: marks an empty slot and is never a key. Grows by doubling past 1/2 full.
     * <pre>
     *   keys:   highs[i] | lows[i]   (two long arrays, one slot per index)
     *   values: values[i]            (an int array)
     * </pre>
     */
    static final class Ipv6AddressTable
    {
        /** Returned by {@link #get}, {@link #put} and {@link #remove} when the key is absent. */
        static final int MISSING = Integer.MIN_VALUE;

        private long[] highs;
        private long[] lows;
        private int[] values;
        private int mask;
        private int size;

        Ipv6AddressTable(final int expected)
        {
            allocate(Math.max(16, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << 1));
        }

        int size()
        {
            return size;
        }

        int get(final long high, final long low)
        {
            for (int i = hash(high, low) & mask; ; i = (i + 1) & mask)
            {
                if (highs[i] == high && lows[i] == low)
                {
                    return isEmpty(i) ? MISSING : values[i];
                }
                if (isEmpty(i))
                {
                    return MISSING;
                }
            }
        }

        /** @return the previous value, or {@link #MISSING} when the key is new. */
        int put(final long high, final long low, final int value)
        {
            for (int i = hash(high, low) & mask; ; i = (i + 1) & mask)
            {
                if (isEmpty(i))
                {
                    highs[i] = high;
                    lows[i] = low;
                    values[i] = value;
                    if (++size > (mask + 1) / 2)
                    {
                        grow();
                    }
                    return MISSING;
                }
                if (highs[i] == high && lows[i] == low)
                {
                    final int previous = values[i];
                    values[i] = value;
                    return previous;
                }
            }
        }

        /** @return the removed value, or {@link #MISSING}. */
        int remove(final long high, final long low)
        {
            if (high == 0L && low == 0L)
            {
                return MISSING;
            }
            for (int i = hash(high, low) & mask; ; i = (i + 1) & mask)
            {
                if (isEmpty(i))
                {
                    return MISSING;
                }
                if (highs[i] == high && lows[i] == low)
                {
                    final int removed = values[i];
                    shiftBack(i);
                    size--;
                    return removed;
                }
            }
        }

        /** Backward-shift deletion: move later members of the probe run into the hole so lookups stay exact. */
        private void shiftBack(final int hole)
        {
            int free = hole;
            for (int i = (hole + 1) & mask; !isEmpty(i); i = (i + 1) & mask)
            {
                final int home = hash(highs[i], lows[i]) & mask;
                // Move entry i into the hole when its home slot is not within (free, i] cyclically.
                if (((i - home) & mask) >= ((i - free) & mask))
                {
                    highs[free] = highs[i];
                    lows[free] = lows[i];
                    values[free] = values[i];
                    free = i;
                }
            }
            highs[free] = 0L;
            lows[free] = 0L;
        }

        private boolean isEmpty(final int i)
        {
            return highs[i] == 0L && lows[i] == 0L;
        }

        private void grow()
        {
            final long[] oldHighs = highs;
            final long[] oldLows = lows;
            final int[] oldValues = values;
            allocate(oldHighs.length * 2);
            for (int i = 0; i < oldHighs.length; i++)
            {
                if (oldHighs[i] != 0L || oldLows[i] != 0L)
                {
                    int j = hash(oldHighs[i], oldLows[i]) & mask;
                    while (!isEmpty(j))
                    {
                        j = (j + 1) & mask;
                    }
                    highs[j] = oldHighs[i];
                    lows[j] = oldLows[i];
                    values[j] = oldValues[i];
                }
            }
        }

        private void allocate(final int capacity)
        {
            highs = new long[capacity];
            lows = new long[capacity];
            values = new int[capacity];
            mask = capacity - 1;
        }

        private static int hash(final long high, final long low)
        {
            // MurmurHash3's fmix64 over both halves: home addresses often differ only in their last octets.
            long h = high * 0x9E37_79B9_7F4A_7C15L ^ low;
            h ^= h >>> 33;
            h *= 0xFF51_AFD7_ED55_8CCDL;
            h ^= h >>> 33;
            h *= 0xC4CE_B9FE_1A85_EC53L;
            h ^= h >>> 33;
            return (int)h;
        }
    }
}
