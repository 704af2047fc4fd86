#!/usr/bin/env bash
# The fair CPU protocol (docs/results/cpu-protocol.md): synth --preset cpu, then Table 3 (2d3d) and the key
# row of Table 2 (trained on 3d-1mm) at --scale cpu, each table's folder shared by WORKERS processes (steps lock), one
# thread each. Every step resumes: re-run the script after an interruption. Then the figures for the results page.
# Usage: cpu-protocol.sh WORK [WORKERS]
set -euo pipefail
work=${1:?work folder}; workers=${2:-2}
ns=${NATIVESEG:-nativeseg}
mkdir -p "$work"
[ -f "$work/data/cases.tsv" ] || "$ns" synth --preset cpu --out "$work/data" --seed 1
export OMP_NUM_THREADS=1
source "$(dirname "$0")/workers.sh"
run() { run_experiment "$1" "$2" "$3" "--augment none"; }   # the paper's recipe: no augmentation
run 3d "--set 3d-1mm" "$work/table2" &
run 2d3d "" "$work/table3"
wait
for t in table2 table3; do
    "$ns" curves --runs "$work/$t"/models/*/* --out "$work/$t/figures/curves" --metrics val_dice,val_loss
done
