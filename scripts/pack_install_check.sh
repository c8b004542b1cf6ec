#!/usr/bin/env bash
# Packs the mnemos tool (package Mnemos.Cli), installs it from that package into a temporary tool
# path, and runs `mnemos demo --quick` from a folder outside the checkout, with MNEMOS_DATA unset:
# the installed tool must find the bundled data it carries and write the report. Also packs the
# library (package Mnemos) and checks both packages carry the licence, the README and a description.
# Usage: scripts/pack_install_check.sh   (exit 0 when every check passes; the temp folder is removed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/mnemos-pack-XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "pack_install_check: $*" >&2; exit 1; }

packages="$work/packages"
dotnet pack "$root/src/Mnemos.Cli" -c Release -o "$packages" --nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet pack "$root/src/Mnemos" -c Release -o "$packages" --nologo -v quiet -clp:ErrorsOnly >/dev/null
tool_package="$(ls "$packages"/Mnemos.Cli.*.nupkg 2>/dev/null | head -n 1)"
[ -n "$tool_package" ] || fail "no Mnemos.Cli package in $packages"
version="$(basename "$tool_package" .nupkg)"; version="${version#Mnemos.Cli.}"
library_package="$packages/Mnemos.$version.nupkg"
[ -f "$library_package" ] || fail "no library package $library_package"

for package in "$tool_package" "$library_package"; do
  listing="$(unzip -l "$package")"
  for entry in LICENSE README.md; do
    grep -q " $entry\$" <<<"$listing" || fail "$(basename "$package") lacks $entry"
  done
  nuspec="$(unzip -p "$package" '*.nuspec')"
  grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || fail "$(basename "$package"): no MIT licence expression in its nuspec"
  grep -q '<description>Package Description</description>' <<<"$nuspec" && fail "$(basename "$package"): default description"
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || fail "$(basename "$package"): no readme in its nuspec"
done
grep -q ' tools/net10.0/any/data/README.md$' <<<"$(unzip -l "$tool_package")" || fail "$(basename "$tool_package") does not carry data/"

# An exact version from the local folder: a package of the same name elsewhere cannot stand in.
dotnet tool install Mnemos.Cli --version "$version" --tool-path "$work/tools" --add-source "$packages" >/dev/null \
  || fail "dotnet tool install Mnemos.Cli $version from $packages failed"
[ -x "$work/tools/mnemos" ] || fail "the installed tool has no 'mnemos' command in $work/tools"

mkdir -p "$work/elsewhere"
cd "$work/elsewhere"
env -u MNEMOS_DATA "$work/tools/mnemos" demo --quick --out "$work/elsewhere/report" >"$work/demo.log" 2>&1 \
  || { tail -n 20 "$work/demo.log" >&2; fail "mnemos demo --quick failed in $work/elsewhere"; }
for file in index.html results.json; do
  [ -s "$work/elsewhere/report/$file" ] || fail "the demo wrote no report/$file"
done
echo "pack_install_check: Mnemos.Cli $version and Mnemos $version packed; the installed mnemos ran demo --quick outside the checkout"
