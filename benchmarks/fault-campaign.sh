#!/usr/bin/env bash
# Fault and abuse campaign against a real FaceAspire API on loopback (see docs/RELIABILITY.md):
#   benchmarks/fault-campaign.sh [SCENARIO...]     scenarios: pg-kill storage-full login-flood slowloris (default: all)
# Starts its own PostgreSQL cluster (from PG_BIN, default the newest /usr/lib/postgresql/*/bin) and one Release API
# (analysis workers off: the campaign is about the request path) with its object store on a small tmpfs when the
# script may mount one (root), then runs benchmarks/fault-campaign.mjs, which explains each scenario. Everything
# runs on 127.0.0.1, every scenario is bounded in count and time, and everything is removed at the end.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
for tool in dotnet node; do
  command -v "$tool" >/dev/null || { echo "$tool is required (see README.md, Prerequisites)" >&2; exit 1; }
done
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[ -x "$PG_BIN/postgres" ] || { echo "PostgreSQL server binaries not found (set PG_BIN)" >&2; exit 1; }

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

work="$(mktemp -d)"
chmod 755 "$work"
api_pid=""
as_pg=()
[ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  mountpoint -q "$work/storage" && umount "$work/storage"
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM

# PostgreSQL: a private cluster, trust authentication on 127.0.0.1 only.
pg_port=$(free_port)
mkdir -p "$work/pg" "$work/pgsock" "$work/pglog"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pg" "$work/pgsock" "$work/pglog"
"${as_pg[@]}" "$PG_BIN/initdb" -D "$work/pg" -U postgres -A trust -E UTF8 --locale=C >/dev/null
pg_start="${as_pg[*]} $PG_BIN/pg_ctl -D $work/pg -l $work/pglog/server.log -o '-p $pg_port -k $work/pgsock -c listen_addresses=127.0.0.1' -w -t 60 start"
eval "$pg_start" >/dev/null
"${as_pg[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres facedb

# Object store: a 6 MiB tmpfs when it can be mounted (storage-full needs it), else a plain folder.
mkdir -p "$work/storage"
if mount -t tmpfs -o size=6m tmpfs "$work/storage" 2>/dev/null; then storage_limited=1; else storage_limited=0; fi

dotnet build -c Release FaceAspire.Api -o "$work/api" >/dev/null
api_port=$(free_port)
export ConnectionStrings__facedb="Host=127.0.0.1;Port=$pg_port;Database=facedb;Username=postgres"
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$api_port"
export Jwt__SigningKey="$(head -c 48 /dev/urandom | base64)"
export Storage__Provider=Local Storage__Local__RootPath="$work/storage"
export Analysis__Workers=0 Alerts__DispatcherEnabled=false Privacy__UpkeepEnabled=false Logging__LogLevel__Default=Warning
dotnet "$work/api/FaceAspire.Api.dll" migrate >/dev/null
dotnet "$work/api/FaceAspire.Api.dll" >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$api_port/health" >/dev/null 2>&1 && break; sleep 0.5; done

PG_KILL="kill -KILL \$(head -1 $work/pg/postmaster.pid)" PG_START="$pg_start" STORAGE_DIR="$work/storage" \
STORAGE_LIMITED="$storage_limited" API_PID="$api_pid" \
  node benchmarks/fault-campaign.mjs "http://127.0.0.1:$api_port" "$@"
echo "API log warnings/errors: $(grep -c -E 'warn|fail|crit' "$work/api.log" || true) lines; unhandled (500): $(grep -c 'Unhandled exception' "$work/api.log" || true)"
