#!/usr/bin/env bash
# Rebuilds the bundled samples under data/ from Debian packages (Fashion-MNIST, scikit-image's
# sample photos, espeak-ng). Sources and licences: data/README.md. Needs root or sudo for apt-get.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

packages=(dataset-fashion-mnist python3-skimage python3-numpy python3-pil espeak-ng)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  $sudo apt-get install -y "${missing[@]}"
fi

/usr/bin/python3 "$root/scripts/make_bundled_data.py" "$root/data"
du -ab "$root/data" | sort -k2 | awk '{ printf "%10d  %s\n", $1, $2 }' | sed "s|$root/||"
