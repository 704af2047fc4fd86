#!/usr/bin/env bash
# The RA-U-Net training study: one recipe per run, trained on the 3d-1mm cluster
# of a `synth --preset quick` set, validated on the whole held-out volume every epoch, then every test case
# predicted whole and evaluated (3d-1mm in-sample, 3d-0.5mm and 2d out of sample).
# Resumable: a finished run is skipped, an interrupted one continues from its checkpoint.
# Usage: ra-training-study.sh DATA OUT [lane]   (lanes a and b: the two halves, to run side by side on 2 cores; lane c:
# trained on every cluster (3D 1 mm, 0.5 mm and 2D, as Table 3), constant against poly learning rate)
set -euo pipefail
data=${1:?data folder (synth --preset quick)}; out=${2:?output folder}; lane=${3:-all}
ns=${NATIVESEG:-nativeseg}
common="--patch-mm 32 --no-pad --levels 3 --steps-per-epoch 15 --epochs 20 --patience 100 --seed 0 --validation whole"
only_1mm="--groups 3d-1mm"
ra="--model ra-unet --irreps-multiplicity 1"
declare -A runs_a=(
  [ra-lr5e-3]="$ra --lr 5e-3"
  [ra-lr1e-2]="$ra --lr 1e-2"
  [ra-lr2e-2]="$ra --lr 2e-2"
  [ra-lr2e-2-nocutoff]="$ra --lr 2e-2 --radial-cutoff false"
  [ra-lr2e-2-clip0.1]="$ra --lr 2e-2 --grad-clip 0.1"
  [ra-lr1e-2-clip0.1]="$ra --lr 1e-2 --grad-clip 0.1"
  [ra-lr5e-3-clip0.1]="$ra --lr 5e-3 --grad-clip 0.1"
  [ra-lr2e-2-cedice]="$ra --lr 2e-2 --loss ce-dice"
)
order_a="ra-lr5e-3 ra-lr2e-2 ra-lr2e-2-nocutoff ra-lr2e-2-clip0.1 ra-lr1e-2 ra-lr5e-3-clip0.1 ra-lr1e-2-clip0.1 ra-lr2e-2-cedice"
declare -A runs_b=(
  [unet8-lr5e-3]="--model unet --features 8 --lr 5e-3"
  [unet2-lr5e-3]="--model unet --features 2 --lr 5e-3"
  [unet15-lr5e-3]="--model unet --features 15 --lr 5e-3"
  [unet8-lr2e-2]="--model unet --features 8 --lr 2e-2"
  [ra-lr2e-2-prior0.01]="$ra --lr 2e-2 --head-bias-prior 0.01"
  [ra-lr5e-3-radial2.5e-2]="$ra --lr 5e-3 --lr-radial 2.5e-2"
  [ra-paper-lr2e-2]="--model ra-unet --irreps-multiplicity 2 --lr 2e-2"
)
order_b="unet8-lr5e-3 unet2-lr5e-3 unet15-lr5e-3 unet8-lr2e-2 ra-lr2e-2-prior0.01 ra-lr5e-3-radial2.5e-2 ra-paper-lr2e-2"
declare -A runs_c=(
  [mixed-ra-lr2e-2]="$ra --lr 2e-2 --head-bias-prior 0.01"
  [mixed-ra-lr2e-2-poly]="$ra --lr 2e-2 --head-bias-prior 0.01 --lr-schedule poly"
)
order_c="mixed-ra-lr2e-2 mixed-ra-lr2e-2-poly"

one() {
  local name=$1 args=$2
  local dir="$out/$name"
  if [[ -f "$dir/test.csv" ]]; then echo "== $name: done"; return; fi
  echo "== $name: train ($args)"
  local resume=""; [[ -d "$dir/checkpoint" ]] && resume="--resume"
  # shellcheck disable=SC2086
  local groups=$only_1mm; [[ $name == mixed-* ]] && groups=""
  $ns train --data "$data" --out "$dir" $common $groups $args $resume > "$out/$name.train.log" 2>&1
  tail -1 "$out/$name.train.log"
  mkdir -p "$dir/predictions"
  $ns predict --model "$dir" --input "$data/imagesTs" --output "$dir/predictions" --patch whole > "$out/$name.predict.log" 2>&1
  $ns evaluate --pred "$dir/predictions" --truth "$data/labelsTs" --cases "$data/cases.tsv" --out "$dir/test.csv.tmp" > "$out/$name.evaluate.log" 2>&1
  mv "$dir/test.csv.tmp" "$dir/test.csv"
  grep -A8 "group" "$out/$name.evaluate.log" | head -8 || true
}

mkdir -p "$out"
if [[ $lane == a || $lane == all ]]; then for n in $order_a; do one "$n" "${runs_a[$n]}"; done; fi
if [[ $lane == b || $lane == all ]]; then for n in $order_b; do one "$n" "${runs_b[$n]}"; done; fi
if [[ $lane == c || $lane == all ]]; then for n in $order_c; do one "$n" "${runs_c[$n]}"; done; fi

# lane "report": the study's curves and its test-set table.
if [[ $lane == report ]]; then
  ra_runs=(); unet_runs=(); results=(); names=()
  for d in "$out"/*/; do
    n=$(basename "$d"); [[ -f "$d/training.csv" ]] || continue
    if [[ $n == ra-* ]]; then ra_runs+=("$d"); else unet_runs+=("$d"); fi
    if [[ -f "$d/test.csv" ]]; then results+=("$d/test.csv"); names+=("$n"); fi
  done
  $ns curves --runs "${ra_runs[@]}" --out "$out/curves-ra" --metrics val_dice,val_loss,train_loss,grad_norm_median,grad_norm_max
  $ns curves --runs "${unet_runs[@]}" --out "$out/curves-unet" --metrics val_dice,val_loss
  $ns compare --results "${results[@]}" --names "$(IFS=,; echo "${names[*]}")" --plot-dir "$out"
fi
