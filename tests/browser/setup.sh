#!/bin/sh
# Installs what the browser tests need besides the Python venv: axe-core (pinned to 4.14.1
# in package.json / package-lock.json) into node_modules/. Chromium comes from Debian
# (apt-get install chromium -> /usr/bin/chromium); never run `playwright install`.
set -eu
cd "$(dirname "$0")/../.."
npm ci --no-audit --no-fund
test -f node_modules/axe-core/axe.min.js
if [ ! -x /usr/bin/chromium ]; then
    echo "note: /usr/bin/chromium is missing; install it with: apt-get install -y chromium" >&2
fi
echo "ready: .venv/bin/python -m pytest -m browser tests/browser"
