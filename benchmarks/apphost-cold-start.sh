#!/usr/bin/env bash
# AppHost start and stop: time from `dotnet run --project FaceAspire.AppHost` (everything already built) to the
# "FaceAspire is running at" line, the memory (PSS) Aspire's orchestrator (DCP), the dashboard, the AppHost and the
# `dotnet run` launchers of the services take once running, then the time Ctrl+C (SIGINT to the AppHost's process
# group) takes until every process it started has ended, orchestrator and dashboard included. Repeats RUNS times (3).
#   benchmarks/apphost-cold-start.sh
# FACEASPIRE_PORT is passed through (default 8080 must be free); RUNS sets the number of runs.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS="${RUNS:-3}"
LIMIT_SECONDS="${LIMIT_SECONDS:-300}"

echo "building once so that every run starts from built projects..."
dotnet build FaceAspire.AppHost -v quiet -nologo >/dev/null

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
pss_mib() { for pid in "$@"; do awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null; done | awk '{ s += $1 } END { printf "%.0f", s / 1024 }'; }
# As in a terminal: the AppHost leads its own process group with SIGINT at its default disposition (a script's
# background job would inherit SIGINT ignored; Node resets signals in the processes it spawns).
launch='const c = require("node:child_process").spawn(process.argv[1], process.argv.slice(2), { stdio: "inherit", detached: true }); c.on("exit", code => process.exit(code ?? 128));'

for run in $(seq 1 "$RUNS"); do
  log="$(mktemp)"
  start=$(now)
  node -e "$launch" dotnet run --project FaceAspire.AppHost >"$log" 2>&1 &
  launcher=$!
  ready=""
  while kill -0 "$launcher" 2>/dev/null; do
    if grep -q "FaceAspire is running at" "$log"; then ready=$(now); break; fi
    if [ "$(elapsed "$start" "$(now)" | cut -d. -f1)" -ge "$LIMIT_SECONDS" ]; then break; fi
    sleep 0.1
  done
  group=$(pgrep -P "$launcher" | head -n 1)
  apphost=$(pgrep -f "FaceAspire.AppHost/bin/.*/FaceAspire.AppHost" | head -n 1 || true)
  if [ -z "$ready" ] || [ -z "$apphost" ]; then
    kill -INT -- "-$group" 2>/dev/null || true
    wait "$launcher" || true
    echo "run $run: the AppHost did not report running; its output:" >&2
    tail -n 40 "$log" >&2
    rm -f "$log"
    exit 1
  fi
  dcp=$(pgrep -f -- "--monitor $apphost" || true)
  dcp_all=$(for p in $dcp; do echo "$p"; pgrep -P "$p" -f "dcp" || true; done | sort -u)
  dashboard=$(pgrep -f "Aspire.Dashboard" || true)
  launchers=$(pgrep -f "dotnet run --project .*FaceAspire\.(Api|Web|AlertFunction)" || true)
  # shellcheck disable=SC2086 # one pid per word
  echo "run $run: memory (PSS) DCP $(pss_mib $dcp_all $(pgrep -f "dcp monitor-process" || true)) MiB, dashboard $(pss_mib $dashboard) MiB, AppHost $(pss_mib "$apphost") MiB, service launchers $(pss_mib $launchers) MiB"
  kill -INT -- "-$group"
  wait "$launcher" || true
  while pgrep -f -- "--monitor $apphost" >/dev/null || pgrep -f "Aspire.Dashboard" >/dev/null \
    || pgrep -f "dotnet run --project .*FaceAspire\.(Api|Web|AlertFunction)" >/dev/null; do sleep 0.1; done
  stopped=$(now)
  echo "run $run: running after $(elapsed "$start" "$ready") s, everything stopped $(elapsed "$ready" "$stopped") s after SIGINT"
  rm -f "$log"
done
