# Sourced by the study scripts: run_experiment PROTOCOL "SET-OPTION" OUT "EXTRA-FLAGS" runs `nativeseg experiment` with
# $workers step processes at once (--workers: a process a native abort ends starts again and its step resumes; each
# step's output in OUT/logs), then writes the tables and report.
run_experiment() {
    "$ns" experiment --protocol "$1" $2 --scale cpu $4 --data "$work/data" --out "$3" --workers "$workers"
}
