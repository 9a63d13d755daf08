"""The constant-rate window of `./mesh bench scoring` as the load generator recorded it: when it
began, and the slowest latency of each of its 100 ms slices. Shared by the scripts beside it."""
import datetime

SLICE_SECONDS = 0.1


def start(stat_time):
    """The window's start in seconds since the epoch, from `stat -c %y run-300.measuring`."""
    return datetime.datetime.fromisoformat(
        stat_time.strip().replace(" +0000", "+00:00")[:26] + "+00:00").timestamp()


def slowest_micros_by_slice(properties_path):
    """The load generator's slowest latency in each 100 ms slice, in microseconds."""
    props = {}
    for line in open(properties_path):
        if "=" in line and not line.startswith("#"):
            key, value = line.strip().split("=", 1)
            props[key] = value
    return [int(x) for x in props["slowest-micros-by-slice"].split(",")]
