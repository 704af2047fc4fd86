#!/usr/bin/env bash
# The ensemble protocol (docs/results/ensemble-protocol.md): single models, 5-fold ensembles and the three-architecture
# ensemble on the cpu test clusters and on two grids outside every model's training grids; Dice, Shifts 2022 nDSC and
# R-AUC with entropy (and, for ensembles, mutual information). Every step resumes: re-run the script after an
# interruption. Usage: ensemble-protocol.sh WORK SINGLES [WORKERS]
#   SINGLES: a folder with the augmented protocol's Table 3 seed-0 models ra-unet/, unet/, unet-1mm/.
set -euo pipefail
work=${1:?work folder}; singles=${2:?folder of the single models}; workers=${3:-2}
ns=${NATIVESEG:-nativeseg}
recipe="--augment nnunet --grid-augment 0.5 --grid-range 0.4-2.0,1-6"
models="ra-unet unet unet-1mm"
mkdir -p "$work"
[ -f "$work/data/cases.tsv" ] || "$ns" synth --preset cpu --out "$work/data" --seed 1
export OMP_NUM_THREADS=1
source "$(dirname "$0")/workers.sh"
# 1. Five folds of each architecture, seed 0, the augmented recipe.
run_experiment 2d3d "--seeds 0 --folds 5" "$work/folds" "$recipe"
# 2. Test sets outside every training grid (the augmentation draws 0.4-2.0 mm in-plane, 1-6 mm slices).
[ -f "$work/outside-0.3/cases.tsv" ] || "$ns" synth --out "$work/outside-0.3" --preset cpu --subjects 1 --test-subjects 6 \
    --spacing 0.3,0.3,1 --plane axial --seed 2027
[ -f "$work/outside-2.5/cases.tsv" ] || "$ns" synth --out "$work/outside-2.5" --preset cpu --subjects 1 --test-subjects 6 \
    --spacing 2.5,2.5,7 --plane coronal --seed 2027
# The test cases of one prediction in $workers shards at once (--shard K/N: every N-th case, a process and a core each);
# a shard that fails ends the script, and the next run resumes case by case. Whole volumes: every model here was
# validated on whole volumes, and the single models' folders predate training.json, from which predict would read it.
predict_shards() {
    local pred=$1 data=$2 pids=() k p; shift 2
    for k in $(seq 1 "$workers"); do
        "$ns" predict "$@" --input "$data/imagesTs" --output "$pred" --patch whole --uncertainty --overwrite --shard "$k/$workers" \
            > "$pred.shard$k.log" 2>&1 & pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
    touch "$pred.done"
}
# 3. Predict every test set with every single model and ensemble, with uncertainty maps; evaluate.
declare -A members
for m in $models; do
    members[$m]="--model $singles/$m"
    members[$m-5folds]="--model $work/folds/models/3d+2d/$m"
done
members[three]="--model $singles/ra-unet --model $singles/unet --model $singles/unet-1mm"
for test in cpu outside-0.3 outside-2.5; do
    data="$work/data"; [ "$test" = cpu ] || data="$work/$test"
    mkdir -p "$work/predictions/$test"
    for name in "${!members[@]}"; do
        pred="$work/predictions/$test/$name"
        [ -f "$pred.done" ] || predict_shards "$pred" "$data" ${members[$name]}
        out="$work/results/$test"; mkdir -p "$out"
        "$ns" evaluate --pred "$pred" --truth "$data/labelsTs" --cases "$data/cases.tsv" --out "$out/$name.csv" --overwrite > /dev/null
        "$ns" evaluate --pred "$pred" --truth "$data/labelsTs" --cases "$data/cases.tsv" --preset shifts2022 --uncertainty "$pred" \
            --out "$out/$name-shifts-entropy.csv" --overwrite > /dev/null
        if compgen -G "$pred/*_mutual-information.nii.gz" > /dev/null; then   # ensembles only
            "$ns" evaluate --pred "$pred" --truth "$data/labelsTs" --cases "$data/cases.tsv" --preset shifts2022 --uncertainty "$pred" \
                --uncertainty-kind mutual-information --out "$out/$name-shifts-mi.csv" --overwrite > /dev/null
        fi
    done
done
echo "results in $work/results"
