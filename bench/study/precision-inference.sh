#!/usr/bin/env bash
# Whole-volume prediction time and peak memory in float32 against bf16 (predict --precision), for the three shipped
# models on a 1 mm brain (176x208x176) and a 2D FLAIR stack (512x512x30 at 0.45x0.45x5 mm), with the Dice of each bf16
# mask against its float32 mask (BENCHMARKS.md, "bfloat16 prediction"). Usage: precision-inference.sh WORK
# (pause other work for a quiet machine; bf16 needs a CPU whose start-up probe trusts it for prediction: see selftest)
set -euo pipefail
work=${1:?work folder}
ns=${NATIVESEG:-nativeseg}
models=$(cd "$(dirname "$0")/../../models/demo" && pwd)
study=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work" && cd "$work"
source "$study/prediction-pairs.sh"
compare_pairs --precision float32 bf16
