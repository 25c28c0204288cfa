#!/usr/bin/env bash
# Build the example surveys and serve them with the collector at http://127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS=server source scripts/setup.sh
.venv/bin/python build.py
export COLLECTOR_DATA_DIR="${COLLECTOR_DATA_DIR:-data}"
echo "Open http://127.0.0.1:5000/ (answers are stored in $COLLECTOR_DATA_DIR/); Ctrl+C stops."
exec .venv/bin/flask --app collector run --host 127.0.0.1 --port "${PORT:-5000}"
