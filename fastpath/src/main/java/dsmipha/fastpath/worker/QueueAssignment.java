package dsmipha.fastpath.worker;

/**
 * One receive queue a worker serves, and the port its forwarded packets leave by (the pairing of DPDK testpmd's
 * forwarding modes, until the routing stage of the forwarding issue picks the output per packet).
 *
 * @param port       index of the receive port.
 * @param queue      queue on that port.
 * @param outputPort index of the port forwarded packets are sent on (same queue number).
 */
public record QueueAssignment(int port, int queue, int outputPort)
{
}
