#!/usr/bin/env bash
# Repeats the training run that produced the bundled model (same data, seeds and settings).
# Needs Debian's python3-torch, python3-mido and an optimized BLAS (libopenblas0-openmp):
# the reference BLAS that torch falls back to is ~25x slower.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${DATA:-$root/../shared/data/groove-midi}
exec /usr/bin/python3 "$here/train.py" --data "$data" --work "${WORK:-$here/work}" \
  --out "$root/model/src/main/resources/dev/downbeat/model/bundled" "$@"
