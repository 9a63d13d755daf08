#!/usr/bin/env bash
# An experiment, not a setting: puts the scoring engine's event loop and decision-log writer on
# SCHED_FIFO (priority 1) once the load generator of one run of `./mesh bench scoring` starts, so
# that no thread of the default policy (the committer, the JIT compilers, the catalog) holds an
# answer. Needs root. docs/benchmarks/scoring.md says what it did to (c), and why a saturated run
# must not have it: the kernel throttled the two threads at 95 % of the core and the engine's other
# threads starved.
#
#   benchmarks/scheduler-trace/realtime-answers.sh [ID_SEED]
#
# ID_SEED picks the run by its load generator's --id-seed: 300 (the default) is the constant-rate
# run, 201 the first saturated engine round.
set -euo pipefail
seed=${1:-300}
until pgrep -f -- "--id-seed=$seed" > /dev/null; do sleep 0.5; done
engine=$(pgrep -f -- "-Xms10g" | head -1)
for task in /proc/"$engine"/task/*; do
  case "$(cat "$task/comm")" in
    vert.x-eventloo* | decision-log-wr*)
      chrt --fifo -p 1 "${task##*/}"
      echo "$(cat "$task/comm") ${task##*/}: $(chrt -p "${task##*/}" | tr '\n' ' ')"
      ;;
  esac
done
