#!/usr/bin/env python3
"""Does a table commit's disk writes slow the decision log's fsyncs? A probe, not a test.

One thread appends 4 KB records to a zero-filled 64 MiB file and fdatasyncs each (about 420 a
second, as the engine's log writer at 6,300 claims/s); another, in the runs "with company", writes
once a second what a commit of the scoring benchmark writes: a 500 KB data file, a 396 KB
metadata.json and two 9 KB manifests without fsync, and a 16 KB append with fsync (PostgreSQL's WAL
of the catalog's commit). 20 s a run, alternating, in DIRECTORY (on the disk under test).

usage: taskset -c 1 fsync-company.py DIRECTORY
"""
import os
import sys
import threading
import time


def run(directory, company, seconds=20):
    log = os.open(os.path.join(directory, "log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.write(log, b"\0" * (64 << 20))
    os.fsync(log)
    os.lseek(log, 0, 0)
    stop = time.time() + seconds
    latencies = []

    def commits():
        n = 0
        while time.time() < stop:
            time.sleep(1.0)
            if not company:
                continue
            for name, size in (("data", 500_000), ("meta", 396_000), ("m1", 9_000), ("m2", 9_000)):
                with open(os.path.join(directory, f"{name}-{n}"), "wb") as f:
                    f.write(os.urandom(size))
            with open(os.path.join(directory, "wal"), "ab") as f:
                f.write(os.urandom(16384))
                f.flush()
                os.fsync(f.fileno())
            n += 1

    thread = threading.Thread(target=commits)
    thread.start()
    record = os.urandom(4096)
    while time.time() < stop:
        os.write(log, record)
        started = time.perf_counter()
        os.fdatasync(log)
        latencies.append((time.perf_counter() - started) * 1e3)
        time.sleep(0.002)
    thread.join()
    os.close(log)
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))
    latencies.sort()
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
    print(f"{'with' if company else 'without'} company: {len(latencies)} fsyncs, p50 {q(.5):.2f},"
          f" p99 {q(.99):.2f}, p99.9 {q(.999):.2f}, max {latencies[-1]:.1f} ms;"
          f" over 5 ms {sum(x > 5 for x in latencies)}, over 10 ms {sum(x > 10 for x in latencies)}",
          flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    for company in (False, True, False, True):
        run(sys.argv[1], company)
