package dsmipha.common.agent;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.agrona.ErrorHandler;

/**
 * Logs each distinct error once (its type, message and the frames where it was thrown), however often it repeats:
 * an agent that fails on every duty cycle must not flood the log. Every occurrence is still counted by the
 * agents' error counter. Aeron's distinct error log is the model. Thread safe.
 */
public final class DistinctErrorHandler implements ErrorHandler
{
    private static final int MAX_DISTINCT = 1000;

    private final PrintStream out;
    private final Set<String> seen = new HashSet<>();

    /**
     * @param out where the first occurrence of each error is printed.
     */
    public DistinctErrorHandler(final PrintStream out)
    {
        this.out = out;
    }

    @Override
    public void onError(final Throwable error)
    {
        final String key = error.getClass().getName() + ": " + error.getMessage() + " @ " +
            Arrays.toString(Arrays.copyOf(error.getStackTrace(), Math.min(3, error.getStackTrace().length)));
        final boolean first;
        synchronized (seen)
        {
            first = seen.size() < MAX_DISTINCT && seen.add(key);
        }
        if (first)
        {
            out.println("dsmip-ha: agent error (logged once, counted as agent-errors):");
            error.printStackTrace(out);
        }
    }
}
