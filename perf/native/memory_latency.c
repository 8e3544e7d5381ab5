/*
 * The machine's memory ceiling for a table lookup: a dependent random load (pointer chase through a random cyclic
 * permutation of 128-octet slots, as many as a binding table of N bindings holds at load factor 0.75), with or
 * without transparent huge pages. docs/benchmarks.md quotes it next to the binding table's lookups.
 *
 *   gcc -O2 -o /tmp/memory_latency perf/native/memory_latency.c
 *   /tmp/memory_latency 1333333 1     # slots, 1 = madvise(MADV_HUGEPAGE), 0 = MADV_NOHUGEPAGE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define SLOT 128
#define HUGE (2UL << 20)

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 3)
    {
        fprintf(stderr, "usage: %s SLOTS HUGE(0|1)\n", argv[0]);
        return 2;
    }
    const size_t n = strtoul(argv[1], NULL, 10);
    const int huge = atoi(argv[2]);
    const size_t length = n * SLOT;
    char *raw = mmap(NULL, length + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED || n < 2)
    {
        perror("mmap");
        return 1;
    }
    char *table = (char *)(((uintptr_t)raw + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
    madvise(table, length, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    uint64_t *order = malloc(n * sizeof(uint64_t));
    for (size_t i = 0; i < n; i++)
    {
        order[i] = i;
    }
    uint64_t x = 88172645463325252ULL;
    for (size_t i = n - 1; i > 0; i--)
    {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        const size_t j = x % (i + 1);
        const uint64_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < n; i++)
    {
        *(uint64_t *)(table + order[i] * SLOT) = order[(i + 1) % n];
    }
    const size_t loads = 2000000;
    size_t slot = order[0];
    const double start = now_ns();
    for (size_t i = 0; i < loads; i++)
    {
        slot = *(uint64_t *)(table + slot * SLOT);
    }
    const double end = now_ns();
    printf("slots %zu, huge pages %d: dependent load %.1f ns (last slot %zu)\n", n, huge, (end - start) / loads,
        slot);
    return 0;
}
