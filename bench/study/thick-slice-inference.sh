#!/usr/bin/env bash
# A clinical 2D FLAIR stack (512x512x30 at 0.45x0.45x5 mm, a 230 x 230 x 150 mm phantom field of view) predicted
# whole with the shipped RA-U-Net on its own grid and with the shipped U-Net @1mm through 1 mm, in one pass and under
# the default 4 GiB budget: wall time and peak RSS (BENCHMARKS.md, "Thick-slice inference at clinical size").
# Usage: thick-slice-inference.sh WORK   (pause other work for a quiet machine)
set -euo pipefail
work=${1:?work folder}
ns=${NATIVESEG:-nativeseg}
models=$(cd "$(dirname "$0")/../../models/demo" && pwd)
mkdir -p "$work" && cd "$work"
[ -f data/cases.tsv ] || "$ns" synth --out data --preset tiny --subjects 1 --test-subjects 1 --spacing 0.45,0.45,5 --plane axial --fov 230.4,230.4,150
mkdir -p one && cp data/imagesTs/case_0003_0000.nii.gz one/
for model in ra-unet unet-1mm; do
    for budget in 0 4; do
        out=pred-$model-$budget; rm -rf "$out"
        /usr/bin/time -v "$ns" predict --model "$models/$model" --input one --output "$out" --patch whole --max-memory $budget > "$out.log" 2> "$out.time"
        echo "$model --max-memory $budget: $(grep 'Elapsed' "$out.time" | awk '{print $NF}') wall, peak RSS $(grep 'Maximum resident' "$out.time" | awk '{printf "%.2f GiB", $NF / 1048576}')"
    done
done
