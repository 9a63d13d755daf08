#!/usr/bin/env python3
"""Does zeroing the decision log's next segment stall the writer's fsyncs, and does pacing help?

The decision log's writer overwrites blocks of a zero-filled segment and fdatasyncs them; a
background thread zeroes the next segment (a recycled 64 MiB file) meanwhile, 256 KiB at a time,
each step fdatasynced and followed by a pause (SpareSegment, 5 ms). This probe runs the same pair:
one thread overwrites 4 KB of a zero-filled file and fdatasyncs it in a loop, another zeroes a
64 MiB file of old data in place with a given pause after each step, or zeroes nothing for 8 s (the
control, what a log that reused segments without zeroing them would see). For each it prints the
loop's fsyncs while the zeroing ran: p50, p99, p99.9, slowest, how many took over 5 ms, and how
long the zeroing took. Rounds alternate between the pauses.

usage: taskset -c 1 fsync-beside-zeroing.py DIRECTORY [ROUNDS [PAUSE_MS ...]]
       (default 3 rounds of the pauses 5 and 20 ms beside the control)
"""
import os
import sys
import threading
import time

import fsync_loop

SEGMENT = fsync_loop.SEGMENT
STEP = 256 << 10
CONTROL_SECONDS = 8.0


def probe(directory, pause_ms):
    spare = os.path.join(directory, "spare")
    with open(spare, "wb") as f:  # a retired segment: its blocks allocated and written
        for _ in range(SEGMENT // (1 << 20)):
            f.write(os.urandom(1 << 20))
        f.flush()
        os.fsync(f.fileno())
    log = os.path.join(directory, "log")
    loop = fsync_loop.zeroed(log)
    os.sync()
    time.sleep(5)  # let the writes above settle before timing anything

    span = [0.0, 0.0]
    done = threading.Event()

    def zeroer():
        time.sleep(1)
        span[0] = time.perf_counter()
        if pause_ms is None:
            time.sleep(CONTROL_SECONDS)
        else:
            fd = os.open(spare, os.O_WRONLY)
            zeros = b"\0" * STEP
            for offset in range(0, SEGMENT, STEP):
                os.pwrite(fd, zeros, offset)
                os.fdatasync(fd)
                time.sleep(pause_ms / 1000)
            os.fsync(fd)
            os.close(fd)
        span[1] = time.perf_counter()
        done.set()

    thread = threading.Thread(target=zeroer)
    thread.start()
    timed = []
    fsync_loop.run(loop, lambda: not done.is_set(), timed)
    thread.join()
    os.close(loop)
    os.remove(log)
    os.remove(spare)
    millis = sorted(
        (ended - began) * 1000 for began, ended in timed if span[0] <= began <= span[1]
    )
    seconds = span[1] - span[0]
    over = sum(ms > 5 for ms in millis)
    label = "no zeroing " if pause_ms is None else f"pause {pause_ms:>3g} ms"
    print(
        f"{label}: {seconds:5.1f} s, {fsync_loop.describe(millis)} ({over / seconds:.1f}/s)",
        flush=True,
    )


def main():
    directory = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    pauses = [float(p) for p in sys.argv[3:]] or [5.0, 20.0]
    os.makedirs(directory, exist_ok=True)
    for _ in range(rounds):
        probe(directory, None)
        for pause in pauses:
            probe(directory, pause)


if __name__ == "__main__":
    main()
