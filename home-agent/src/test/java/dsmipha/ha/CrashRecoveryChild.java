package dsmipha.ha;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;

import dsmipha.common.agent.AgentPlacement;
import dsmipha.common.agent.ThreadingMode;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.MemoryPort;
import dsmipha.fastpath.io.PacketBurst;

/**
 * The process {@link HomeAgentCrashRecoveryTest} kills: the embedded home agent (INVOKER mode, binding store on)
 * registering and refreshing mobile nodes as fast as it can. Every accepting Binding Ack that leaves the access port
 * is appended to the ack log ("homeHigh homeLow sequence", hex, one {@code write(2)} per Ack) before anything else
 * happens, so the log holds exactly the Acks a mobile node could have seen when the kill lands.
 * <p>
 * Arguments: state directory, counters directory, ack log, first home address interface id (hex), "ready" is printed
 * on stdout once the agent runs.
 */
public final class CrashRecoveryChild
{
    static final int NEW_NODES_MAX = 12_000;
    // 10 demonstration rounds of up to 12,000 new nodes each stay below it.
    static final long BINDING_CAPACITY = 1 << 17;
    private static final int BURST = 32;

    private CrashRecoveryChild()
    {
    }

    /**
     * @param args state directory, counters directory, ack log, first home address interface id (hex).
     * @throws IOException when the ack log cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final HomeAgentConfig config = config(Path.of(args[1]), Path.of(args[0]));
        final long firstHomeLow = Long.parseUnsignedLong(args[3], 16);
        try (HomeAgent agent = HomeAgent.startWithoutTraffic(config);
            FileChannel log = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND))
        {
            System.out.println("ready");
            System.out.flush();
            run(agent, log, firstHomeLow);
        }
    }

    static HomeAgentConfig config(final Path countersDir, final Path stateDir)
    {
        return new HomeAgentConfig("crash", countersDir, ThreadingMode.INVOKER, "backoff",
            List.of(AgentPlacement.UNPINNED), AgentPlacement.UNPINNED, AgentPlacement.UNPINNED, 1, 4096,
            FrameLayout.DEFAULT_FRAME_LENGTH, 1024, 32, 1 << 20, 0, BINDING_CAPACITY)
            .withStateDirectory(stateDir);
    }

    private static void run(final HomeAgent agent, final FileChannel log, final long firstHomeLow) throws IOException
    {
        final CrashBindingUpdates updates = new CrashBindingUpdates();
        final SplittableRandom random = new SplittableRandom(firstHomeLow);
        final int[] lastSequence = new int[NEW_NODES_MAX];
        final PacketBurst in = new PacketBurst(agent.pool(), BURST);
        final PacketBurst out = new PacketBurst(agent.pool(), 256);
        final MemoryPort access = agent.port(HomeAgent.ACCESS_PORT);
        final MemoryPort home = agent.port(HomeAgent.HOME_PORT);
        final MemorySegment memory = agent.pool().memory();
        final long[] ack = new long[3];
        final ByteBuffer line = ByteBuffer.allocate(64);
        int nodes = 0;
        while (true)
        {
            in.clear();
            for (int i = 0; i < BURST && agent.pool().available() > 512; i++)
            {
                final int node = nodes < NEW_NODES_MAX && (nodes == 0 || random.nextInt(4) != 0) ?
                    nodes++ : random.nextInt(nodes);
                final int sequence = ++lastSequence[node];
                final int frame = agent.pool().allocate();
                final int length = updates.write(memory, agent.pool().frameOffset(frame) + FrameLayout.DATA_OFFSET,
                    firstHomeLow + node, sequence);
                in.add(frame, FrameLayout.DATA_OFFSET, length);
            }
            final int injected = access.wire().inject(0, in, 0, in.count());
            for (int i = injected; i < in.count(); i++)
            {
                agent.pool().free(in.frame(i));
            }
            for (int step = 0; step < 4; step++)
            {
                agent.host().invoke();
                out.clear();
                access.wire().collect(0, out, out.capacity());
                for (int i = 0; i < out.count(); i++)
                {
                    if (CrashBindingUpdates.readAccepted(memory, out.address(i), out.length(i), ack))
                    {
                        line.clear();
                        line.put((Long.toHexString(ack[0]) + " " + Long.toHexString(ack[1]) + " " + ack[2] + "\n")
                            .getBytes(StandardCharsets.US_ASCII)).flip();
                        while (line.hasRemaining())
                        {
                            log.write(line);
                        }
                    }
                }
                out.freeAll();
                home.wire().collect(0, out, out.capacity());
                out.freeAll();
            }
        }
    }
}
