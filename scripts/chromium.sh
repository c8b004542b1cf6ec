#!/usr/bin/env bash
# Makes headless Chromium available for the browser tests (report layout, explorer) and the README
# screenshot: installs Debian's `chromium` with apt-get (as root) when no browser is found, then prints
# the browser's path on stdout. Exit status: 0 with the path printed; 2 when no browser is present and
# it cannot be installed here (not root, or no apt-get), with the reason on stderr; 1 when apt fails.
set -euo pipefail
find_browser() { command -v chromium || command -v chromium-browser || command -v google-chrome || true; }
browser=$(find_browser)
if [ -z "$browser" ]; then
    if [ "$(id -u)" != 0 ]; then echo "chromium.sh: chromium is not installed and installing it needs root (uid $(id -u))" >&2; exit 2; fi
    if ! command -v apt-get >/dev/null 2>&1; then echo "chromium.sh: chromium is not installed and apt-get is not available" >&2; exit 2; fi
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp)
    if ! { apt-get install -y --no-install-recommends chromium >"$log" 2>&1 \
           || { apt-get update >>"$log" 2>&1 && apt-get install -y --no-install-recommends chromium >>"$log" 2>&1; }; }; then
        echo "chromium.sh: apt-get install chromium failed; last lines:" >&2; tail -5 "$log" >&2; rm -f "$log"; exit 1
    fi
    rm -f "$log"
    browser=$(find_browser)
    [ -n "$browser" ] || { echo "chromium.sh: installed chromium but found no browser on PATH" >&2; exit 1; }
fi
echo "$browser"
