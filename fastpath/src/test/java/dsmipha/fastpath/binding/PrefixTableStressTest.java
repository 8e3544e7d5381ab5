package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.Test;

/**
 * A race between the slowpath writer and two workers over the prefix table. <i>Anchor</i> prefixes (IPv6 /48 and
 * IPv4 /16) are added before the readers start and never removed, only re-owned in place; around and inside them
 * the writer adds, re-owns and removes <i>churn</i> prefixes (longer ones inside each anchor, shorter ones covering
 * all of them, and lengths with a single prefix, so that whole lengths appear and vanish from the published set).
 * Every owner is derived from its prefix, length and a generation, with a checksum.
 * <p>
 * The readers look up addresses inside the anchors and check every answer: never a miss and never a prefix shorter
 * than the anchor (the anchor is in the table the whole time), the prefix holds the address, and the owner is the
 * one derived from the prefix and length read with it (no torn entry). {@code BUSY} is allowed and counted.
 * <p>
 * Runs for {@code -Ddsmipha.prefix.stress.seconds} (default 3) seconds with a fixed seed
 * ({@code -Ddsmipha.stress.seed}).
 */
class PrefixTableStressTest
{
    private static final int READERS = 2;
    private static final int ANCHORS = 32;
    private static final long DOC = 0x2001_0DB8_0000_0000L;
    private static final int NET10 = 0x0A00_0000;
    private static final int ANCHOR6 = 48;
    private static final int ANCHOR4 = 16;
    /** Churn prefix kinds per anchor: IPv6 /56, /64, /112, /128 inside it; IPv4 /24, /32 inside it. */
    private static final int CHILDREN = 4;

    private static final int OK = 0;
    private static final int MISSED = 1;
    private static final int TOO_SHORT = 2;
    private static final int TORN = 3;
    private static final int BUSY = 4;
    private static final int OUTCOMES = 5;

    @Test
    void readersNeverSeeATornOwnerNorMissAPresentPrefix() throws InterruptedException
    {
        final long seed = Long.getLong("dsmipha.stress.seed", 0x9E3_F1CAL);
        final long seconds = Long.getLong("dsmipha.prefix.stress.seconds", 3);
        try (PrefixTable table = new PrefixTable(4_096, seed))
        {
            for (int anchor = 0; anchor < ANCHORS; anchor++)
            {
                assertEquals(BindingTable.ADDED, putAnchor6(table, anchor, 0));
                assertEquals(BindingTable.ADDED, putAnchor4(table, anchor, 0));
            }
            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicLongArray outcomes = new AtomicLongArray(OUTCOMES);
            final long[] writes = new long[3];
            final Thread writer = new Thread(() -> write(table, new SplittableRandom(seed), running, writes), "writer");
            final Thread[] readers = new Thread[READERS];
            for (int i = 0; i < READERS; i++)
            {
                final SplittableRandom random = new SplittableRandom(seed + 1 + i);
                readers[i] = new Thread(() -> read(table, random, running, outcomes), "reader-" + i);
            }
            writer.start();
            for (final Thread reader : readers)
            {
                reader.start();
            }
            Thread.sleep(seconds * 1000);
            running.set(false);
            writer.join();
            for (final Thread reader : readers)
            {
                reader.join();
            }

            System.out.printf("prefix table stress: seed 0x%x, %d s; writes %d added / %d updated / %d removed; " +
                "reads %d ok, %d missed, %d too short, %d torn, %d busy%n", seed, seconds, writes[0], writes[1],
                writes[2], outcomes.get(OK), outcomes.get(MISSED), outcomes.get(TOO_SHORT), outcomes.get(TORN),
                outcomes.get(BUSY));
            assertEquals(0, outcomes.get(TORN), "torn entries accepted");
            assertEquals(0, outcomes.get(MISSED), "a prefix present all along was missed");
            assertEquals(0, outcomes.get(TOO_SHORT), "a shorter prefix answered while the anchor was present");
            assertTrue(outcomes.get(OK) > 10_000, "readers made progress: " + outcomes.get(OK));
            assertTrue(writes[0] > 1_000 && writes[2] > 1_000, "writer made progress");
            assertEquals(0, table.counter(PrefixTableCounter.TABLE_FULL));
            assertEquals(0, table.counter(PrefixTableCounter.PROBE_LIMIT));
        }
    }

