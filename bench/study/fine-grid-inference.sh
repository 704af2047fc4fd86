#!/usr/bin/env bash
# One cpu-preset test case (a 64 mm field of view) at 0.3x0.3x1 mm (213x213x64) and at 0.5x0.5x1 mm, predicted whole
# by the shipped RA-U-Net with each convolution algorithm: auto on a machine that has measured nothing yet (its
# calibration included), auto again (read from the cache), and lattice, support and pieces forced; wall time, peak
# RSS, and the Dice of each mask against the lattice's (BENCHMARKS.md, "Whole-volume prediction on fine grids").
# Usage: fine-grid-inference.sh WORK   (pause other work for a quiet machine)
set -euo pipefail
work=${1:?work folder}
ns=${NATIVESEG:-nativeseg}
model=$(cd "$(dirname "$0")/../../models/demo/ra-unet" && pwd)
mkdir -p "$work" && cd "$work"
for grid in 0.3 0.5; do
    [ -f "data-$grid/cases.tsv" ] || "$ns" synth --out "data-$grid" --preset cpu --subjects 1 --test-subjects 1 --spacing "$grid,$grid,1" --plane axial --seed 2027 > /dev/null
    mkdir -p "one-$grid" && cp "data-$grid/imagesTs/case_0003_0000.nii.gz" "one-$grid/"
    rm -rf "cache-$grid"
    for run in auto-first auto-cached lattice support pieces; do
        out=pred-$grid-$run; rm -rf "$out"
        NATIVESEG_CACHE_DIR=$PWD/cache-$grid /usr/bin/time -v "$ns" predict --model "$model" --input "one-$grid" --output "$out" --patch whole \
            --conv-algorithm "${run%-*}" > "$out.log" 2> "$out.time"
        echo "$grid mm, $run: $(grep 'Elapsed' "$out.time" | awk '{print $NF}') wall, peak RSS $(grep 'Maximum resident' "$out.time" | awk '{printf "%.2f GiB", $NF / 1048576}')"
    done
    for run in auto-cached support pieces; do
        "$ns" evaluate --pred "pred-$grid-$run" --truth "pred-$grid-lattice" --out "agree-$grid-$run.csv" --overwrite > /dev/null
        echo "$grid mm, $run mask against lattice's: Dice $(tail -n 1 "agree-$grid-$run.csv" | cut -d, -f3)"
    done
done
