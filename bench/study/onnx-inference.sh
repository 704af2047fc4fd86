#!/usr/bin/env bash
# Inference time and peak memory per case, TorchSharp against ONNX Runtime (predict --runtime torch|onnx), for the
# three shipped models on a 1 mm brain (176x208x176) and a clinical 2D FLAIR stack (512x512x30 at 0.45x0.45x5 mm),
# whole volume under the default 4 GiB budget; and the size of a minimal ONNX deployment against the libtorch install
# (BENCHMARKS.md, "ONNX Runtime against TorchSharp"). Usage: onnx-inference.sh WORK   (pause other work for a quiet machine)
set -euo pipefail
work=${1:?work folder}
ns=${NATIVESEG:-nativeseg}
bin=$(dirname "$(command -v "$ns" || echo "$ns")")
models=$(cd "$(dirname "$0")/../../models/demo" && pwd)
study=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work" && cd "$work"
source "$study/prediction-pairs.sh"
compare_pairs --runtime torch onnx
"$ns" export-onnx --model "$models/ra-unet" --spacing 0.45,0.45,5 --window-mm 64 --out ra-unet.onnx --overwrite
"$ns" export-onnx --model "$models/unet" --spacing 1,1,1 --window 128 --out unet.onnx --overwrite
echo "deployment: ONNX Runtime $(du -cb "$bin"/runtimes/linux-x64/native/libonnxruntime*.so "$bin"/Microsoft.ML.OnnxRuntime.dll | tail -1 | awk '{printf "%.0f MB", $1 / 1e6}'), " \
     "ra-unet.onnx $(du -b ra-unet.onnx | awk '{printf "%.1f MB", $1 / 1e6}'), unet.onnx $(du -b unet.onnx | awk '{printf "%.1f MB", $1 / 1e6}'); " \
     "libtorch $(ls "$bin"/runtimes/linux-x64/native/* | grep -v -e onnxruntime -e SkiaSharp -e HarfBuzz | xargs du -cb | tail -1 | awk '{printf "%.0f MB", $1 / 1e6}') (linux-x64 native libraries)"
