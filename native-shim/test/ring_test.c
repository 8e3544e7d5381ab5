/*
 * ring_test.c: unit tests of the descriptor ring, run by `make test` (Maven's test phase).
 *
 * Covers init validation, empty and full, wrap-around over bursts of 0, 1, 3, 31, 32, 33, indices that cross
 * 2^64, the fill and touch entry points, and a two-thread producer/consumer run that checks every sequence.
 * Exits non-zero on the first failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "ring_internal.h"

static int failures = 0;

#define CHECK(cond)                                                                     \
    do                                                                                  \
    {                                                                                   \
        if (!(cond))                                                                    \
        {                                                                               \
            fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__, __func__, #cond); \
            failures++;                                                                 \
            return;                                                                     \
        }                                                                               \
    }                                                                                   \
    while (0)

static const uint32_t BURSTS[] = { 0, 1, 3, 31, 32, 33 };
#define BURST_COUNT (sizeof(BURSTS) / sizeof(BURSTS[0]))
#define MAX_BURST 64u

static dsmipha_ring_t *ring_new(const uint32_t capacity)
{
    const uint64_t bytes = dsmipha_ring_bytes(capacity);
    void *mem = aligned_alloc(DSMIPHA_RING_ALIGNMENT, (size_t)bytes);
    memset(mem, 0xA5, (size_t)bytes);
    if (dsmipha_ring_init(mem, capacity) != DSMIPHA_SHIM_OK)
    {
        fprintf(stderr, "dsmipha_ring_init(%u) failed\n", capacity);
        exit(2);
    }
    return mem;
}

static void make_burst(dsmipha_desc_t *burst, const uint64_t first_seq, const uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
    {
        const uint64_t seq = first_seq + i;
        burst[i].frame = seq;
        burst[i].length = (uint32_t)(seq * 7u);
        burst[i].port = (uint16_t)(seq >> 3);
        burst[i].flags = (uint16_t)(seq ^ 0x5A5Au);
    }
}

static int burst_matches(const dsmipha_desc_t *burst, const uint64_t first_seq, const uint32_t n)
{
    dsmipha_desc_t expected[MAX_BURST];
    make_burst(expected, first_seq, n);
    return memcmp(burst, expected, (size_t)n * sizeof(dsmipha_desc_t)) == 0;
}

static void test_abi_and_layout(void)
{
    CHECK(dsmipha_shim_abi_version() == DSMIPHA_SHIM_ABI_VERSION);
    CHECK(dsmipha_ring_bytes(1) == 128 + 16);
    CHECK(dsmipha_ring_bytes(1024) == 128 + 1024 * 16);
    CHECK(dsmipha_ring_bytes(DSMIPHA_RING_MAX_CAPACITY) == 128 + (uint64_t)DSMIPHA_RING_MAX_CAPACITY * 16);
    CHECK(dsmipha_ring_bytes(0) == 0);
    CHECK(dsmipha_ring_bytes(3) == 0);
    CHECK(dsmipha_ring_bytes(DSMIPHA_RING_MAX_CAPACITY << 1) == 0);
}

static void test_init_rejects_bad_arguments(void)
{
    void *mem = aligned_alloc(DSMIPHA_RING_ALIGNMENT, 4096);
    memset(mem, 0xA5, 4096);

    CHECK(dsmipha_ring_init(NULL, 8) == DSMIPHA_SHIM_ERR_NULL);
    CHECK(dsmipha_ring_init((char *)mem + 8, 8) == DSMIPHA_SHIM_ERR_ALIGNMENT);
    CHECK(dsmipha_ring_init(mem, 0) == DSMIPHA_SHIM_ERR_CAPACITY_NOT_POWER_OF_TWO);
    CHECK(dsmipha_ring_init(mem, 3) == DSMIPHA_SHIM_ERR_CAPACITY_NOT_POWER_OF_TWO);
    CHECK(dsmipha_ring_init(mem, 1000) == DSMIPHA_SHIM_ERR_CAPACITY_NOT_POWER_OF_TWO);
    CHECK(dsmipha_ring_init(mem, 0xFFFFFFFFu) == DSMIPHA_SHIM_ERR_CAPACITY_NOT_POWER_OF_TWO);
    CHECK(dsmipha_ring_init(mem, 1u << 31) == DSMIPHA_SHIM_ERR_CAPACITY_TOO_LARGE);
    CHECK(((unsigned char *)mem)[0] == 0xA5); /* untouched on error */

    /* An uninitialised ring is refused by every entry point instead of being trusted. */
    dsmipha_desc_t d[4];
    make_burst(d, 0, 4);
    CHECK(dsmipha_ring_enqueue_burst(mem, d, 4) == 0);
    CHECK(dsmipha_ring_dequeue_burst(mem, d, 4) == 0);
    CHECK(dsmipha_shim_fill(mem, 4) == 0);
    CHECK(dsmipha_shim_touch(mem, 4) == 0);
    CHECK(dsmipha_ring_enqueue_burst(NULL, d, 4) == 0);
    CHECK(dsmipha_ring_dequeue_burst(NULL, d, 4) == 0);

    CHECK(strstr(dsmipha_shim_strerror(DSMIPHA_SHIM_ERR_CAPACITY_NOT_POWER_OF_TWO), "power of two") != NULL);
    CHECK(strcmp(dsmipha_shim_strerror(12345), "unknown dsmipha_shim status code") == 0);
    free(mem);
}

