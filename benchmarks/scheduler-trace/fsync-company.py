#!/usr/bin/env python3
"""Does a table commit's disk writes slow the decision log's fsyncs? A probe, not a test.

One thread appends 4 KB records to a zero-filled 64 MiB file and fdatasyncs each (about 420 a
second, as the engine's log writer at 6,300 claims/s); another, in the runs "with company", writes
once a second what a commit of the scoring benchmark writes: a 500 KB data file, a 396 KB
metadata.json and two 9 KB manifests without fsync, and a 16 KB append with fsync (PostgreSQL's WAL
of the catalog's commit). 20 s a run, alternating, in DIRECTORY (on the disk under test).

With --alone MINUTES it makes one run without company instead, printing each minute's figures:
how often the disk itself, with nothing else writing, holds an fsync long enough to set the
constant-rate run's p99 (docs/benchmarks/scoring.md).

usage: taskset -c 1 fsync-company.py [--alone MINUTES] DIRECTORY
"""
import os
import sys
import threading
import time


def summary(latencies):
    latencies = sorted(latencies)
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
    return (f"{len(latencies)} fsyncs, p50 {q(.5):.2f}, p99 {q(.99):.2f}, p99.9 {q(.999):.2f},"
            f" max {latencies[-1]:.1f} ms; over 5 ms {sum(x > 5 for x in latencies)},"
            f" over 10 ms {sum(x > 10 for x in latencies)},"
            f" over 50 ms {sum(x > 50 for x in latencies)}")


def run(directory, company, seconds=20, minutes=False):
    log = os.open(os.path.join(directory, "log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.write(log, b"\0" * (64 << 20))
    os.fsync(log)
    os.lseek(log, 0, 0)
    stop = time.time() + seconds
    latencies = []
    minute = []
    minute_ends = time.time() + 60
    minutes_done = 0

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
        if minutes:
            minute.append(latencies[-1])
            if time.time() >= minute_ends:
                minutes_done += 1
                print(f"minute {minutes_done}: {summary(minute)}", flush=True)
                minute, minute_ends = [], minute_ends + 60
        if os.lseek(log, 0, os.SEEK_CUR) >= 64 << 20:
            os.lseek(log, 0, 0)
        time.sleep(0.002)
    thread.join()
    os.close(log)
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))
    print(f"{'with' if company else 'without'} company: {summary(latencies)}", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    alone = None
    if len(args) == 3 and args[0] == "--alone" and args[1].isdigit():
        alone, args = int(args[1]), args[2:]
    if len(args) != 1:
        sys.exit(__doc__)
    os.makedirs(args[0], exist_ok=True)
    if alone:
        run(args[0], False, seconds=alone * 60, minutes=True)
    else:
        for company in (False, True, False, True):
            run(args[0], company)
