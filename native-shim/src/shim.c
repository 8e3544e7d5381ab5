/*
 * shim.c: version, status text, and the producer entry points a packet I/O backend uses per burst.
 */
#include "ring_internal.h"

uint32_t dsmipha_shim_abi_version(void)
{
    return DSMIPHA_SHIM_ABI_VERSION;
}

const char *dsmipha_shim_strerror(const int32_t code)
{
    switch (code)
    {
        case DSMIPHA_SHIM_OK:
            return "ok";
        case DSMIPHA_SHIM_ERR_NULL:
            return "ring address is NULL";
        case DSMIPHA_SHIM_ERR_ALIGNMENT:
            return "ring address is not aligned to 64 octets";
        case DSMIPHA_SHIM_ERR_CAPACITY_NOT_POWER_OF_TWO:
            return "ring capacity is not a power of two (or is 0)";
        case DSMIPHA_SHIM_ERR_CAPACITY_TOO_LARGE:
            return "ring capacity is larger than 2^30 descriptors";
        default:
            return "unknown dsmipha_shim status code";
    }
}

void dsmipha_shim_noop(void)
{
    /* An empty asm keeps the compiler from treating calls to this as removable. */
    __asm__ volatile("" ::: "memory");
}

uint32_t dsmipha_shim_touch(void *ring, const uint32_t n)
{
    dsmipha_ring_t *r = ring;
    if (!dsmipha_ring_is_initialised(r))
    {
        return 0;
    }
    dsmipha_desc_t *d = &r->slots[n & (r->capacity - 1)];
    return ++d->length;
}

uint32_t dsmipha_shim_fill(void *ring, uint32_t n)
{
    dsmipha_ring_t *r = ring;
    if (!dsmipha_ring_is_initialised(r))
    {
        return 0;
    }

    uint64_t prod;
    const uint32_t free_slots = dsmipha_ring_free_slots(r, &prod);
    if (n > free_slots)
    {
        n = free_slots;
    }

    const uint32_t mask = r->capacity - 1;
    for (uint32_t i = 0; i < n; i++)
    {
        const uint64_t seq = prod + i;
        dsmipha_desc_t *d = &r->slots[(uint32_t)seq & mask];
        d->frame = seq * DSMIPHA_SHIM_FILL_FRAME_STRIDE;
        d->length = DSMIPHA_SHIM_FILL_MIN_LENGTH + (uint32_t)(seq & 1023u);
        d->port = (uint16_t)seq;
        d->flags = 0;
    }

    if (n != 0)
    {
        atomic_store_explicit(&r->producer_index, prod + n, memory_order_release);
    }
    return n;
}
