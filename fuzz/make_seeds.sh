#!/bin/sh
# Builds the seed corpus of the `load` fuzz target (fuzz/corpus/load/) from the shipped data
# and every fixture: the five files joined by a 0xFF byte, in the order township, villages,
# consortium, projects, training. A fixture holds only the files that differ from config/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/fuzz/corpus/load"
mkdir -p "$out"
files="township.toml villages.toml consortium.toml projects.toml training.toml"

# seed NAME DIR: the files of DIR, falling back to config/ for those DIR lacks.
seed() {
    name=$1 dir=$2 first=1
    {
        for f in $files; do
            [ $first = 1 ] || printf '\377'
            first=0
            if [ -f "$dir/$f" ]; then cat "$dir/$f"; else cat "$root/config/$f"; fi
        done
    } > "$out/$name"
}

seed shipped "$root/config"
for dir in "$root"/tests/fixtures/invalid/* "$root"/tests/fixtures/warnings/* \
           "$root"/tests/fixtures/catalogue/*/*; do
    [ -d "$dir" ] || continue
    seed "$(basename "$(dirname "$dir")")-$(basename "$dir")" "$dir"
done
# Each file alone, and the shipped files with one missing.
for f in $files; do
    cp "$root/config/$f" "$out/only-$f"
done
echo "$(ls "$out" | wc -l) seeds in $out"
