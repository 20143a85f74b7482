#!/usr/bin/env bash
# The bundled corpus keeps its contract (front matter, sizes, judgments).
exec python3 "$PASSIM_SOURCE_DIR/tests/corpus/check_corpus.py"
