#!/usr/bin/env python3
"""Does deleting expired table files at the engine's pace stall a concurrent fsync loop? A probe.

Two hundred 2 MiB files (a committer's small files, compaction's replaced ones) are written and
synced first; then one thread overwrites 4 KB of a zero-filled file and fdatasyncs it in a loop
(the decision log's writer) while another deletes one file every 100 ms ("delete": 20 MiB/s
at 2 MiB a file) or only sleeps ("keep", the control). It prints the fsyncs' p50, p99,
p99.9, slowest and how many took over 5 ms while the deleter ran. Two rounds of each, alternating.

Compare fsync-deletes.py: 64 MiB deleted at once held the fsyncs 18-21 ms on ext4 with `discard`.

usage: taskset -c 1 fsync-paced-deletes.py DIRECTORY [KIB_PER_FILE]  (default 2048)
"""
import os
import sys
import threading
import time

import fsync_loop

FILES = 200
SIZE = 2 << 20  # set from the command line
GAP_SECONDS = 0.1


def probe(directory, delete):
    victims = []
    for i in range(FILES):
        path = os.path.join(directory, f"expired-{i}")
        with open(path, "wb") as f:
            f.write(os.urandom(SIZE))
            f.flush()
            os.fsync(f.fileno())
        victims.append(path)
    os.sync()
    time.sleep(10)  # let the writes above settle before timing anything

    loop = fsync_loop.zeroed(os.path.join(directory, "log"))
    start = time.perf_counter()
    window = (start + 2, start + 2 + FILES * GAP_SECONDS)

    def deleter():
        time.sleep(2)
        for path in victims:
            if delete:
                os.remove(path)
            time.sleep(GAP_SECONDS)

    thread = threading.Thread(target=deleter)
    thread.start()
    timed = []
    fsync_loop.run(loop, lambda: time.perf_counter() < window[1] + 2, timed)
    thread.join()
    os.close(loop)
    os.remove(os.path.join(directory, "log"))
    for path in victims:
        if os.path.exists(path):
            os.remove(path)
    millis = sorted(
        (ended - began) * 1000 for began, ended in timed if window[0] <= began <= window[1]
    )
    print(f"{'delete' if delete else 'keep  '}: {fsync_loop.describe(millis)}", flush=True)


def main():
    global SIZE
    directory = sys.argv[1]
    if len(sys.argv) > 2:
        SIZE = int(sys.argv[2]) << 10
    print(f"{SIZE >> 10} KiB every {GAP_SECONDS * 1000:.0f} ms", flush=True)
    os.makedirs(directory, exist_ok=True)
    for _ in range(2):
        probe(directory, True)
        probe(directory, False)


if __name__ == "__main__":
    main()
