# Sourced by the inference studies: compare_pairs OPTION A B runs `predict --patch whole OPTION A|B` for the three shipped
# models ($models) on a 1 mm brain (176x208x176) and a 2D FLAIR stack (512x512x30 at 0.45x0.45x5 mm) made in the current
# folder, printing wall time and peak RSS of each and the Dice of B's mask against A's.
compare_pairs() {
    local option=$1 a=$2 b=$3
    [ -f brain/cases.tsv ] || "$ns" synth --out brain --preset tiny --subjects 1 --test-subjects 1 --spacing 1,1,1 --plane axial --fov 176,208,176
    [ -f stack/cases.tsv ] || "$ns" synth --out stack --preset tiny --subjects 1 --test-subjects 1 --spacing 0.45,0.45,5 --plane axial --fov 230.4,230.4,150
    for data in brain stack; do
        mkdir -p "$data-one" && cp "$data"/imagesTs/case_0003_0000.nii.gz "$data-one/"
        for model in ra-unet unet unet-1mm; do
            for value in "$a" "$b"; do
                out=pred-$data-$model-$value; rm -rf "$out"
                /usr/bin/time -v "$ns" predict --model "$models/$model" --input "$data-one" --output "$out" --patch whole "$option" "$value" > "$out.log" 2> "$out.time"
                echo "$data $model $value: $(grep 'Elapsed' "$out.time" | awk '{print $NF}') wall, peak RSS $(grep 'Maximum resident' "$out.time" | awk '{printf "%.2f GiB", $NF / 1048576}')"
            done
            "$ns" evaluate --pred "pred-$data-$model-$b" --truth "pred-$data-$model-$a" --out "agree-$data-$model.csv" --overwrite > /dev/null
            echo "  Dice of the $b mask against the $a mask: $(tail -1 "agree-$data-$model.csv" | cut -d, -f3)"
        done
    done
}
