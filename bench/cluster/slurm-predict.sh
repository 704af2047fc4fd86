#!/usr/bin/env bash
# Wall-clock of a 16-case folder prediction on a Slurm cluster with 1 and with 2 concurrent shards (job arrays), and
# the scheduling overhead per job (an empty job's submit-to-end time). Needs SLURM_CONF (or a configured cluster)
# and a built nativeseg: bench/cluster/slurm-predict.sh NATIVESEG WORKDIR
set -euo pipefail
nativeseg=$(realpath "$1"); work=$(realpath -m "$2")
rm -rf "$work" && mkdir -p "$work"
"$nativeseg" synth --preset tiny --out "$work/data" > /dev/null
mkdir -p "$work/images" && i=0
sources=("$work"/data/imagesTr/*_0000.nii.gz "$work"/data/imagesTs/*_0000.nii.gz)
while [ "$i" -lt 16 ]; do   # the tiny preset's 9 cases, cycled to 16
    cp "${sources[$((i % ${#sources[@]}))]}" "$work/images/case$(printf %02d $i)_0000.nii.gz"; i=$((i + 1))
done
OMP_NUM_THREADS=1 "$nativeseg" train --data "$work/data" --model unet --out "$work/model" --patch 16 --epochs 1 --steps-per-epoch 2 --features 4 --levels 2 > /dev/null

wait_for() { while [ -n "$(squeue -h -j "$1" -o %i)" ]; do sleep 0.2; done; }
run() {  # shards
    local shards=$1 out="$work/out-$1" start end id
    cat > "$work/predict-$shards.sbatch" <<SB
#!/usr/bin/env bash
#SBATCH --array=1-$shards
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --output=$work/predict-$shards-%a.out
export OMP_NUM_THREADS=1
exec $nativeseg predict --model $work/model --input $work/images --output $out --window-mm 48 --shard "\$SLURM_ARRAY_TASK_ID/$shards"
SB
    start=$(date +%s.%N); id=$(sbatch --parsable "$work/predict-$shards.sbatch" | cut -d';' -f1); wait_for "$id"; end=$(date +%s.%N)
    "$nativeseg" status --input "$work/images" --output "$out" | tail -1
    echo "$shards shard(s): $(echo "$end - $start" | bc) s"
}
run 1
run 2
printf '#!/usr/bin/env bash\n#SBATCH --output=/dev/null\ntrue\n' > "$work/empty.sbatch"
start=$(date +%s.%N)
for n in 1 2 3 4 5; do id=$(sbatch --parsable "$work/empty.sbatch" | cut -d';' -f1); wait_for "$id"; done
end=$(date +%s.%N)
echo "empty job, submit to end: $(echo "($end - $start) / 5" | bc -l | cut -c1-5) s per job"
