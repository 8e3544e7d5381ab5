package dsmipha.common.agent;

/**
 * How the agents of one home agent instance are mapped to threads (Aeron's ThreadingMode is the model).
 */
public enum ThreadingMode
{
    /** One thread per agent, each pinned to the CPU its config names: the production layout. */
    DEDICATED,
    /** All agents share one thread, run round-robin in one duty cycle: small machines and CI. */
    SHARED,
    /** No thread is started: the caller drives every agent by calling {@code invoke()}: tests and benchmarks. */
    INVOKER
}
