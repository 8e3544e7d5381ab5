/*
 * ring_internal.h: the ring header as a C struct, private to the shim sources and its tests.
 * The layout is the one drawn in include/dsmipha_shim.h; the static asserts pin every offset to it.
 */
#ifndef DSMIPHA_RING_INTERNAL_H
#define DSMIPHA_RING_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "dsmipha_shim.h"

/* Java reads and writes the indices with plain 8-octet loads and stores (VarHandle acquire/release): that only
 * interoperates if C's _Atomic uint64_t is the same plain, lock-free 8-octet word. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "64-bit atomics must be lock-free");
_Static_assert(sizeof(_Atomic uint64_t) == 8, "an atomic u64 must be 8 octets");

typedef struct dsmipha_ring
{
    /* Producer cache line: written by the producer only (capacity and magic once, by init). */
    _Alignas(64) _Atomic uint64_t producer_index;
    uint32_t capacity;
    uint32_t magic;
    uint8_t reserved_producer[48];

    /* Consumer cache line: written by the consumer only. */
    _Alignas(64) _Atomic uint64_t consumer_index;
    uint8_t reserved_consumer[56];

    dsmipha_desc_t slots[];
}
dsmipha_ring_t;

_Static_assert(offsetof(dsmipha_ring_t, producer_index) == DSMIPHA_RING_PRODUCER_INDEX_OFFSET, "producer index");
_Static_assert(offsetof(dsmipha_ring_t, capacity) == DSMIPHA_RING_CAPACITY_OFFSET, "capacity");
_Static_assert(offsetof(dsmipha_ring_t, magic) == DSMIPHA_RING_MAGIC_OFFSET, "magic");
_Static_assert(offsetof(dsmipha_ring_t, consumer_index) == DSMIPHA_RING_CONSUMER_INDEX_OFFSET, "consumer index");
_Static_assert(offsetof(dsmipha_ring_t, slots) == DSMIPHA_RING_HEADER_LENGTH, "header length");
_Static_assert(sizeof(dsmipha_desc_t) == DSMIPHA_DESC_LENGTH, "descriptor length");
_Static_assert(offsetof(dsmipha_desc_t, frame) == DSMIPHA_DESC_FRAME_OFFSET, "frame");
_Static_assert(offsetof(dsmipha_desc_t, length) == DSMIPHA_DESC_LENGTH_OFFSET, "length");
_Static_assert(offsetof(dsmipha_desc_t, port) == DSMIPHA_DESC_PORT_OFFSET, "port");
_Static_assert(offsetof(dsmipha_desc_t, flags) == DSMIPHA_DESC_FLAGS_OFFSET, "flags");

/* 1 if the ring carries the magic written by dsmipha_ring_init (then capacity is a valid power of two). */
static inline int dsmipha_ring_is_initialised(const dsmipha_ring_t *r)
{
    return r != NULL && r->magic == DSMIPHA_RING_MAGIC;
}

/* Free slots seen by the producer; it owns the producer index, so a relaxed load of it is enough. */
static inline uint32_t dsmipha_ring_free_slots(dsmipha_ring_t *r, uint64_t *producer_index)
{
    const uint64_t prod = atomic_load_explicit(&r->producer_index, memory_order_relaxed);
    const uint64_t cons = atomic_load_explicit(&r->consumer_index, memory_order_acquire);
    *producer_index = prod;
    return r->capacity - (uint32_t)(prod - cons);
}

#endif /* DSMIPHA_RING_INTERNAL_H */
