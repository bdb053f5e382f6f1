#!/usr/bin/env bash
# Sets up and runs the demonstration: `bash scripts/demo.sh [chitieu demo options]`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/chitieu demo "$@"
