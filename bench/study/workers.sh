# Sourced by the study scripts: run_experiment PROTOCOL "SET-OPTION" OUT "EXTRA-FLAGS" runs `nativeseg experiment` in
# $workers processes sharing OUT (each step takes a lock), waits for them, then once more for the tables and report.
run_experiment() {
    local pids=()
    for w in $(seq 1 "$workers"); do
        "$ns" experiment --protocol "$1" $2 --scale cpu $4 --data "$work/data" --out "$3" > "$3.w$w.log" 2>&1 & pids+=($!)
        sleep 5
    done
    for p in "${pids[@]}"; do wait "$p" || true; done   # workers that found nothing left exit 75
    "$ns" experiment --protocol "$1" $2 --scale cpu $4 --data "$work/data" --out "$3"
}
