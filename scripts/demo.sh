#!/usr/bin/env bash
# Build the example surveys and serve them with the collector at http://127.0.0.1:5000
# (PORT=8080 bash scripts/demo.sh for another port).
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS=server source scripts/setup.sh
.venv/bin/python build.py
export COLLECTOR_DATA_DIR="${COLLECTOR_DATA_DIR:-data}"
# The address printed is the one served: with PORT set it said 5000 all the same.
echo "Open http://127.0.0.1:${PORT:-5000}/ (answers are stored in $COLLECTOR_DATA_DIR/); Ctrl+C stops."
# The production server, as in the README's deployment section: two workers share the store.
exec .venv/bin/gunicorn --bind "127.0.0.1:${PORT:-5000}" --workers 2 --timeout 300 'collector:create_app()'
