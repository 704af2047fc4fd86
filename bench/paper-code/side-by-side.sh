#!/usr/bin/env bash
# A training step of the paper's own code (SCAN-NRAD/e3nn_Unet, its physical-units UNet, on e3nn 0.5.1 and Debian's
# python3-torch) beside NativeSeg's RA-U-Net, in one run, at 1 mm, 0.5x0.5x3 mm and 0.5x0.5x1 mm: lays out the Python
# sources, then runs the bench suite paper-code (BENCHMARKS.md, "Side by side with the paper's code"). Usage: side-by-side.sh WORK
# The Python sources are taken at pinned revisions from git: from GitHub, or from the git folders (bare or not) named by
# E3NN_GIT, OPT_EINSUM_FX_GIT, OPT_EINSUM_GIT and E3NN_UNET_GIT where GitHub is out of reach. Pause other work first:
# the two sides are timed one after the other and compared as a ratio.
set -euo pipefail
work=$(realpath -m "${1:?work folder}")
repo=$(cd "$(dirname "$0")/../.." && pwd)
python=/usr/bin/python3

missing=$(for m in torch sympy scipy packaging numpy; do "$python" -c "import $m" 2> /dev/null || echo "$m"; done)
if [ -n "$missing" ]; then
    echo "side-by-side.sh: Debian's Python lacks $(echo $missing): apt-get install python3-torch python3-sympy python3-scipy python3-packaging" >&2
    exit 1
fi

# package directory in the source tree, git source, revision
sources=(
    "e3nn ${E3NN_GIT:-https://github.com/e3nn/e3nn} 0.5.1"
    "opt_einsum_fx ${OPT_EINSUM_FX_GIT:-https://github.com/Linux-cpp-lisp/opt_einsum_fx} v0.1.4"
    "opt_einsum ${OPT_EINSUM_GIT:-https://github.com/dgasmith/opt_einsum} v3.3.0"
    "e3nn_Unet ${E3NN_UNET_GIT:-https://github.com/SCAN-NRAD/e3nn_Unet} 49b1f50"
)
site="$work/site-packages"
rm -rf "$site" && mkdir -p "$site" "$work/git"
for entry in "${sources[@]}"; do
    read -r package origin revision <<< "$entry"
    git_dir=$origin
    if [[ $origin == https://* ]]; then
        git_dir="$work/git/$package.git"
        [ -d "$git_dir" ] || git clone -q --bare "$origin" "$git_dir"
    fi
    git --git-dir="$(cd "$git_dir" && git rev-parse --absolute-git-dir)" archive --prefix="$package/" "$revision:$package" | tar -x -C "$site"
    echo "$package $revision from $origin"
done

cd "$repo"
NATIVESEG_PAPER_CODE="$site" dotnet run -c Release --project bench/NativeSeg.Bench -- paper-code
