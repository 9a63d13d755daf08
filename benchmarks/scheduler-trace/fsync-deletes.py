#!/usr/bin/env python3
"""Does deleting a log segment's worth of file stall a concurrent fsync loop? A probe, not a test.

Six 64 MiB files are written and synced first; then, for 40 s, one thread overwrites 4 KB of a
zero-filled file and fdatasyncs it in a loop (the decision log's writer), while another deletes
one of the six files every 6 s ("delete") or only marks the moment ("keep", the control). For each
moment it prints the slowest fsync in the second after it and the p99 of the 6 s after it.

On ext4 mounted with `discard` (see `mount`), freeing blocks is a journal commit and a discard the
disk's flushes wait behind: why the decision log recycles its committed segments
(docs/decisions/0002-decision-log.md).

usage: taskset -c 1 fsync-deletes.py DIRECTORY
"""
import os
import sys
import threading
import time

FILES = 6
SEGMENT = 64 << 20
GAP_SECONDS = 6
RUN_SECONDS = 40


def probe(directory, delete):
    victims = []
    for i in range(FILES):
        path = os.path.join(directory, f"segment-{i}")
        with open(path, "wb") as f:
            for _ in range(SEGMENT >> 20):
                f.write(b"\1" * (1 << 20))
            f.flush()
            os.fsync(f.fileno())
        victims.append(path)
    os.sync()
    time.sleep(10)  # let the writes above settle before timing anything

    loop = os.open(os.path.join(directory, "log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.write(loop, b"\0" * SEGMENT)
    os.fsync(loop)
    os.lseek(loop, 0, 0)
    ends = time.time() + RUN_SECONDS
    moments = []

    def deleter():
        time.sleep(3)
        for path in victims:
            if time.time() > ends - 3:
                return
            moments.append(time.perf_counter())
            if delete:
                os.remove(path)
            time.sleep(GAP_SECONDS)

    thread = threading.Thread(target=deleter)
    thread.start()
    timed = []  # (start, milliseconds)
    block = os.urandom(4096)
    while time.time() < ends:
        os.write(loop, block)
        started = time.perf_counter()
        os.fdatasync(loop)
        timed.append((started, (time.perf_counter() - started) * 1e3))
        if os.lseek(loop, 0, os.SEEK_CUR) >= SEGMENT:
            os.lseek(loop, 0, 0)
        time.sleep(0.002)
    thread.join()
    os.close(loop)
    for moment in moments:
        second = [ms for (at, ms) in timed if moment <= at < moment + 1]
        after = sorted(ms for (at, ms) in timed if moment <= at < moment + GAP_SECONDS)
        print(f"{'delete' if delete else 'keep'}: slowest fsync in the next second"
              f" {max(second, default=0):.1f} ms; next {GAP_SECONDS} s: {len(after)} fsyncs,"
              f" p99 {after[int(.99 * len(after))]:.2f} ms", flush=True)
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    for delete in (True, False):
        probe(sys.argv[1], delete)
