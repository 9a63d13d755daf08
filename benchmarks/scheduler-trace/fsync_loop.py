"""The decision log's writer as the fsync probes beside it imitate it: 4 KB overwrites of a
zero-filled 64 MiB file (a segment the log zeroed ahead of time, so no fsync commits a new length),
each fdatasynced. Shared by the scripts beside it."""
import os
import time

SEGMENT = 64 << 20


def zeroed(path):
    """Creates (or empties) the file at `path`, writes a segment of zeros and syncs it; returns its
    descriptor."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.write(fd, b"\0" * SEGMENT)
    os.fsync(fd)
    return fd


def run(fd, running, timed, pace=0.0):
    """Overwrites and fdatasyncs 4 KB of `fd` at a time while `running()`, appending each fsync's
    (began, ended) in `time.perf_counter` seconds to `timed`; with `pace`, one begun at most that
    many seconds after the one before."""
    block = os.urandom(4096)
    offset = 0
    while running():
        if pace and timed:
            time.sleep(max(0.0, timed[-1][0] + pace - time.perf_counter()))
        os.pwrite(fd, block, offset)
        offset = (offset + 4096) % SEGMENT
        began = time.perf_counter()
        os.fdatasync(fd)
        timed.append((began, time.perf_counter()))


def describe(millis):
    """The fsyncs' count, p50, p99, p99.9, slowest and how many took over 5 ms, from their sorted
    milliseconds."""

    def quantile(q):
        return millis[min(len(millis) - 1, int(q * len(millis)))]

    return (
        f"{len(millis)} fsyncs, p50 {quantile(.5):.2f} p99 {quantile(.99):.2f}"
        f" p99.9 {quantile(.999):.2f} slowest {millis[-1]:.2f} ms,"
        f" over 5 ms {sum(ms > 5 for ms in millis)}"
    )
