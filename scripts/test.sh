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
# Two workers on two cores (PYTEST_WORKERS=auto, the default): each takes whole test
# files, so a module's servers and sites are built once. PYTEST_WORKERS=0 runs in one
# process (for pdb, or -x on the first failure in file order).
workers="${PYTEST_WORKERS:-auto}"
parallel=()
if [ "$workers" != 0 ] && [ "$workers" != 1 ]; then
    parallel=(-n "$workers" --dist loadfile)
fi
exec .venv/bin/python -m pytest ${parallel[@]+"${parallel[@]}"} "$@"  # bash < 4.4: empty array
