#!/usr/bin/env bash
# Upload-to-result latency (p50/p95) of a 1920x1280 photo with 4 faces and the sustained analysis throughput
# (photos per minute) of a running FaceAspire, through its public API.
#   benchmarks/upload-to-result.sh [BASE_URL]     (default http://localhost:8080, the AppHost's web front end)
# Start FaceAspire first (dotnet run --project FaceAspire.AppHost). RUNS (10), BATCH (20), WAIT (20) and POLL_MS (20) are
# passed to benchmarks/upload-to-result.mjs, which explains what is measured.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
for tool in dotnet node; do
  command -v "$tool" >/dev/null || { echo "$tool is required (see README.md, Prerequisites)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The benchmark photo is composed from the npm package's sample photos, as `faceaspire bench` does.
dotnet run -c Release --project FaceAspire.Cli -- bench --save-images "$work" >/dev/null
node benchmarks/upload-to-result.mjs "$work/four-faces.jpg" "${1:-http://localhost:8080}"
