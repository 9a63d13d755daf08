#!/usr/bin/env python3
"""Who delays the answers in (c)'s window of `./mesh bench scoring`, from a scheduler trace.

Reads `perf sched timehist` output of both cores (recorded inside the constant-rate window, see
README.md beside this file) and the load generator's result file, and prints:
  1. for the engine's event loop, every wait of at least 1 ms for core 1, and what ran meanwhile;
  2. the same for the load generator's thread on core 0 (a late send is charged to the server);
  3. every stop of 5 ms or more of either thread: off its core without waiting for it (at 6,300
     requests a second neither has a reason to sleep that long), with what its own JVM's VM and
     GC threads ran meanwhile, so that a collection or other safepoint shows as one;
  4. per 100 ms slice of the window, the slowest latency the load generator measured beside the
     engine's slowest fsync, the event loop's longest wait for the core and its time on it, the
     load generator's longest wait for its core, and the committer's and other processes' time
     on core 1.
Run it on the machine that recorded the trace, before a reboot: perf's timestamps count from boot.

usage: who-delays.py TIMEHIST RUN_PROPERTIES WINDOW_START_UTC
  e.g. who-delays.py timehist.txt run-300.properties "$(stat -c %y run-300.measuring)"
"""
import bisect
import collections
import re
import sys
import time

import window

LINE = re.compile(
    r"^\s*(\d+\.\d+)\s+\[(\d+)\]\s+(.+?)\[(\d+)(?:/(\d+))?\]\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s*$")
Run = collections.namedtuple("Run", "end cpu name tid pid waited delay ran")


def read_trace(path):
    runs = []
    for line in open(path):
        m = LINE.match(line)
        if m:
            runs.append(Run(float(m[1]), int(m[2]), m[3].strip(), int(m[4]), int(m[5] or m[4]),
                            float(m[6]) / 1e3, float(m[7]) / 1e3, float(m[8]) / 1e3))
    return runs


def busiest(runs, pred):
    totals = collections.Counter(r.pid for r in runs if pred(r))
    return totals.most_common(1)[0][0] if totals else None


def blame(runs, cpu, waits, label, skip):
    """What ran on `cpu` while the waits (start, end) lasted, in ms, largest first."""
    on_cpu = sorted((r.end - r.ran, r.end, label(r)) for r in runs if r.cpu == cpu)
    starts = [s for s, _, _ in on_cpu]
    longest = max((e - s for s, e, _ in on_cpu), default=0)
    shares = collections.Counter()
    for ws, we in waits:
        i = bisect.bisect_left(starts, ws - longest)
        while i < len(on_cpu) and on_cpu[i][0] < we:
            s, e, name = on_cpu[i]
            overlap = min(e, we) - max(s, ws)
            if overlap > 0 and name != skip:
                shares[name] += overlap
            i += 1
    return shares.most_common(12)


def main(trace_path, properties_path, window_start):
    runs = read_trace(trace_path)
    # perf's timestamps count from boot; the window's start is wall-clock time.
    with open("/proc/uptime") as uptime:
        boot = time.time() - float(uptime.read().split()[0])
    start = window.start(window_start)
    engine = busiest(runs, lambda r: r.name.startswith("decision-commit"))
    catalog = busiest(runs, lambda r: r.name.startswith("executor-thread") and r.pid != engine)
    generator = busiest(runs, lambda r: r.cpu == 0 and r.name == "java")
    harness = busiest(runs, lambda r: r.name.startswith("snapshot-poller"))
    owners = {engine: "engine ", catalog: "catalog ", generator: "load generator ",
              harness: "benchmark "}

    def label(r):
        return owners.get(r.pid, "") + re.sub(r"#?\d+$", "", r.name)

    def waits(pred):
        return [(r.end - r.ran - r.delay, r.end - r.ran) for r in runs if pred(r) and r.delay >= 1e-3]

    loop = lambda r: r.pid == engine and r.cpu == 1 and r.name.startswith("vert.x-eventloo")
    sender = lambda r: r.pid == generator and r.name == "java"
    span = runs[-1].end - runs[0].end
    for title, pred, cpu, skip in (("the engine's event loop", loop, 1, "engine vert.x-eventloo"),
                                   ("the load generator", sender, 0, "load generator java")):
        found = waits(pred)
        print(f"{title}: {len(found)} waits of 1 ms or more for core {cpu} in {span:.1f} s traced, "
              f"{sum(e - s for s, e in found) * 1e3:.0f} ms in all, longest "
              f"{max((e - s for s, e in found), default=0) * 1e3:.1f} ms; what ran meanwhile (ms):")
        for name, seconds in blame(runs, cpu, found, label, skip):
            print(f"  {name:42s} {seconds * 1e3:7.0f}")

    print("stops of 5 ms or more, off the core without waiting for it "
          "(s into the window, slice, ms; what the thread's own VM and GC threads ran meanwhile):")
    for title, pred in (("engine event loop", loop), ("load generator", sender)):
        for r in runs:
            stopped = r.waited - r.delay
            if pred(r) and stopped >= 5e-3:
                begin, end = r.end - r.ran - r.waited, r.end - r.ran - r.delay
                vm = sum(min(o.end, end) - max(o.end - o.ran, begin) for o in runs
                         if o.pid == r.pid and re.match(r"(VM Thread|GC Thread)", o.name)
                         and o.end > begin and o.end - o.ran < end)
                at = boot + r.end - r.ran - start
                print(f"  {title:18s} {at:7.3f} s (slice {int(at * 10):3d}) stopped {stopped * 1e3:6.1f}"
                      f" ms; its VM and GC threads ran {vm * 1e3:5.1f} ms")

    slowest = window.slowest_micros_by_slice(properties_path)
    slices = collections.defaultdict(collections.Counter)
    for r in runs:
        s = slices[int((boot + r.end - start) / 0.1)]
        if r.pid == engine and r.name.startswith("decision-log-wr"):
            s["fsync"] = max(s["fsync"], r.waited)
        if loop(r):
            s["loop wait"] = max(s["loop wait"], r.delay)
            s["loop ran"] += r.ran
        if sender(r):
            s["sender wait"] = max(s["sender wait"], r.delay)
        if r.cpu == 1 and r.pid == engine and r.name.startswith("decision-commit"):
            s["committer"] += r.ran
        if r.cpu == 1 and r.pid != engine:
            s["others"] += r.ran
    print("slice  slowest | log writer's longest wait  event loop: longest wait, ran | "
          "load generator's longest wait | core 1: committer, other processes (ms)")
    for i in sorted(slices):
        if 0 <= i < len(slowest):
            s = slices[i]
            print(f"{i:5d} {slowest[i] / 1e3:8.1f} | {s['fsync'] * 1e3:6.1f} {s['loop wait'] * 1e3:27.1f} "
                  f"{s['loop ran'] * 1e3:5.0f} | {s['sender wait'] * 1e3:6.1f} | "
                  f"{s['committer'] * 1e3:5.0f} {s['others'] * 1e3:5.0f}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
