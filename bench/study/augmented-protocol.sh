#!/usr/bin/env bash
# The augmented protocol (docs/results/augmented-protocol.md): the fair CPU protocol's data and models, every model
# trained with nnU-Net's augmentation and half its patches re-acquired on random grids; Table 2's key row, Table 3,
# and sweeps inside and outside the training grids for each seed's Table 3 models. Every step resumes: re-run the
# script after an interruption. Usage: augmented-protocol.sh WORK [WORKERS]
set -euo pipefail
work=${1:?work folder}; workers=${2:-2}
ns=${NATIVESEG:-nativeseg}
recipe="--augment nnunet --grid-augment 0.5 --grid-range 0.4-2.0,1-6"
mkdir -p "$work"
[ -f "$work/data/cases.tsv" ] || "$ns" synth --preset cpu --out "$work/data" --seed 1
export OMP_NUM_THREADS=1
source "$(dirname "$0")/workers.sh"
run() { run_experiment "$1" "$2" "$3" "$recipe"; }
run 3d "--set 3d-1mm" "$work/table2"
run 2d3d "" "$work/table3"
for seed in 0 1 2; do
    models="$work/table3-models-seed$seed"
    mkdir -p "$models"
    for kind in ra-unet unet unet-1mm; do
        ln -sfn "$work/table3/models/3d+2d/$kind-seed$seed" "$models/$kind"
    done
    "$ns" sweep --models-from "$models" --scale cpu --seed 2026 --in-plane 0.4,0.6,0.8,1.0,1.5,2.0 --slices 1,3,6 --out "$work/sweep-inside-seed$seed"
    "$ns" sweep --models-from "$models" --scale cpu --seed 2026 --in-plane 0.3,2.5 --slices 1,3,7 --out "$work/sweep-outside-seed$seed"
done
for t in table2 table3; do
    "$ns" curves --runs "$work/$t"/models/*/* --out "$work/$t/figures/curves" --metrics val_dice,val_loss
done
