package dsmipha.ha.bench;

import java.util.Map;

/**
 * Where every packet the bench offered went, over a whole traffic run (warm-up, window and drain): the harness
 * counts exactly when {@code offered == received + dropped} (issue 8: sent = received + counted drops).
 *
 * @param offered  packets the generator handed to the ports' receive rings (refused ones are not offered).
 * @param received frames the wire side collected from the ports' transmit rings.
 * @param dropped  the sum of the home agent's drop counters over the run.
 * @param drops    each drop counter that moved, by label.
 * @param forwardedNatively packets without a binding that were routed as they are (counter routed-natively).
 */
public record PacketAccounting(long offered, long received, long dropped, Map<String, Long> drops,
    long forwardedNatively)
{
    /**
     * Copy the map.
     */
    public PacketAccounting
    {
        drops = Map.copyOf(drops);
    }

    /**
     * @return true when every offered packet was received or counted as dropped.
     */
    public boolean exact()
    {
        return offered == received + dropped;
    }
}