static void test_init_writes_header(void)
{
    dsmipha_ring_t *r = ring_new(16);
    const unsigned char *bytes = (const unsigned char *)r;
    CHECK(r->capacity == 16);
    CHECK(r->magic == DSMIPHA_RING_MAGIC);
    CHECK(memcmp(bytes + DSMIPHA_RING_MAGIC_OFFSET, "DSMR", 4) == 0);
    CHECK(atomic_load(&r->producer_index) == 0);
    CHECK(atomic_load(&r->consumer_index) == 0);
    for (uint32_t i = 16; i < DSMIPHA_RING_HEADER_LENGTH; i++)
    {
        if (i != DSMIPHA_RING_CONSUMER_INDEX_OFFSET && (i < 64 || i >= 72))
        {
            CHECK(bytes[i] == 0);
        }
    }
    free(r);
}

static void test_empty_and_full(void)
{
    dsmipha_ring_t *r = ring_new(8);
    dsmipha_desc_t in[MAX_BURST];
    dsmipha_desc_t out[MAX_BURST];

    CHECK(dsmipha_ring_dequeue_burst(r, out, 8) == 0);
    make_burst(in, 0, 10);
    CHECK(dsmipha_ring_enqueue_burst(r, in, 10) == 8);   /* partial: only capacity fits */
    CHECK(dsmipha_ring_enqueue_burst(r, in, 1) == 0);    /* full */
    CHECK(dsmipha_shim_fill(r, 1) == 0);                 /* full for fill too */
    CHECK(dsmipha_ring_dequeue_burst(r, out, 3) == 3);
    CHECK(burst_matches(out, 0, 3));
    CHECK(dsmipha_ring_enqueue_burst(r, in + 8, 2) == 2);
    CHECK(dsmipha_ring_dequeue_burst(r, out, 64) == 7);
    CHECK(burst_matches(out, 3, 7));
    CHECK(dsmipha_ring_dequeue_burst(r, out, 64) == 0); /* empty again */
    CHECK(atomic_load(&r->producer_index) == 10);
    CHECK(atomic_load(&r->consumer_index) == 10);
    free(r);
}

/* Runs every pair of burst sizes so the wrap point falls inside bursts at many different positions, and the ring
 * runs full (a put of 33 against a take of 0) as well as empty. */
static void run_wrap_bursts(dsmipha_ring_t *r, uint64_t seq)
{
    const uint32_t capacity = r->capacity;
    dsmipha_desc_t in[MAX_BURST];
    dsmipha_desc_t out[MAX_BURST];
    uint64_t next_out = seq;

    for (int round = 0; round < 50; round++)
    {
        for (size_t a = 0; a < BURST_COUNT; a++)
        {
            for (size_t b = 0; b < BURST_COUNT; b++)
            {
                const uint32_t free_slots = capacity - (uint32_t)(seq - next_out);
                make_burst(in, seq, BURSTS[a]);
                const uint32_t put = dsmipha_ring_enqueue_burst(r, in, BURSTS[a]);
                CHECK(put == (BURSTS[a] < free_slots ? BURSTS[a] : free_slots));
                seq += put;

                const uint32_t got = dsmipha_ring_dequeue_burst(r, out, BURSTS[b]);
                const uint64_t queued = seq - next_out;
                CHECK(got == (BURSTS[b] < queued ? BURSTS[b] : queued));
                CHECK(burst_matches(out, next_out, got));
                next_out += got;
            }
        }
    }
    const uint32_t rest = dsmipha_ring_dequeue_burst(r, out, MAX_BURST);
    CHECK(burst_matches(out, next_out, rest));
    next_out += rest;
    CHECK(next_out == seq);
}

