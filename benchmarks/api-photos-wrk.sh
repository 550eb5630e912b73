#!/usr/bin/env bash
# Load test of the photo list: registers a fresh user, uploads 50 small generated photos, then runs wrk
# against GET /api/photos with that user's access token and prints requests/s and latency percentiles, then the
# same for two ceilings: the front end's own GET /health and an unauthenticated GET /api/me (proxy hop, no database).
#   benchmarks/api-photos-wrk.sh [BASE_URL]      (default http://localhost:8080, the AppHost's web front end)
# Tunables (environment): DURATION (30s), CONNECTIONS (16), THREADS (2), PHOTOS (50).
set -euo pipefail

BASE_URL="${1:-http://localhost:8080}"
BASE_URL="${BASE_URL%/}"
DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
PHOTOS="${PHOTOS:-50}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for tool in curl node wrk; do
  command -v "$tool" >/dev/null || { echo "$tool is required: sudo apt-get install -y $tool" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];if(v===undefined)process.exit(1);console.log(v)})' "$1"; }

# post PATH JSON: prints the body, fails with the status and body on a non-2xx answer.
post() {
  local status
  status=$(curl -sS -o "$work/body" -w '%{http_code}' -X POST "$BASE_URL$1" -H 'Content-Type: application/json' --data "$2")
  [[ "$status" == 2* ]] || { echo "POST $1 answered $status: $(cat "$work/body")" >&2; exit 1; }
  cat "$work/body"
}

curl -fsS "$BASE_URL/health" >/dev/null || { echo "FaceAspire is not answering at $BASE_URL (start it: dotnet run --project FaceAspire.AppHost)" >&2; exit 1; }

email="bench-$(date +%s)-$RANDOM@example.com"
password="bench passphrase $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
credentials="{\"email\":\"$email\",\"password\":\"$password\"}"
post /api/auth/register "$credentials" >/dev/null
token=$(post /api/auth/login "$credentials" | json_field accessToken)

node "$HERE/make-photos.mjs" "$work/photos" "$PHOTOS"
for photo in "$work"/photos/*.png; do
  status=$(curl -sS -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $token" -F "file=@$photo;type=image/png" "$BASE_URL/api/photos")
  [[ "$status" == 201 ]] || { echo "upload of $(basename "$photo") answered $status: $(cat "$work/body")" >&2; exit 1; }
done
# Every upload queues a face analysis; wait for them so the load test measures the list, not the engine.
for _ in $(seq 1 600); do
  busy=$(curl -fsS -H "Authorization: Bearer $token" "$BASE_URL/api/photos?pageSize=100" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.filter(p=>p.analysisStatus==="pending"||p.analysisStatus==="running").length))')
  [ "$busy" -eq 0 ] && break
  sleep 1
done
[ "$busy" -eq 0 ] || { echo "the analyses of the uploaded photos did not finish within 10 minutes" >&2; exit 1; }
total=$(curl -fsS -H "Authorization: Bearer $token" "$BASE_URL/api/photos" | json_field totalCount)
echo "user $email has $total photos; running wrk -t$THREADS -c$CONNECTIONS -d$DURATION on GET $BASE_URL/api/photos"

TOKEN="$token" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/photos-report.lua" "$BASE_URL/api/photos" >"$work/wrk.out"
grep -E '^(requests|requests_per_second|p50_ms|p95_ms|p99_ms|non_2xx|socket_errors)=' "$work/wrk.out" >"$work/results"
# shellcheck disable=SC1091 # generated key=value lines
source "$work/results"
echo "GET /api/photos: ${requests_per_second} requests/s, p50 ${p50_ms} ms, p95 ${p95_ms} ms, p99 ${p99_ms} ms ($requests requests, $non_2xx non-2xx, $socket_errors socket errors)"
# Ceilings, same run and settings: the front end's own GET /health (no proxy hop), and GET /api/me without a token
# (the proxy hop and the API's pipeline up to the token check, answered 401 before any database query).
ceiling() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE_URL$1" >"$work/ceiling.out"
  echo "$2: $(awk '/^Requests\/sec:/ {print $2}' "$work/ceiling.out") requests/s, p50 $(awk '$1 == "50%" {print $2}' "$work/ceiling.out"), p99 $(awk '$1 == "99%" {print $2}' "$work/ceiling.out")"
}
ceiling /health "GET /health (front end only)"
ceiling /api/me "GET /api/me without a token (proxy + API, 401)"
if [ "$non_2xx" -ne 0 ] || [ "$socket_errors" -ne 0 ]; then
  echo "some requests failed; the figures above are not a clean measurement" >&2
  exit 1
fi
