package dsmipha.common.agent;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The idle strategies an operator can name in config: what a worker does on a duty cycle that found no work.
 * <ul>
 *   <li>{@code busy-spin}: never gives the core up (pinned production workers; never more spinners than cores).</li>
 *   <li>{@code yield}: {@code Thread.yield()} between empty cycles.</li>
 *   <li>{@code backoff}: spin, then yield, then park with growing sleeps (default: good on shared machines).</li>
 *   <li>{@code sleep}: sleep 1 ms (the slowpath on a busy box).</li>
 *   <li>{@code none}: return at once (the caller loops: invoker mode).</li>
 * </ul>
 */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    /**
     * @param name one of busy-spin, yield, backoff, sleep, none.
     * @return a new strategy instance (strategies keep state: one per agent thread).
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static IdleStrategy of(final String name)
    {
        return switch (name)
        {
            case "busy-spin" -> new BusySpinIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy(
                10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
            case "sleep" -> new SleepingMillisIdleStrategy(1);
            case "none" -> NoOpIdleStrategy.INSTANCE;
            default -> throw new IllegalArgumentException(
                "unknown idle strategy '" + name + "': use busy-spin, yield, backoff, sleep or none");
        };
    }
}
