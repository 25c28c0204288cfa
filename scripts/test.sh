#!/usr/bin/env bash
# Set everything up and run the whole test suite, browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS=server,test source scripts/setup.sh
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null || need+=(npm)
command -v pdftotext >/dev/null || need+=(poppler-utils)  # the printed form's page breaks
if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
exec .venv/bin/python -m pytest "$@"
