#!/usr/bin/env bash
# Builds and runs the emotion trainer (TorchSharp) with its prepared native library; arguments go to the trainer
# (--crops FILE --out DIR [--epochs N] ...). Normally started by `faceaspire train-emotion`. A run interrupted
# resumes from artifacts/emotion-training; delete that folder to start over.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin="$repo/artifacts/emotion-trainer/bin"
dotnet build "$here/EmotionTrainer.csproj" -c Release -o "$bin" -nologo -v quiet
"$here/prepare-native.sh"
cp "$repo/artifacts/torchsharp-native/libLibTorchSharp.so" "$bin/runtimes/linux-x64/native/libLibTorchSharp.so"
cd "$repo"
LD_PRELOAD="$repo/artifacts/torchsharp-native/libiosbaseinit.so" exec dotnet "$bin/emotion-trainer.dll" "$@"
