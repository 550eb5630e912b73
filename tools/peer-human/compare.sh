#!/usr/bin/env sh
# Runs FaceAspire and Human on the same images in one run: accuracy side by side (evaluate --peer human),
# then speed on the benchmark photos with Human's time as a multiple of ours (bench --peer human).
# Usage: tools/peer-human/compare.sh [--limit N] [--task T]   (extra options go to evaluate)
set -eu
cd "$(dirname "$0")/../.."
dotnet build FaceAspire.Cli --nologo -v quiet
dotnet run --no-build --project FaceAspire.Cli -- evaluate --peer human "$@"
dotnet run --no-build --project FaceAspire.Cli -- bench --iterations 10 --threads 1 --peer human --peer-iterations 3
