#!/usr/bin/env bash
# run.sh — runs the relevance benchmark (relevance.py) with a Python that has
# Debian's python3-xapian, which a pyenv or venv python3 first on PATH lacks.
# Usage: bench/relevance/run.sh COLLECTION_DIR [relevance.py options]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=python3
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import xapian' 2>/dev/null; then py=$candidate; break; fi
done
exec "$py" "$here/relevance.py" "$@"