static void test_wrap_around(void)
{
    dsmipha_ring_t *r = ring_new(64);
    run_wrap_bursts(r, 0);
    CHECK(atomic_load(&r->producer_index) > 64 * 50);
    free(r);
}

static void test_indices_cross_2_pow_64(void)
{
    dsmipha_ring_t *r = ring_new(64);
    /* The indices are free running: start them just below the u64 limit (test only) and wrap them. */
    atomic_store(&r->producer_index, UINT64_MAX - 40);
    atomic_store(&r->consumer_index, UINT64_MAX - 40);
    run_wrap_bursts(r, UINT64_MAX - 40);
    CHECK(atomic_load(&r->producer_index) < 1u << 20);
    free(r);
}

static void test_fill_and_touch(void)
{
    dsmipha_ring_t *r = ring_new(32);
    dsmipha_desc_t out[MAX_BURST];

    CHECK(dsmipha_shim_fill(r, 0) == 0);
    CHECK(dsmipha_shim_fill(r, 20) == 20);
    CHECK(dsmipha_shim_fill(r, 20) == 12);
    CHECK(dsmipha_ring_dequeue_burst(r, out, 64) == 32);
    for (uint32_t s = 0; s < 32; s++)
    {
        CHECK(out[s].frame == (uint64_t)s * DSMIPHA_SHIM_FILL_FRAME_STRIDE);
        CHECK(out[s].length == DSMIPHA_SHIM_FILL_MIN_LENGTH + s);
        CHECK(out[s].port == s);
        CHECK(out[s].flags == 0);
    }

    const uint32_t before = r->slots[5].length;
    CHECK(dsmipha_shim_touch(r, 32 + 5) == before + 1);  /* slot selector is masked */
    CHECK(r->slots[5].length == before + 1);
    CHECK(atomic_load(&r->producer_index) == 32);
    free(r);
}

#define STRESS_COUNT 2000000u

static int stress_producer(void *arg)
{
    dsmipha_ring_t *r = arg;
    dsmipha_desc_t in[MAX_BURST];
    uint64_t seq = 0;
    uint32_t burst = 1;
    while (seq < STRESS_COUNT)
    {
        const uint32_t n = (STRESS_COUNT - seq) < burst ? (uint32_t)(STRESS_COUNT - seq) : burst;
        make_burst(in, seq, n);
        const uint32_t put = dsmipha_ring_enqueue_burst(r, in, n);
        seq += put;
        burst = burst % 33u + 1u;
        if (put == 0)
        {
            thrd_yield();
        }
    }
    return 0;
}

static void test_two_threads(void)
{
    dsmipha_ring_t *r = ring_new(256);
    thrd_t producer;
    CHECK(thrd_create(&producer, stress_producer, r) == thrd_success);

    dsmipha_desc_t out[MAX_BURST];
    uint64_t next = 0;
    int bad = 0;
    while (next < STRESS_COUNT)
    {
        const uint32_t got = dsmipha_ring_dequeue_burst(r, out, 1u + (uint32_t)(next % 40u));
        if (got == 0)
        {
            thrd_yield();
            continue;
        }
        if (!bad && !burst_matches(out, next, got))
        {
            bad = 1;
        }
        next += got;
    }
    thrd_join(producer, NULL);
    CHECK(!bad);
    CHECK(next == STRESS_COUNT);
    free(r);
}

int main(void)
{
    test_abi_and_layout();
    test_init_rejects_bad_arguments();
    test_init_writes_header();
    test_empty_and_full();
    test_wrap_around();
    test_indices_cross_2_pow_64();
    test_fill_and_touch();
    test_two_threads();

    if (failures != 0)
    {
        fprintf(stderr, "ring_test: %d check(s) failed\n", failures);
        return 1;
    }
    printf("ring_test: all checks passed\n");
    return 0;
}
