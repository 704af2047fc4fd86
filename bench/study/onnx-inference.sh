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
mkdir -p "$work" && cd "$work"
[ -f brain/cases.tsv ] || "$ns" synth --out brain --preset tiny --subjects 1 --test-subjects 1 --spacing 1,1,1 --plane axial --fov 176,208,176
[ -f stack/cases.tsv ] || "$ns" synth --out stack --preset tiny --subjects 1 --test-subjects 1 --spacing 0.45,0.45,5 --plane axial --fov 230.4,230.4,150
for data in brain stack; do
    mkdir -p "$data-one" && cp "$data"/imagesTs/case_0003_0000.nii.gz "$data-one/"
    for model in ra-unet unet unet-1mm; do
        for runtime in torch onnx; do
            out=pred-$data-$model-$runtime; rm -rf "$out"
            /usr/bin/time -v "$ns" predict --model "$models/$model" --input "$data-one" --output "$out" --patch whole --runtime "$runtime" > "$out.log" 2> "$out.time"
            echo "$data $model $runtime: $(grep 'Elapsed' "$out.time" | awk '{print $NF}') wall, peak RSS $(grep 'Maximum resident' "$out.time" | awk '{printf "%.2f GiB", $NF / 1048576}')"
        done
        "$ns" evaluate --pred "pred-$data-$model-onnx" --truth "pred-$data-$model-torch" --out "agree-$data-$model.csv" --overwrite > /dev/null
        echo "  Dice of the onnx mask against the torch mask: $(tail -1 "agree-$data-$model.csv" | cut -d, -f3)"
    done
done
"$ns" export-onnx --model "$models/ra-unet" --spacing 0.45,0.45,5 --window-mm 64 --out ra-unet.onnx --overwrite
"$ns" export-onnx --model "$models/unet" --spacing 1,1,1 --window 128 --out unet.onnx --overwrite
echo "deployment: ONNX Runtime $(du -cb "$bin"/runtimes/linux-x64/native/libonnxruntime*.so "$bin"/Microsoft.ML.OnnxRuntime.dll | tail -1 | awk '{printf "%.0f MB", $1 / 1e6}'), " \
     "ra-unet.onnx $(du -b ra-unet.onnx | awk '{printf "%.1f MB", $1 / 1e6}'), unet.onnx $(du -b unet.onnx | awk '{printf "%.1f MB", $1 / 1e6}'); " \
     "libtorch $(ls "$bin"/runtimes/linux-x64/native/* | grep -v -e onnxruntime -e SkiaSharp -e HarfBuzz | xargs du -cb | tail -1 | awk '{printf "%.0f MB", $1 / 1e6}') (linux-x64 native libraries)"
