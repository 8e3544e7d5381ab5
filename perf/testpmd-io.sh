#!/bin/sh
# The machine's packet I/O ceiling, for comparison with WorkerBenchmark.ioForward in the same session:
# dpdk-testpmd io-forwarding between two null PMD ports on one forwarding core (Debian package dpdk-dev).
#
#   perf/testpmd-io.sh            writes perf/results/YYYY-MM-testpmd-io.txt and prints the median Mpps
#
# testpmd prints Rx-pps per port every 2 seconds; the script sums both ports per period, drops the first two
# periods (start-up) and reports the median. NICE=-10 as for run-benchmarks.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
command -v dpdk-testpmd >/dev/null || { echo "dpdk-testpmd not found: apt-get install dpdk-dev" >&2; exit 1; }
nice=${NICE:-0}
base=$here/results/$(date +%Y-%m)-testpmd-io
out=$base.txt
n=2
while [ -e "$out" ]; do out=$base-$n.txt; n=$((n + 1)); done
{
    echo "# command: nice -n $nice dpdk-testpmd -l 0,1 --no-huge -m 1024 --no-pci --vdev=net_null0 --vdev=net_null1 -- --forward-mode=io --nb-cores=1 --stats-period=2 --auto-start"
    echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# machine: $(nproc) vCPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
    echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    timeout -s INT 16 nice -n "$nice" dpdk-testpmd -l 0,1 --no-huge -m 1024 --no-pci --vdev=net_null0 \
        --vdev=net_null1 -- --forward-mode=io --nb-cores=1 --stats-period=2 --auto-start 2>&1 || true
} > "$out"
awk '/Rx-pps:/ { sum += $2; if (++ports == 2) { print sum; sum = 0; ports = 0 } }' "$out" | tail -n +3 | sort -n |
    awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)]; printf "median %.1f Mpps (%.1f ns/packet) over %d periods\n", m / 1e6, 1e9 / m, NR }' |
    tee -a "$out"
echo "$out"
