/*
 * dsmipha_shim.h: public C API of the dsmip-ha native shim.
 *
 * The shim moves packet descriptors between a packet I/O backend (AF_XDP, AF_PACKET or DPDK, added later)
 * and the Java fastpath workers. The unit of exchange is a single-producer single-consumer ring of 16-octet
 * descriptors that lives in memory allocated by the caller: Java allocates it with FFM
 * (Arena.allocate(dsmipha_ring_bytes(capacity), 64)) and passes its address. Either end of a ring may be C
 * or Java; the Java mirror of this layout is dsmipha.shim.DescriptorRingDescriptor.
 *
 * Ring layout (all fields in host byte order; the ring never goes on the wire):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |   0  producer cache line
 *  +                    Producer Index (u64)                       +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Capacity (u32)                         |   8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Magic (u32)                          |  12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Reserved, zero (48 octets)                 ...  16..63
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |  64  consumer cache line
 *  +                    Consumer Index (u64)                       +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Reserved, zero (56 octets)                 ...  72..127
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Descriptor 0 (16 octets)                   ...  128
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                             ...                              ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Descriptor capacity - 1 (16 octets)             ...  128 + 16 * (capacity - 1)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Descriptor (16 octets):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |   0
 *  +        Frame (u64): offset in the frame pool, or address      +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Length (u32, octets)                      |   8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Port (u16)          |          Flags (u16)          |  12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Protocol:
 *  - The indices are free-running u64 counters (they never wrap in practice); descriptor i lives in slot
 *    i & (capacity - 1). Entries in the ring = producer index - consumer index, always <= capacity.
 *  - Only the producer writes the producer index and the slots in [consumer index + capacity, producer index);
 *    it publishes slots with a release store of the producer index and reads the consumer index with acquire.
 *  - Only the consumer writes the consumer index; it reads the producer index with acquire and frees slots
 *    with a release store of the consumer index.
 *  - Each index sits alone on its own 64-octet cache line, so the two ends do not false-share.
 *  - Capacity and magic are written once by dsmipha_ring_init and are read-only afterwards.
 *
 * Thread safety: one producer and one consumer at a time, each of which may be C or Java. All burst functions
 * are non-blocking and never call back into Java, so Java binds them with Linker.Option.critical(false).
 */
#ifndef DSMIPHA_SHIM_H
#define DSMIPHA_SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DSMIPHA_SHIM_API __attribute__((visibility("default")))

/** Version of this ABI (layout + functions); bump on any incompatible change. Java checks it at load. */
#define DSMIPHA_SHIM_ABI_VERSION 1u

/** Octets of the ring header in front of the descriptors. */
#define DSMIPHA_RING_HEADER_LENGTH 128u
/** Required alignment of the ring memory: one cache line. */
#define DSMIPHA_RING_ALIGNMENT 64u
/** Offset of the producer index (u64). */
#define DSMIPHA_RING_PRODUCER_INDEX_OFFSET 0u
/** Offset of the capacity (u32). */
#define DSMIPHA_RING_CAPACITY_OFFSET 8u
/** Offset of the magic (u32). */
#define DSMIPHA_RING_MAGIC_OFFSET 12u
/** Offset of the consumer index (u64). */
#define DSMIPHA_RING_CONSUMER_INDEX_OFFSET 64u
/** Value of the magic field of an initialised ring: "DSMR" read as a little-endian u32. */
#define DSMIPHA_RING_MAGIC 0x524D5344u
/** Largest capacity accepted by dsmipha_ring_init (descriptors). */
#define DSMIPHA_RING_MAX_CAPACITY (1u << 30)

/** Octets of one descriptor. */
#define DSMIPHA_DESC_LENGTH 16u
/** Offset of the frame field in a descriptor (u64). */
#define DSMIPHA_DESC_FRAME_OFFSET 0u
/** Offset of the length field in a descriptor (u32). */
#define DSMIPHA_DESC_LENGTH_OFFSET 8u
/** Offset of the port field in a descriptor (u16). */
#define DSMIPHA_DESC_PORT_OFFSET 12u
/** Offset of the flags field in a descriptor (u16). */
#define DSMIPHA_DESC_FLAGS_OFFSET 14u

/** Frame stride used by dsmipha_shim_fill: descriptor with sequence s points at frame s * 2048. */
#define DSMIPHA_SHIM_FILL_FRAME_STRIDE 2048u
/** Smallest length written by dsmipha_shim_fill: an Ethernet frame without FCS. */
#define DSMIPHA_SHIM_FILL_MIN_LENGTH 60u