    private static void write(
        final PrefixTable table, final SplittableRandom random, final AtomicBoolean running, final long[] writes)
    {
        int generation = 0;
        while (running.get())
        {
            for (int i = 0; i < 64; i++)
            {
                generation++;
                final int anchor = random.nextInt(ANCHORS);
                final int child = random.nextInt(CHILDREN);
                final int pick = random.nextInt(16);
                final int result;
                if (pick == 0)
                {
                    // Re-own an anchor in place: it stays present, its owner changes under the readers.
                    result = random.nextBoolean() ? putAnchor6(table, anchor, generation) :
                        putAnchor4(table, anchor, generation);
                }
                else if (pick < 9)
                {
                    result = putChurn(table, anchor, child, pick, generation);
                }
                else
                {
                    result = removeChurn(table, anchor, child, pick);
                }
                if (result == BindingTable.ADDED)
                {
                    writes[0]++;
                }
                else if (result == BindingTable.UPDATED)
                {
                    writes[1]++;
                }
                else if (result == BindingTable.REMOVED)
                {
                    writes[2]++;
                }
                else if (result != BindingTable.NOT_FOUND)
                {
                    throw new IllegalStateException("write failed: " + result);
                }
            }
        }
    }

    /**
     * Churn prefixes, by {@code pick % 8}: 0-1 IPv6 children of the anchor (/56, /64, /112 or /128 by
     * {@code child}); 2 the covering IPv6 /32 and /0; 3 an IPv6 /60 that exists once (its length comes and goes);
     * 4-5 IPv4 children (/24 or /32); 6 IPv4 /8 and /0; 7 an IPv4 /28 that exists once.
     */
    private static int putChurn(
        final PrefixTable table, final int anchor, final int child, final int pick, final int generation)
    {
        return switch (pick % 8)
        {
            case 0, 1 -> put6(table, child6High(anchor, child), child6Low(child), child6Length(child), generation);
            case 2 -> child < 2 ? put6(table, DOC, 0, 32, generation) : put6(table, 0, 0, 0, generation);
            case 3 -> put6(table, anchor6(0), 0, 60, generation);
            case 4, 5 -> put4(table, child4(anchor, child), child4Length(child), generation);
            case 6 -> child < 2 ? put4(table, NET10, 8, generation) : put4(table, 0, 0, generation);
            default -> put4(table, anchor4(0) | 0x0100, 28, generation);
        };
    }

    private static int removeChurn(final PrefixTable table, final int anchor, final int child, final int pick)
    {
        return switch (pick % 8)
        {
            case 0, 1 -> table.removeIpv6(child6High(anchor, child), child6Low(child), child6Length(child));
            case 2 -> child < 2 ? table.removeIpv6(DOC, 0, 32) : table.removeIpv6(0, 0, 0);
            case 3 -> table.removeIpv6(anchor6(0), 0, 60);
            case 4, 5 -> table.removeIpv4(child4(anchor, child), child4Length(child));
            case 6 -> child < 2 ? table.removeIpv4(NET10, 8) : table.removeIpv4(0, 0);
            default -> table.removeIpv4(anchor4(0) | 0x0100, 28);
        };
    }

    private static void read(
        final PrefixTable table, final SplittableRandom random, final AtomicBoolean running,
        final AtomicLongArray outcomes)
    {
        final PrefixMatch match = new PrefixMatch();
        final long[] counts = new long[OUTCOMES];
        while (running.get())
        {
            for (int i = 0; i < 256; i++)
            {
                final int anchor = random.nextInt(ANCHORS);
                final int child = random.nextInt(CHILDREN);
                if (random.nextBoolean())
                {
                    final long high = child6High(anchor, child) | random.nextInt(2);
                    final long low = child6Low(child) | random.nextInt(2);
                    counts[check6(table.lookupIpv6(high, low, match), high, low, match)]++;
                }
                else
                {
                    final int address = child4(anchor, child) | random.nextInt(2);
                    counts[check4(table.lookupIpv4(address, match), address, match)]++;
                }
            }
        }
        for (int i = 0; i < OUTCOMES; i++)
        {
            outcomes.addAndGet(i, counts[i]);
        }
    }

