package dsmipha.fastpath.io;

/**
 * Burst packet I/O on one port with one or more queues: the API every backend implements (the in-memory port for
 * tests, the demo and the perf harness; the native shim's AF_XDP, AF_PACKET and DPDK ports). Modelled on DPDK's
 * {@code rte_eth_rx_burst}/{@code rte_eth_tx_burst}: one call moves up to N packets, never one.
 * <p>
 * A queue is served by exactly one worker thread (single consumer on RX, single producer on TX).
 * Frames received belong to the caller until it transmits or frees them; frames the port accepts on transmit
 * belong to the port.
 */
public interface PacketPort extends AutoCloseable
{
    /**
     * @return the port's name as given in config.
     */
    String name();

    /**
     * @return number of queues.
     */
    int queueCount();

    /**
     * @return the pool the port's frames come from (and go back to).
     */
    FramePool pool();

    /**
     * Receive up to {@code max} packets, appended to the burst.
     *
     * @param queue queue index.
     * @param burst burst to append to.
     * @param max   the most packets to receive (limited by the burst's room).
     * @return number of packets received.
     */
    int rxBurst(int queue, PacketBurst burst, int max);

    /**
     * Transmit packets {@code [from, from + count)} of a burst. Accepted packets leave the caller's ownership; the
     * caller decides what to do with the rest (retry next cycle or free and count a drop).
     *
     * @param queue queue index.
     * @param burst packets to send.
     * @param from  first packet index.
     * @param count number of packets.
     * @return number accepted, from {@code from} on.
     */
    int txBurst(int queue, PacketBurst burst, int from, int count);

    /**
     * Give frames back to the port they were received on (DPDK's {@code rte_pktmbuf_free_bulk}). For a NIC
     * backend this refills the receive side (AF_XDP's fill ring); the in-memory port returns them to its pool.
     *
     * @param burst packets whose frames are freed.
     * @param from  first packet index.
     * @param count number of packets.
     */
    default void free(final PacketBurst burst, final int from, final int count)
    {
        final FramePool pool = pool();
        for (int i = from, end = from + count; i < end; i++)
        {
            pool.free(burst.frame(i));
        }
    }

    @Override
    void close();
}
