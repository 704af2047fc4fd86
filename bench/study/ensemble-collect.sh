#!/usr/bin/env bash
# Copies the ensemble protocol's per-case results and the folds' training.csv from WORK (ensemble-protocol.sh's
# folder) into docs/results/ensemble-protocol/, and draws the page's pictures from them: per test set the Dice box plot
# and the error-retention curves, and the folds' validation curves. The page's tables are then regenerated from the
# copies (NATIVESEG_WRITE_TABLES=1 dotnet test --filter ResultsTables). Usage: ensemble-collect.sh WORK
set -euo pipefail
work=${1:?work folder of ensemble-protocol.sh}
ns=${NATIVESEG:-nativeseg}
docs=$(cd "$(dirname "$0")/../../docs/results" && pwd)/ensemble-protocol
models="ra-unet unet unet-1mm"
ensembles="ra-unet-5folds unet-5folds unet-1mm-5folds three"
for test in cpu outside-0.3 outside-2.5; do
    from="$work/results/$test"; to="$docs/$test"
    for name in $models $ensembles; do
        [ -f "$from/$name.csv" ] || { echo "error: $from/$name.csv: not found (has step 3 of ensemble-protocol.sh finished?)" >&2; exit 1; }
    done
    mkdir -p "$to"
    cp "$from"/*.csv "$to/"
    dice=() curves=() names=()
    for name in $models $ensembles; do
        dice+=("$to/$name.csv"); curves+=("$to/$name-shifts-entropy_retention.csv"); names+=("$name")
    done
    for name in $ensembles; do curves+=("$to/$name-shifts-mi_retention.csv"); names+=("$name-mi"); done
    "$ns" compare --results "${dice[@]}" --plot-dir "$to" > /dev/null
    "$ns" retention --curves "${curves[@]}" --names "$(IFS=,; echo "${names[*]}")" --out "$docs/$test-retention.png" --overwrite > /dev/null
done
for m in $models; do
    runs=()
    for fold in 0 1 2 3 4; do
        mkdir -p "$docs/folds/$m/fold$fold"
        cp "$work/folds/models/3d+2d/$m/fold$fold/training.csv" "$docs/folds/$m/fold$fold/"
        runs+=("$docs/folds/$m/fold$fold")
    done
    "$ns" curves --runs "${runs[@]}" --names fold0,fold1,fold2,fold3,fold4 --out "$docs/folds-$m" --metrics val_dice --overwrite > /dev/null
done
echo "copied into $docs"
