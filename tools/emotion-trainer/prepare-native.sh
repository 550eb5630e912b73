#!/usr/bin/env bash
# Prepares TorchSharp 0.107.0's native library to load on Debian 12 (GCC 12's libstdc++), into
# artifacts/torchsharp-native: a patched copy of libLibTorchSharp.so (patch_libtorchsharp.py, then patchelf
# clears the version of its one GCC 13 symbol) and libiosbaseinit.so, a shim defining that symbol, which the
# trainer preloads. Training-time only: the product and CI never load TorchSharp. Idempotent.
# Needs: python3, patchelf (Debian's 0.14), g++, and the restored TorchSharp package (train.sh restores it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out="$repo/artifacts/torchsharp-native"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
source="$packages/torchsharp/0.107.0/runtimes/linux-x64/native/libLibTorchSharp.so"
if [[ -f "$out/libLibTorchSharp.so" && -f "$out/libiosbaseinit.so" && "$out/libLibTorchSharp.so" -nt "$source" ]]; then
  exit 0
fi
for tool in python3 patchelf g++; do
  command -v "$tool" >/dev/null || { echo "prepare-native.sh needs $tool (Debian: apt-get install $tool)" >&2; exit 1; }
done
[[ -f "$source" ]] || { echo "TorchSharp 0.107.0 is not restored: $source is missing" >&2; exit 1; }
mkdir -p "$out"
python3 "$here/patch_libtorchsharp.py" "$source" "$out/libLibTorchSharp.so"
patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$out/libLibTorchSharp.so"
g++ -shared -fPIC -O2 -o "$out/libiosbaseinit.so" "$here/ios_base_library_init.cpp"
echo "Prepared $out"
