#!/usr/bin/env bash
# The long fuzz run: the same properties as the quick run in the test suite
# (tests/Mnemos.Tests/Fuzz/ReaderFuzzTests.cs), with more inputs per format, and a table of counts
# per format. Usage: scripts/fuzz_long.sh [INPUTS_PER_FORMAT (default 100000)] [SEED (default 20261204)]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
count="${1:-100000}"
seed="${2:-20261204}"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT

cd "$root"
dotnet build Mnemos.slnx -c Release --nologo -v quiet -clp:ErrorsOnly
start=$(date +%s)
MNEMOS_FUZZ_COUNT="$count" MNEMOS_FUZZ_SEED="$seed" MNEMOS_FUZZ_REPORT="$report" \
  dotnet test tests/Mnemos.Tests -c Release --no-build --nologo -v quiet \
  --filter "FullyQualifiedName~Mnemos.Tests.Fuzz.ReaderFuzzTests"
end=$(date +%s)

echo "fuzz: $count inputs per format, seed $seed, $((end - start)) s in all ($(date -u +%Y-%m-%d), $(nproc) cores)"
printf '| format | inputs | parsed | refused | payload checked | inert checked | max allocated (bytes) | at input length | bound (bytes) | seconds |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n'
sort "$report" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }'
