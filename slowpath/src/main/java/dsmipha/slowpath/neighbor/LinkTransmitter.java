package dsmipha.slowpath.neighbor;

import java.lang.foreign.MemorySegment;

/**
 * Where the {@link NeighborResolver} sends the frames it builds (ARP requests and replies, Neighbor Solicitations
 * and Advertisements): the wiring implements it over the fastpath's ports, tests capture into a list.
 */
@FunctionalInterface
public interface LinkTransmitter
{
    /**
     * Send one frame. The frame must be copied before this returns: the resolver reuses its buffer.
     *
     * @param port   the output port index.
     * @param frame  segment holding the frame, starting at its Ethernet header.
     * @param offset of the first octet (the destination MAC).
     * @param length octets, Ethernet header included (no frame check sequence).
     * @return true when the frame was taken, false when the port refused it (full); the resolver counts a refusal.
     */
    boolean transmit(int port, MemorySegment frame, long offset, int length);
}
