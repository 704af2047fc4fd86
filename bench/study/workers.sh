# Sourced by the study scripts: run_experiment PROTOCOL "SET-OPTION" OUT "EXTRA-FLAGS" runs `nativeseg experiment` in
# $workers processes sharing OUT (each step takes a lock), waits for them, then once more for the tables and report.
# A worker killed by a signal (a native abort inside libtorch or glibc ends the process, which no retry inside it can
# catch) is started again: every step resumes from its checkpoint. Its .NET minidump goes beside its log.
run_experiment() {
    local pids=()
    for w in $(seq 1 "$workers"); do
        worker "$w" "$@" & pids+=($!)
        sleep 5
    done
    for p in "${pids[@]}"; do wait "$p" || true; done   # workers that found nothing left exit 75
    "$ns" experiment --protocol "$1" $2 --scale cpu $4 --data "$work/data" --out "$3"
}

worker() {
    local w=$1 rc; shift
    : > "$3.w$w.log"
    while true; do
        rc=0
        DOTNET_DbgEnableMiniDump=1 DOTNET_DbgMiniDumpType=1 DOTNET_DbgMiniDumpName="$3.w$w.%p.dmp" \
            "$ns" experiment --protocol "$1" $2 --scale cpu $4 --data "$work/data" --out "$3" >> "$3.w$w.log" 2>&1 || rc=$?
        [ "$rc" -gt 128 ] || return "$rc"
        echo "worker $w: ended by signal $((rc - 128)) at $(date -u +%H:%M); starting again (every step resumes)" >> "$3.w$w.log"
    done
}
