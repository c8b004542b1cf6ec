#!/usr/bin/env bash
# The study's cell "cosid, Adam" for 100 images (11 × 256, PyTorch initialisation, Adam lr 1e-4 at a
# constant rate, target MSE 1e-8, at most 1,000,000 epochs; PNAS 2020 / arXiv 1909.12362, optimizer
# table) on the first 100 Fashion-MNIST training images, certified every STEP epochs: one plain
# `mnemos store` per checkpoint, each resuming the previous one, so the counts are those a user
# gets from `store --max-epochs E`. Resumable: rerun the same command and it continues from the last
# finished step. Writes OUT/epochs-E.json (store --json) and appends one line per step to OUT/table.tsv.
# Usage: scripts/certified_vs_epochs.sh OUT [LAST_EPOCH] [STEP]     (defaults 200000 25000)
# MNEMOS (env) is the command to run, default ./mnemos.
set -euo pipefail
out=${1:?usage: $0 OUT [LAST_EPOCH] [STEP]}
last=${2:-200000}
step=${3:-25000}
mnemos=${MNEMOS:-"$(dirname "$0")/../mnemos"}
mkdir -p "$out"
ckpt="$out/memory.ckpt.safetensors"
[ -f "$out/table.tsv" ] || printf 'epochs\tmse\tstored_attractor\tstored_not_attractor\tundecided\tnot_stored\tverdict_attractor\trho_median\trho_max\ttrain_seconds\twall_seconds\n' > "$out/table.tsv"
for ((e = step; e <= last; e += step)); do
    [ -f "$out/epochs-$e.json" ] && continue
    resume=()
    [ -f "$ckpt" ] && resume=(--resume "$ckpt")
    start=$(date +%s)
    set +e
    $mnemos store --data bundled:fashion-mnist:train:100 --depth 11 --width 256 --activation cosid \
        --optimizer adam --lr 1e-4 --seed 0 --target-mse 1e-8 --max-epochs "$e" --threads 2 \
        --checkpoint-every 5000 --checkpoint "$ckpt" --out "$out/memory.safetensors" "${resume[@]}" --json > "$out/epochs-$e.json.tmp"
    rc=$?
    set -e
    # 0: reached the target (no checkpoint is kept then), 3: stopped at the epoch cap as planned.
    if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then echo "$0: store exited $rc at $e epochs" >&2; exit $rc; fi
    mv "$out/epochs-$e.json.tmp" "$out/epochs-$e.json"
    python3 - "$out/epochs-$e.json" "$e" "$(( $(date +%s) - start ))" >> "$out/table.tsv" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
m = j["memory"]; c = m["counts"]
rho = sorted(r for r in m["spectral_radii"] if r is not None)
att = sum(u["verdict"] == "attractor" for u in m["units"])
print(sys.argv[2], f'{j["final_mse"]:.3e}', c["stored_attractor"], c["stored_not_attractor"], c["undecided"], c["not_stored"], att,
      f"{rho[len(rho) // 2]:.3f}", f"{rho[-1]:.3f}", round(j["seconds"]), sys.argv[3], sep="\t")
PY
    [ $rc -eq 0 ] && { echo "reached the target MSE at or before $e epochs"; break; }
done
cat "$out/table.tsv"