    private static int check6(final int length, final long high, final long low, final PrefixMatch match)
    {
        if (length == BindingTable.BUSY)
        {
            return BUSY;
        }
        if (length < 0)
        {
            return MISSED;
        }
        if (length < ANCHOR6)
        {
            return TOO_SHORT;
        }
        final boolean consistent = !match.isIpv4() && match.prefixLength() == length &&
            match.prefixHigh() == (high & PrefixTable.maskHigh(length)) &&
            match.prefixLow() == (low & PrefixTable.maskLow(length)) &&
            isOwnerOf(match.ownerHigh(), match.ownerLow(), match.prefixHigh(), match.prefixLow(), match.keyLength());
        return consistent ? OK : TORN;
    }

    private static int check4(final int length, final int address, final PrefixMatch match)
    {
        if (length == BindingTable.BUSY)
        {
            return BUSY;
        }
        if (length < 0)
        {
            return MISSED;
        }
        if (length < ANCHOR4)
        {
            return TOO_SHORT;
        }
        final int mask = -1 << (32 - length);
        final boolean consistent = match.isIpv4() && match.prefixLength() == length &&
            match.ipv4Prefix() == (address & mask) && match.prefixHigh() == 0 &&
            isOwnerOf(match.ownerHigh(), match.ownerLow(), match.prefixHigh(), match.prefixLow(), match.keyLength());
        return consistent ? OK : TORN;
    }

    // ---------------------------------------------------------------- prefixes and owners

    private static long anchor6(final int anchor)
    {
        return DOC | (long)(anchor + 1) << 16;
    }

    private static int anchor4(final int anchor)
    {
        return NET10 | (anchor + 1) << 16;
    }

    private static long child6High(final int anchor, final int child)
    {
        // /56: anchor:0C00::; the longer children live in anchor:0C00:: too, with a non-zero interface id.
        return anchor6(anchor) | (long)child << 8;
    }

    private static long child6Low(final int child)
    {
        return child >= 2 ? 0x0000_0000_0007_0000L : 0;
    }

    private static int child6Length(final int child)
    {
        return switch (child)
        {
            case 0 -> 56;
            case 1 -> 64;
            case 2 -> 112;
            default -> 128;
        };
    }

    private static int child4(final int anchor, final int child)
    {
        return anchor4(anchor) | child << 8 | (child >= 2 ? 0x40 : 0);
    }

    private static int child4Length(final int child)
    {
        return child < 2 ? 24 : 32;
    }

    private static int putAnchor6(final PrefixTable table, final int anchor, final int generation)
    {
        return put6(table, anchor6(anchor), 0, ANCHOR6, generation);
    }

    private static int putAnchor4(final PrefixTable table, final int anchor, final int generation)
    {
        return put4(table, anchor4(anchor), ANCHOR4, generation);
    }

    private static int put6(final PrefixTable table, final long high, final long low, final int length, final int gen)
    {
        return table.putIpv6(high, low, length, ownerHigh(high, low, length, gen), ownerLow(high, low, length, gen));
    }

    private static int put4(final PrefixTable table, final int address, final int length, final int gen)
    {
        final long low = BindingView.ipv4MappedLow(address);
        return table.putIpv4(address, length, ownerHigh(0, low, 96 + length, gen), ownerLow(0, low, 96 + length, gen));
    }

    /**
     * Owner high: the generation and a mix of the key; owner low: a checksum over key, length and generation.
     */
    private static long ownerHigh(final long high, final long low, final int length, final int generation)
    {
        return (long)generation << 32 | (mix(high, low, length) & 0xFFFF_FFFFL) | 1L << 63;
    }

    private static long ownerLow(final long high, final long low, final int length, final int generation)
    {
        return mix(high ^ generation, low, length + 1000);
    }

    private static boolean isOwnerOf(
        final long ownerHigh, final long ownerLow, final long high, final long low, final int keyLength)
    {
        final int generation = (int)(ownerHigh >>> 32) & 0x7FFF_FFFF;
        return ownerHigh == ownerHigh(high, low, keyLength, generation) &&
            ownerLow == ownerLow(high, low, keyLength, generation);
    }

    private static long mix(final long high, final long low, final int length)
    {
        return PrefixTable.hash(high, low, length, 0x0123_4567_89AB_CDEFL);
    }
}
