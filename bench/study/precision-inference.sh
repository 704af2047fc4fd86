#!/usr/bin/env bash
# Whole-volume prediction time and peak memory in float32 against bf16 (predict --precision), for the three shipped
# models on a 1 mm brain (176x208x176) and a 2D FLAIR stack (512x512x30 at 0.45x0.45x5 mm), with the Dice of each bf16
# mask against its float32 mask (BENCHMARKS.md, "bfloat16 prediction"). Usage: precision-inference.sh WORK
# (pause other work for a quiet machine; bf16 needs a CPU whose start-up probe trusts it for prediction: see selftest)
set -euo pipefail
work=${1:?work folder}
ns=${NATIVESEG:-nativeseg}
models=$(cd "$(dirname "$0")/../../models/demo" && pwd)
mkdir -p "$work" && cd "$work"
[ -f brain/cases.tsv ] || "$ns" synth --out brain --preset tiny --subjects 1 --test-subjects 1 --spacing 1,1,1 --plane axial --fov 176,208,176
[ -f stack/cases.tsv ] || "$ns" synth --out stack --preset tiny --subjects 1 --test-subjects 1 --spacing 0.45,0.45,5 --plane axial --fov 230.4,230.4,150
for data in brain stack; do
    mkdir -p "$data-one" && cp "$data"/imagesTs/case_0003_0000.nii.gz "$data-one/"
    for model in ra-unet unet unet-1mm; do
        for precision in float32 bf16; do
            out=pred-$data-$model-$precision; rm -rf "$out"
            /usr/bin/time -v "$ns" predict --model "$models/$model" --input "$data-one" --output "$out" --patch whole --precision "$precision" > "$out.log" 2> "$out.time"
            echo "$data $model $precision: $(grep 'Elapsed' "$out.time" | awk '{print $NF}') wall, peak RSS $(grep 'Maximum resident' "$out.time" | awk '{printf "%.2f GiB", $NF / 1048576}')"
        done
        "$ns" evaluate --pred "pred-$data-$model-bf16" --truth "pred-$data-$model-float32" --out "agree-$data-$model.csv" --overwrite > /dev/null
        echo "  Dice of the bf16 mask against the float32 mask: $(tail -1 "agree-$data-$model.csv" | cut -d, -f3)"
    done
done
