#!/usr/bin/env python3
"""Names the top costs of a collapsed async-profiler profile (file=....collapsed): the share of
samples whose stack contains a frame matching each category (inclusive, counted once per stack),
and the hottest leaf frames. Usage: bench/profile/costs.py PROFILE.collapsed [more ...]"""
import collections
import re
import sys

# Category: a regular expression over one frame. First match in CATEGORIES order wins per stack
# for the exclusive column; the inclusive column counts every category a stack touches.
CATEGORIES = [
    ("access log (logback + formatting)", r"ch/qos/logback|AccessLogWebFilter\.write"),
    ("tracing (OpenTelemetry spans, propagation)", r"io/opentelemetry|micrometer/tracing"),
    ("observations + meters (Micrometer, server and upstream call)", r"io/micrometer/(observation|core)|ObservationSignalListener|Observed.*HeadersFilter"),
    ("SCG HttpHeadersFilters (all)", r"cloud/gateway/filter/headers/"),
    ("  of which Observed*HeadersFilter", r"cloud/gateway/filter/headers/observation/Observed"),
    ("  of which ForwardedHeadersFilter", r"cloud/gateway/filter/headers/ForwardedHeadersFilter"),
    ("  of which RemoveHopByHopHeadersFilter", r"cloud/gateway/filter/headers/RemoveHopByHopHeadersFilter"),
    ("Gatehouse pipeline (SessionRelayFilter: sanitize, cache hit, token reuse, headers)", r"dev/gatehouse/gateway/routing/SessionRelayFilter\.filter"),
    ("JWT minting (nimbus, ECDSA)", r"com/nimbusds|sun/security/ec|ECDSA"),
    ("Reactor Netty client (upstream call)", r"reactor/netty/http/client|reactor/netty/resources"),
    ("Reactor Netty server", r"reactor/netty/http/server"),
    ("kernel (syscalls, network stack, scheduler)", r"_\[k\]$"),
    ("GC", r"G1|ParallelGC|Serial|GCTask|gc_|GangWorker|ConcurrentGCThread"),
    ("JIT compiler", r"C2Compiler|C1Compiler|CompileBroker|Compilation::"),
]


def load(paths):
    stacks = collections.Counter()
    for path in paths:
        with open(path) as f:
            for line in f:
                stack, _, count = line.rstrip("\n").rpartition(" ")
                if stack:
                    stacks[stack] += int(count)
    return stacks


def main():
    stacks = load(sys.argv[1:])
    total = sum(stacks.values())
    inclusive = collections.Counter()
    leaves = collections.Counter()
    patterns = [(name, re.compile(rx)) for name, rx in CATEGORIES]
    for stack, count in stacks.items():
        frames = stack.split(";")
        leaves[frames[-1]] += count
        for name, rx in patterns:
            if any(rx.search(frame) for frame in frames):
                inclusive[name] += count
    print(f"{total} samples")
    print("| cost | share of samples (inclusive) |")
    print("| --- | ---: |")
    for name, _ in CATEGORIES:
        print(f"| {name} | {100.0 * inclusive[name] / total:.1f} % |")
    print()
    print("hottest leaf frames:")
    for frame, count in leaves.most_common(25):
        print(f"  {100.0 * count / total:5.1f} %  {frame}")


if __name__ == "__main__":
    main()
