package dsmipha.ha;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The running instance's answers to signals: SIGTERM and SIGINT drain (the main thread leaves its loop and closes
 * the instance: agents stop receiving, the journal is flushed, a snapshot is written, exit status 0, as service
 * managers expect from an orderly stop); SIGHUP reloads the config file's registration part. A JVM shutdown hook
 * stands in for the handlers where the JVM does not let us handle a signal (for example with -Xrs).
 */
final class Lifecycle
{
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private Thread shutdownHook;

    /**
     * @return counted down when the instance is asked to stop.
     */
    CountDownLatch stop()
    {
        return stop;
    }

    /**
     * @param onReload what SIGHUP does (runs on the JVM's signal thread).
     */
    void install(final Runnable onReload)
    {
        handle("TERM", signal -> stop.countDown());
        handle("INT", signal -> stop.countDown());
        handle("HUP", signal -> onReload.run());
        shutdownHook = new Thread(stop::countDown, "dsmip-ha-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Put the previous handlers back.
     */
    void uninstall()
    {
        for (int i = 0; i < signals.size(); i++)
        {
            try
            {
                Signal.handle(signals.get(i), previous.get(i));
            }
            catch (final IllegalArgumentException ignored)
            {
                // It was never ours to restore.
            }
        }
        signals.clear();
        previous.clear();
        if (shutdownHook != null)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
            catch (final IllegalStateException ignored)
            {
                // The JVM is already shutting down: the hook has run.
            }
            shutdownHook = null;
        }
    }

    private void handle(final String name, final SignalHandler handler)
    {
        try
        {
            final Signal signal = new Signal(name);
            previous.add(Signal.handle(signal, handler));
            signals.add(signal);
        }
        catch (final IllegalArgumentException ex)
        {
            // The JVM keeps this signal (-Xrs) or it is ignored by the parent: the shutdown hook covers stopping.
        }
    }
}
