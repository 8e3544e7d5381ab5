package dsmipha.fastpath.worker;

/**
 * One receive queue a worker serves. Where each packet leaves is the egress stage's choice (routes); a worker
 * transmits on every port through its own transmit queue, numbered as the worker.
 *
 * @param port  index of the receive port.
 * @param queue queue on that port.
 */
public record QueueAssignment(int port, int queue)
{
}
