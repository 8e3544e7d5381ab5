package dsmipha.fastpath.decap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.testing.Fixture;

/**
 * Whole bursts at the loop boundaries (0, 1, 31, 32, 33 packets): accepted and dropped packets interleaved, each
 * with its own outcome, the accepted ones exactly scapy's inner packets and the dropped ones untouched.
 */
class DecapsulatorBurstTest
{
    /** Accepted (IPv6 in IPv6), accepted (IPv4 in UDP), dropped (protocol 41 carrying IPv4). */
    private static final String[] PATTERN = {"ip6in6", "ip4inudp", "mismatch_41_carries_ip4"};
    private static final DecapCounter[] OUTCOMES =
    {
        DecapCounter.IPV6_IN_IPV6_OK, DecapCounter.IPV4_IN_UDP4_OK, DecapCounter.DROP_INNER_VERSION_MISMATCH
    };

    private final DecapHarness h = new DecapHarness();

    @AfterEach
    void close()
    {
        h.close();
    }

    @ParameterizedTest(name = "burst of {0}")
    @ValueSource(ints = {0, 1, 31, 32, 33})
    void decapsulatesEveryPacketOfABurst(final int size)
    {
        h.registerFor("ip6in6");
        h.registerFor("ip4inudp");
        int expectedAccepted = 0;
        for (int i = 0; i < size; i++)
        {
            h.add(PATTERN[i % PATTERN.length]);
            expectedAccepted += i % PATTERN.length == 2 ? 0 : 1;
        }

        assertEquals(expectedAccepted, h.decapsulator.decapsulate(h.burst, h.outcomes));

        for (int i = 0; i < size; i++)
        {
            final String name = PATTERN[i % PATTERN.length];
            assertEquals(OUTCOMES[i % PATTERN.length].ordinal(), h.outcomes[i], "packet " + i);
            final byte[] expected = i % PATTERN.length == 2 ?
                Fixture.load("decap", name).bytes() : DecapHarness.inner(name);
            assertArrayEquals(expected, h.packet(i), "packet " + i);
        }
        for (int k = 0; k < PATTERN.length; k++)
        {
            assertEquals((size + PATTERN.length - 1 - k) / PATTERN.length, h.decapsulator.count(OUTCOMES[k]));
        }
    }
}
