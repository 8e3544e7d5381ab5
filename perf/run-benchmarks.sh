#!/bin/sh
# Runs one JMH benchmark class from the shaded jar and saves the raw output, prefixed by what it ran on.
#
#   perf/run-benchmarks.sh NAME REGEX [JMH options...]
#   perf/run-benchmarks.sh native-call NativeCallBenchmark -f 2 -wi 3 -i 5 -w 1s -r 1s
#
# Output: perf/results/YYYY-MM-NAME.txt (a run the same month gets -2, -3... appended). JAVA picks the JVM; the
# default is the Temurin 25 toolchain JDK. JAR defaults to perf/target/benchmarks.jar. NICE=-10 runs JMH at that
# niceness (needs root), so that other builds on a small shared machine take less CPU time from the benchmark
# thread; AverageTime is wall-clock time, so every slice the thread loses is counted as cost.
set -eu
name=$1; regex=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
nice=${NICE:-0}
jar=${JAR:-$here/target/benchmarks.jar}
base=$here/results/$(date +%Y-%m)-$name
out=$base.txt
n=2
while [ -e "$out" ]; do out=$base-$n.txt; n=$((n + 1)); done
{
    echo "# command: nice -n $nice java --sun-misc-unsafe-memory-access=allow -jar $(basename "$jar") $regex $*"
    echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# machine: $(nproc) vCPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
    echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# java: $("$java" -version 2>&1 | sed -n 2p)"
    nice -n "$nice" "$java" --sun-misc-unsafe-memory-access=allow -jar "$jar" "$regex" "$@" 2>&1
    echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out"
echo "$out"
