#!/usr/bin/env bash
# Face search at scale: p50/p99 latency of POST /api/faces/{faceId}/search's handler and the in-memory index's size
# for one user with 10,000 and 100,000 faces (targets: p50 <= 20 ms at 100,000; <= 120 MB per 100,000 faces).
#   benchmarks/face-search.sh                 (a private PostgreSQL cluster in a temporary folder, removed afterwards)
#   ConnectionStrings__facedb=... benchmarks/face-search.sh    (an existing, migrated database instead)
# FACES (10000,100000) and SEARCHES (200) are passed to `FaceAspire.Api bench-face-search`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
FACES="${FACES:-10000,100000}"
SEARCHES="${SEARCHES:-200}"

echo "building FaceAspire.Api (Release)..."
dotnet build FaceAspire.Api -c Release -v quiet -nologo >/dev/null
api=(dotnet FaceAspire.Api/bin/Release/net10.0/FaceAspire.Api.dll)

work=""
as_postgres=()
cleanup() {
  if [ -n "$work" ]; then
    "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT

if [ -z "${ConnectionStrings__facedb:-}" ]; then
  PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}"
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries are required: sudo apt-get install -y postgresql" >&2; exit 1; }
  work="$(mktemp -d /tmp/faceaspire-face-search-XXXXXX)"
  chmod 755 "$work"
  if [ "$(id -u)" = 0 ]; then chown postgres "$work"; as_postgres=(runuser -u postgres --); fi
  port=$(( 20000 + RANDOM % 20000 ))
  "${as_postgres[@]}" "$PG_BIN/initdb" -D "$work/data" -U postgres --auth=trust >/dev/null
  "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -o "-p $port -k $work -c listen_addresses=127.0.0.1" -l "$work/postgres.log" -w start >/dev/null
  "${as_postgres[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres facedb
  export ConnectionStrings__facedb="Host=127.0.0.1;Port=$port;Username=postgres;Database=facedb"
  "${api[@]}" migrate >/dev/null
fi

export Logging__LogLevel__Default=Critical ASPNETCORE_ENVIRONMENT=Production Jwt__SigningKey="bench-only-signing-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"${api[@]}" bench-face-search --faces "$FACES" --searches "$SEARCHES"
