#!/usr/bin/env bash
# Sets up and runs the whole test suite: lint, every test on SQLite, then the database-facing
# tests again on PostgreSQL. Extra arguments go to the SQLite pytest run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# Browser tests drive Debian's chromium through Playwright (which never downloads a browser); the
# report's charts (vl-convert) need a font with every Vietnamese letter: DejaVu Sans.
if { ! command -v chromium >/dev/null 2>&1 || [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; } \
    && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium and DejaVu fonts from Debian's packages for the browser tests and charts…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null 2>&1 \
    || echo "warning: chromium or the fonts could not be installed; the browser tests will be skipped"
fi

.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts
.venv/bin/python -m pytest "$@"

# The extractor scored against the annotated seeds (issue 3's goals), printed for the record.
.venv/bin/chitieu extract src/chitieu/demo/seeds/*.txt > "${TMPDIR:-/tmp}/chitieu-seeds.jsonl"
.venv/bin/python tests/extract/score.py "${TMPDIR:-/tmp}/chitieu-seeds.jsonl" \
  --min value+unit=0.97 --min indicator=0.93 --min role=0.93

# PostgreSQL (production's database): CHITIEU_PG_URL, default the local server with trust auth.
PG_URL=${CHITIEU_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
if .venv/bin/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$PG_URL" 2>/dev/null; then
  echo "Database tests again on PostgreSQL ($PG_URL)…"
  dirs=()
  for d in tests/web tests/api tests/party tests/reports; do [ -d "$d" ] && dirs+=("$d"); done
  DATABASE_URL=$PG_URL .venv/bin/python -m pytest "${dirs[@]}"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $PG_URL" >&2
  exit 1
else
  echo "PostgreSQL is not reachable at $PG_URL: the PostgreSQL pass was skipped."
fi
