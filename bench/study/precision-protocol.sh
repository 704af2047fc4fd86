#!/usr/bin/env bash
# The precision protocol (docs/results/precision-protocol.md): Table 2's key row, seed 0, trained and predicted with
# --precision bf16 on the augmented protocol's data, against that protocol's float32 seed-0 runs. Every step resumes:
# re-run the script after an interruption. Usage: precision-protocol.sh WORK [WORKERS]   (WORK holds data/)
set -euo pipefail
work=${1:?work folder holding the augmented protocol data/}; workers=${2:-2}
ns=${NATIVESEG:-nativeseg}
recipe="--augment nnunet --grid-augment 0.5 --grid-range 0.4-2.0,1-6 --precision bf16"
[ -f "$work/data/cases.tsv" ] || { echo "$work/data: the augmented protocol's data (synth --preset cpu --seed 1) is missing" >&2; exit 1; }
export OMP_NUM_THREADS=1
source "$(dirname "$0")/workers.sh"
run_experiment 3d "--set 3d-1mm --seeds 0" "$work/table2-bf16" "$recipe"
echo "results in $work/table2-bf16"
