#!/usr/bin/env bash
# Oblique acquisitions (docs/results/oblique.md): the same phantom subjects acquired axis-aligned and
# tilted (synth --tilt), predicted by the shipped demo models, the RA-U-Net in voxel and in world geometry. Writes one
# per-case results CSV per model and geometry to WORK/results (group = plane-acquisition), what docs/results/oblique/ holds.
# Usage: oblique.sh WORK [TEST_SUBJECTS] [TILT]
set -euo pipefail
work=${1:?work folder}; subjects=${2:-6}; tilt=${3:-15,5}
ns=${NATIVESEG:-nativeseg}
models=$(cd "$(dirname "$0")/../../models/demo" && pwd)
mkdir -p "$work/pred" "$work/results"
rm -f "$work"/results/*.tmp
for plane in axial coronal; do
    for acq in aligned tilted; do
        data="$work/$plane-$acq"
        extra=(); [ "$acq" = tilted ] && extra=(--tilt "$tilt")
        [ -f "$data/cases.tsv" ] || "$ns" synth --out "$data" --preset quick --clusters 2d --subjects 1 --test-subjects "$subjects" \
            --spacing 0.6,0.6,5 --plane "$plane" --seed 7 "${extra[@]}" > "$data.log"
        for run in ra-unet:voxel ra-unet:world unet:voxel unet-1mm:voxel; do
            model=${run%%:*}; geometry=${run##*:}
            pred="$work/pred/$plane-$acq-$model-$geometry"
            flags=(); [ "$model" = ra-unet ] && flags=(--geometry "$geometry")
            [ -d "$pred" ] || "$ns" predict --model "$models/$model" --input "$data/imagesTs" --output "$pred" --patch whole "${flags[@]}" > "$pred.log"
            "$ns" evaluate --pred "$pred" --truth "$data/labelsTs" --out "$pred.csv" > /dev/null
            csv="$work/results/$model-$geometry.csv.tmp"
            [ -f "$csv" ] || head -n 1 "$pred.csv" > "$csv"
            tail -n +2 "$pred.csv" | awk -F, -v OFS=, -v g="$plane-$acq" '{ $2 = g; print }' >> "$csv"
        done
    done
done
for f in "$work"/results/*.csv.tmp; do mv "$f" "${f%.tmp}"; done
echo "wrote $work/results"
