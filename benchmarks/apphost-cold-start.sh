#!/usr/bin/env bash
# AppHost cold start: time from `dotnet run --project FaceAspire.AppHost` (everything already built) to the
# "FaceAspire is running at" line, then the time SIGTERM (what Ctrl+C does in a terminal) takes to stop everything.
# Repeats RUNS times (3). SIGTERM rather than SIGINT: a background job of a script starts with SIGINT ignored.
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

for run in $(seq 1 "$RUNS"); do
  log="$(mktemp)"
  start=$(now)
  # Its own session, so the whole group (dotnet run and the AppHost) gets the signal below.
  setsid dotnet run --project FaceAspire.AppHost >"$log" 2>&1 &
  group=$!
  ready=""
  while kill -0 "$group" 2>/dev/null; do
    if grep -q "FaceAspire is running at" "$log"; then ready=$(now); break; fi
    if [ "$(elapsed "$start" "$(now)" | cut -d. -f1)" -ge "$LIMIT_SECONDS" ]; then break; fi
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    kill -TERM -- "-$group" 2>/dev/null || true
    wait "$group" || true
    echo "run $run: the AppHost did not report running; its output:" >&2
    tail -n 40 "$log" >&2
    rm -f "$log"
    exit 1
  fi
  kill -TERM -- "-$group"
  wait "$group" || true
  stopped=$(now)
  echo "run $run: running after $(elapsed "$start" "$ready") s, stopped $(elapsed "$ready" "$stopped") s after SIGTERM"
  rm -f "$log"
done