/** Status codes returned by dsmipha_ring_init; dsmipha_shim_strerror describes them. */
#define DSMIPHA_SHIM_OK 0
#define DSMIPHA_SHIM_ERR_NULL (-1)
#define DSMIPHA_SHIM_ERR_ALIGNMENT (-2)
#define DSMIPHA_SHIM_ERR_CAPACITY_NOT_POWER_OF_TWO (-3)
#define DSMIPHA_SHIM_ERR_CAPACITY_TOO_LARGE (-4)

/** One packet descriptor (16 octets, see the diagram above). */
typedef struct dsmipha_desc
{
    uint64_t frame;
    uint32_t length;
    uint16_t port;
    uint16_t flags;
}
dsmipha_desc_t;

/** @return DSMIPHA_SHIM_ABI_VERSION of the compiled library. */
DSMIPHA_SHIM_API uint32_t dsmipha_shim_abi_version(void);

/**
 * @param code a status code returned by this library.
 * @return a static, NUL-terminated description of the code (never NULL).
 */
DSMIPHA_SHIM_API const char *dsmipha_shim_strerror(int32_t code);

/**
 * @param capacity descriptors.
 * @return octets of a ring of that capacity (header plus descriptors), or 0 if the capacity is not accepted.
 */
DSMIPHA_SHIM_API uint64_t dsmipha_ring_bytes(uint32_t capacity);

/**
 * Initialise a ring in caller-allocated memory of at least dsmipha_ring_bytes(capacity) octets: zero the header,
 * set capacity and magic. Descriptor slots are left as they are. Not thread safe: call it before either end
 * starts.
 *
 * @param ring     memory aligned to DSMIPHA_RING_ALIGNMENT.
 * @param capacity descriptors, a power of two in [1, DSMIPHA_RING_MAX_CAPACITY].
 * @return DSMIPHA_SHIM_OK, or a negative DSMIPHA_SHIM_ERR_* code; the memory is untouched on error.
 */
DSMIPHA_SHIM_API int32_t dsmipha_ring_init(void *ring, uint32_t capacity);

/**
 * Producer side: copy up to n descriptors from src into the free slots and publish them (release).
 *
 * @param ring an initialised ring.
 * @param src  n descriptors.
 * @param n    descriptors offered.
 * @return descriptors enqueued, in [0, n]; 0 when the ring is full or not initialised.
 */
DSMIPHA_SHIM_API uint32_t dsmipha_ring_enqueue_burst(void *ring, const dsmipha_desc_t *src, uint32_t n);

/**
 * Consumer side: copy up to n available descriptors into dst and free their slots (release).
 *
 * @param ring an initialised ring.
 * @param dst  room for n descriptors.
 * @param n    most descriptors to take.
 * @return descriptors dequeued, in [0, n]; 0 when the ring is empty or not initialised.
 */
DSMIPHA_SHIM_API uint32_t dsmipha_ring_dequeue_burst(void *ring, dsmipha_desc_t *dst, uint32_t n);

/** Do nothing: the floor cost of a downcall, for the binding benchmark. */
DSMIPHA_SHIM_API void dsmipha_shim_noop(void);

/**
 * Touch one descriptor for the binding benchmark: add 1 to the length of slot n & (capacity - 1). Ring indices
 * are not used or changed.
 *
 * @param ring an initialised ring.
 * @param n    slot selector.
 * @return the new length, or 0 if the ring is not initialised.
 */
DSMIPHA_SHIM_API uint32_t dsmipha_shim_touch(void *ring, uint32_t n);

/**
 * Producer side: write and publish up to n descriptors, as a NIC backend does for a received burst. The
 * descriptor with sequence s (its producer index) gets frame s * DSMIPHA_SHIM_FILL_FRAME_STRIDE, length
 * DSMIPHA_SHIM_FILL_MIN_LENGTH + (s & 1023), port s & 0xFFFF and flags 0, so a consumer can check what it reads.
 *
 * @param ring an initialised ring.
 * @param n    descriptors to produce.
 * @return descriptors produced, in [0, n]; fewer when the ring fills up.
 */
DSMIPHA_SHIM_API uint32_t dsmipha_shim_fill(void *ring, uint32_t n);

#ifdef __cplusplus
}
#endif

#endif /* DSMIPHA_SHIM_H */
