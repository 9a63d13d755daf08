#!/usr/bin/env python3
"""Are (c)'s slow slices the decisions table's commits? No trace needed.

Reads the load generator's result file of `./mesh bench scoring`'s constant-rate window (the
slowest latency of each 100 ms slice) and the decisions table's newest metadata.json (each kept
snapshot's commit time), and prints how many of the slices with an arrival wait over 5 ms had a
commit land shortly after them (a commit's CPU comes before its commit time) against how many of
all slices did. If the commits set the slow slices, the first share is much the larger.

usage: slow-slices-beside-commits.py RUN_PROPERTIES WINDOW_START_UTC METADATA_JSON
  e.g. d=integration-tests/target/bench-scoring
       slow-slices-beside-commits.py $d/run-300.properties "$(stat -c %y $d/run-300.measuring)" \
         "$(ls -t $d/catalog/warehouse/risk/decisions_v1/metadata/*.metadata.json | head -1)"
"""
import json
import sys

import window

SLICE = window.SLICE_SECONDS
TARGET_MICROS = 5000
# (seconds after the slice, seconds before it) within which a commit counts as the slice's
REACHES = ((0.3, 0.1), (0.5, 0.1), (0.2, 0.0))


def main(properties, window_start, metadata):
    slowest = window.slowest_micros_by_slice(properties)
    start = window.start(window_start)
    snapshots = json.load(open(metadata))["snapshots"]
    commits = sorted(s["timestamp-ms"] / 1000 for s in snapshots)
    in_window = [c for c in commits if start <= c <= start + len(slowest) * SLICE]
    print(f"{len(in_window)} commits in the window; {sum(us > TARGET_MICROS for us in slowest)} "
          f"of {len(slowest)} slices with an arrival wait over {TARGET_MICROS / 1000:g} ms")
    for after, before in REACHES:
        slow = slow_near = near = 0
        for i, us in enumerate(slowest):
            t0 = start + i * SLICE
            hit = any(t0 - before <= c <= t0 + SLICE + after for c in commits)
            near += hit
            if us > TARGET_MICROS:
                slow += 1
                slow_near += hit
        print(f"a commit within {after} s after or {before} s before: {slow_near} of the {slow} "
              f"slow slices ({100 * slow_near / max(slow, 1):.0f} %), "
              f"{near} of all {len(slowest)} ({100 * near / len(slowest):.0f} %)")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
