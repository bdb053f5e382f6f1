#!/usr/bin/env bash
# Sets up and runs the whole test suite: lint, then pytest (then the extractor's score on the seeds).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/python -m pytest "$@"
