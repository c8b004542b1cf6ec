#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md on this machine, Mnemos and PyTorch side by side.
# Needs Debian's python3-torch, libopenblas0-openmp (for PyTorch) and libopenblas0-pthread (for
# Mnemos' optional OpenBLAS backend): sudo apt-get install python3-torch libopenblas0-openmp libopenblas0-pthread
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads="${THREADS:-2}"
dotnet build bench/Mnemos.Bench -c Release --nologo -v quiet -clp:ErrorsOnly
# OpenBLAS needs the SkylakeX core type on this CPU (some environments preset another value).
bench() { OPENBLAS_CORETYPE=SkylakeX dotnet bench/Mnemos.Bench/bin/Release/net10.0/Mnemos.Bench.dll "$@"; }
torch() {
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 "$@"
}
echo "## $(date -u +%F) $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, threads=$threads"
for what in "${@:-gemm train certify recall}"; do
  for w in $what; do
    case "$w" in
      gemm)
        bench gemm --threads "$threads"
        torch bench/torch_gemm.py --threads "$threads" ;;
      train)
        MNEMOS_GEMM=managed bench train --threads "$threads"
        MNEMOS_GEMM=openblas bench train --threads "$threads" || echo "(openblas backend unavailable)"
        torch bench/torch_train.py --threads "$threads" ;;
      certify)
        bench certify --threads "$threads"
        torch bench/torch_certify.py --threads "$threads" ;;
      recall)
        bench recall --threads "$threads"
        torch bench/torch_recall.py --threads "$threads" ;;
      certify)
        bench certify --threads "$threads"
        torch bench/torch_certify.py --threads "$threads" ;;
      recall)
        bench recall --threads "$threads"
        torch bench/torch_recall.py --threads "$threads" ;;
    esac
  done
done
