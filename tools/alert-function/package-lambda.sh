#!/usr/bin/env bash
# Packages FaceAspire.AlertFunction for AWS Lambda's custom runtime (provided.al2023): a self-contained Release
# publish for the given architecture plus the `bootstrap` entry point Lambda starts, zipped.
# Usage: tools/alert-function/package-lambda.sh [x64|arm64] [output.zip]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
arch=${1:-x64}
case "$arch" in
  x64|arm64) ;;
  *) echo "architecture must be x64 or arm64, not '$arch'" >&2; exit 2 ;;
esac
output=$(realpath -m "${2:-artifacts/alert-function-lambda-$arch.zip}")
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT

dotnet publish FaceAspire.AlertFunction -c Release -r "linux-$arch" --self-contained true \
  -o "$staging" --nologo -v quiet
cat > "$staging/bootstrap" <<'BOOTSTRAP'
#!/bin/sh
# Lambda sets AWS_LAMBDA_RUNTIME_API; with it the function serves SNS and SQS events instead of HTTP.
exec "$(dirname "$0")/FaceAspire.AlertFunction" "$@"
BOOTSTRAP
chmod +x "$staging/bootstrap" "$staging/FaceAspire.AlertFunction"
mkdir -p "$(dirname "$output")"
rm -f "$output"
(cd "$staging" && zip -qr -X "$output" .)
echo "$output ($(du -h "$output" | cut -f1))"
