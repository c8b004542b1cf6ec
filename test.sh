#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
dotnet build Mnemos.slnx -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet test tests/Mnemos.Tests -c Release --no-build --nologo -v quiet
# The library sample must run as a user would run it (a few seconds).
dotnet samples/QuickStart/bin/Release/net10.0/QuickStart.dll >/dev/null && echo "samples/QuickStart: ran"
# The tool as users get it: pack, install into a temporary tool path, run demo --quick elsewhere (~1 min).
scripts/pack_install_check.sh
