#!/usr/bin/env bash
# Runs every test of Downbeat: installs what the tests need when missing, then the
# Maven build with all unit and integration tests, then each stage in tests/stages/
# (real hosts: a C VST2 host, Ardour 7 headless, jalv on dummy JACK, Xvfb editor tests).
# Prints "stages: N passed, N failed" at the end; exits non-zero if any stage failed.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOWNBEAT_ROOT=$root

# Everything the tests need (real hosts, JACK, X11 tools, the training stack for `downbeat train`).
scripts/ensure-packages.sh ardour jalv lilv-utils lv2-dev jackd2 xvfb xauth x11-utils xdotool imagemagick sox flac \
  libzita-convolver-dev libopenblas0-openmp hydrogen-drumkits openbox python3-torch python3-mido \
  binutils unzip gcc make libx11-dev || exit 1

passed=0; failed=0; failures=()
stage() {
  local name=$1; shift
  echo "=== stage: $name"
  local t0=$SECONDS
  if "$@"; then passed=$((passed+1)); echo "=== $name passed ($((SECONDS-t0)) s)"
  else failed=$((failed+1)); failures+=("$name"); echo "=== $name FAILED ($((SECONDS-t0)) s)"; fi
}

stage maven mvn -B -ntp verify
# A failed unit test must not hide what the hosts say: build the plugins anyway (the run still fails).
if [ "$failed" -gt 0 ]; then mvn -B -ntp -q -DskipTests package || echo "the build itself failed"; fi
for s in tests/stages/*.sh; do
  [ -e "$s" ] || continue
  stage "$(basename "$s" .sh)" bash "$s"
done

[ ${#failures[@]} -gt 0 ] && echo "failed stages: ${failures[*]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
