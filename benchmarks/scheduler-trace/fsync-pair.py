#!/usr/bin/env python3
"""Do this disk's slow fsyncs stall every file at once, or one request at a time? A probe.

Two threads each overwrite 4 KB of their own zero-filled file and fdatasync it in a loop, for the
given seconds, nothing else running. For every fsync of one thread that took over 5 ms it asks
whether the other thread began and completed an fsync while it waited. If the other thread went
on completing them, the stall belonged to one request, and a log written to two files at once (an
answer acknowledged once either copy is durable) would not wait for it; if the other thread was
held too, the stall was the disk's (or the hypervisor's), and only another disk would help.

It also prints what the disk alone leaves of (c)'s target: arrivals at 6,300 a second, each durable
once the first fsync that began after it has ended (a log writer that never waits for anything
but the disk), their p99 and how many waited over 5 ms in each 20 s window of file 0's loop.

With --paced it runs file 0's loop alone, an fsync begun every 1.4 ms at most (the engine's ~700
group commits a second at 6,300 claims/s), so that the probe's own load is the engine's, and
prints only the windows.

usage: taskset -c 1 fsync-pair.py DIRECTORY [SECONDS] [--paced]  (default 60)
"""
import bisect
import os
import sys
import threading
import time

import fsync_loop


def loop(path, until, timed, pace=0.0):
    fd = fsync_loop.zeroed(path)
    fsync_loop.run(fd, lambda: time.perf_counter() < until[0], timed, pace)
    os.close(fd)
    os.remove(path)


def main():
    directory = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    paced = "--paced" in sys.argv[3:]
    os.makedirs(directory, exist_ok=True)
    until = [float("inf")]
    results = ([], [])
    threads = [
        threading.Thread(
            target=loop,
            args=(os.path.join(directory, f"log-{i}"), until, results[i], 0.0014 if paced else 0.0),
        )
        for i in range(1 if paced else 2)
    ]
    for thread in threads:
        thread.start()
    time.sleep(3)  # both files written and synced before timing starts
    start = time.perf_counter()
    until[0] = start + seconds
    for thread in threads:
        thread.join()
    for me, other in () if paced else ((0, 1), (1, 0)):
        mine = [(b, e) for b, e in results[me] if b >= start]
        others = sorted((b, e) for b, e in results[other] if b >= start)
        begins = [b for b, e in others]
        slow = [(b, e) for b, e in mine if (e - b) * 1000 > 5]
        alone = 0
        for began, ended in slow:
            # An fsync the other file began after this one and finished before it: a request that
            # went through while this one was held.
            i = bisect.bisect_right(begins, began)
            if any(e < ended for b, e in others[i : i + 1000] if b < ended):
                alone += 1
        worst = sorted(((e - b) * 1000 for b, e in slow), reverse=True)[:5]
        print(
            f"file {me}: {len(mine)} fsyncs, {len(slow)} over 5 ms (slowest "
            f"{', '.join(f'{ms:.1f}' for ms in worst)} ms); while {alone} of them waited the other"
            f" file began and completed an fsync",
            flush=True,
        )

    windows(results[0], start, seconds)


def windows(timed, start, seconds, rate=6300, span=20):
    """The waits of arrivals at a constant rate, each until the end of the next fsync begun."""
    timed = sorted((b, e) for b, e in timed if b >= start)
    begins = [b for b, e in timed]
    for first in range(0, int(seconds) - span + 1, span):
        waits = []
        for n in range(rate * span):
            arrival = start + first + n / rate
            i = bisect.bisect_left(begins, arrival)
            if i == len(timed):
                break
            waits.append((timed[i][1] - arrival) * 1000)
        waits.sort()
        print(
            f"arrivals at {rate:,}/s in {first}-{first + span} s:"
            f" p99 {waits[int(.99 * len(waits))]:.2f} ms, p99.9 {waits[int(.999 * len(waits))]:.2f} ms, {sum(w > 5 for w in waits)} of"
            f" {len(waits):,} over 5 ms",
            flush=True,
        )


if __name__ == "__main__":
    main()
