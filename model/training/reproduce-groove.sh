#!/usr/bin/env bash
# Repeats the training run that produced the bundled groove model (velocity and timing).
# About 6 minutes on one core; same requirements as reproduce.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${DATA:-$root/../shared/data/groove-midi}
exec /usr/bin/python3 "$here/groove.py" --data "$data" \
  --out "$root/model/src/main/resources/dev/downbeat/model/bundled" "$@"
