#!/usr/bin/env bash
# Renders an HTML report to a PNG with headless Chromium (Debian package `chromium`).
# Usage: scripts/screenshot_report.sh REPORT.html OUT.png [WIDTH HEIGHT]   (default 1200 2000)
set -euo pipefail
if [[ $# -lt 2 ]]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTH HEIGHT]" >&2
    exit 2
fi
report=$(realpath "$1")
out=$(realpath -m "$2")
width=${3:-1200}
height=${4:-2000}
[[ -f "$report" ]] || { echo "$0: no such report: $1" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[[ -n "$browser" ]] || { echo "$0: chromium not found; install it with: sudo apt-get install -y chromium" >&2; exit 1; }
# A throwaway profile keeps the run independent of any user profile; stderr noise is dropped.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$out" --window-size="$width,$height" "file://$report" 2>/dev/null
[[ -s "$out" ]] || { echo "$0: chromium wrote no screenshot to $out" >&2; exit 1; }
echo "$out"
