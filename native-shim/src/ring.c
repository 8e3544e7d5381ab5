/*
 * ring.c: the single-producer single-consumer descriptor ring (layout in include/dsmipha_shim.h).
 *
 * Bursts copy in at most two runs, before and after the wrap point, as DPDK's rte_ring does. The slot copies
 * are plain stores; the index store with release order is what publishes them to the other end, and the
 * other end's acquire load of that index is what makes them visible.
 */
#include <string.h>

#include "ring_internal.h"

uint64_t dsmipha_ring_bytes(const uint32_t capacity)
{
    if (capacity == 0 || (capacity & (capacity - 1)) != 0 || capacity > DSMIPHA_RING_MAX_CAPACITY)
    {
        return 0;
    }
    return DSMIPHA_RING_HEADER_LENGTH + (uint64_t)capacity * DSMIPHA_DESC_LENGTH;
}

int32_t dsmipha_ring_init(void *ring, const uint32_t capacity)
{
    if (ring == NULL)
    {
        return DSMIPHA_SHIM_ERR_NULL;
    }
    if (((uintptr_t)ring & (DSMIPHA_RING_ALIGNMENT - 1)) != 0)
    {
        return DSMIPHA_SHIM_ERR_ALIGNMENT;
    }
    if (capacity == 0 || (capacity & (capacity - 1)) != 0)
    {
        return DSMIPHA_SHIM_ERR_CAPACITY_NOT_POWER_OF_TWO;
    }
    if (capacity > DSMIPHA_RING_MAX_CAPACITY)
    {
        return DSMIPHA_SHIM_ERR_CAPACITY_TOO_LARGE;
    }

    dsmipha_ring_t *r = ring;
    memset(r, 0, DSMIPHA_RING_HEADER_LENGTH);
    atomic_init(&r->producer_index, 0);
    atomic_init(&r->consumer_index, 0);
    r->capacity = capacity;
    r->magic = DSMIPHA_RING_MAGIC;
    return DSMIPHA_SHIM_OK;
}

uint32_t dsmipha_ring_enqueue_burst(void *ring, const dsmipha_desc_t *src, uint32_t n)
{
    dsmipha_ring_t *r = ring;
    if (!dsmipha_ring_is_initialised(r) || src == NULL)
    {
        return 0;
    }

    uint64_t prod;
    const uint32_t free_slots = dsmipha_ring_free_slots(r, &prod);
    if (n > free_slots)
    {
        n = free_slots;
    }
    if (n == 0)
    {
        return 0;
    }

    const uint32_t start = (uint32_t)prod & (r->capacity - 1);
    const uint32_t first = (r->capacity - start) < n ? (r->capacity - start) : n;
    memcpy(&r->slots[start], src, (size_t)first * sizeof(dsmipha_desc_t));
    memcpy(&r->slots[0], src + first, (size_t)(n - first) * sizeof(dsmipha_desc_t));

    atomic_store_explicit(&r->producer_index, prod + n, memory_order_release);
    return n;
}

uint32_t dsmipha_ring_dequeue_burst(void *ring, dsmipha_desc_t *dst, uint32_t n)
{
    dsmipha_ring_t *r = ring;
    if (!dsmipha_ring_is_initialised(r) || dst == NULL)
    {
        return 0;
    }

    const uint64_t cons = atomic_load_explicit(&r->consumer_index, memory_order_relaxed);
    const uint64_t prod = atomic_load_explicit(&r->producer_index, memory_order_acquire);
    const uint32_t available = (uint32_t)(prod - cons);
    if (n > available)
    {
        n = available;
    }
    if (n == 0)
    {
        return 0;
    }

    const uint32_t start = (uint32_t)cons & (r->capacity - 1);
    const uint32_t first = (r->capacity - start) < n ? (r->capacity - start) : n;
    memcpy(dst, &r->slots[start], (size_t)first * sizeof(dsmipha_desc_t));
    memcpy(dst + first, &r->slots[0], (size_t)(n - first) * sizeof(dsmipha_desc_t));

    atomic_store_explicit(&r->consumer_index, cons + n, memory_order_release);
    return n;
}
