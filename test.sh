#!/usr/bin/env bash
# Runs every test of Downbeat: installs what the tests need when missing, then the
# Maven build with all unit and integration tests, then each stage in tests/stages/
# (real hosts: a C VST2 host, Ardour 7 headless, jalv on dummy JACK, Xvfb editor tests).
# Prints "stages: N passed, N failed" at the end; exits non-zero if any stage failed.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOWNBEAT_ROOT=$root

need=()
for p in ardour jalv lilv-utils lv2-dev jackd2 xvfb xdotool imagemagick sox libzita-convolver-dev libopenblas0-openmp hydrogen-drumkits openbox python3-torch python3-mido binutils unzip; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/tmp/downbeat-apt.log 2>&1 \
    || { echo "package install failed (see /tmp/downbeat-apt.log)"; tail -20 /tmp/downbeat-apt.log; exit 1; }
fi

passed=0; failed=0; failures=()
stage() {
  local name=$1; shift
  echo "=== stage: $name"
  local t0=$SECONDS
  if "$@"; then passed=$((passed+1)); echo "=== $name passed ($((SECONDS-t0)) s)"
  else failed=$((failed+1)); failures+=("$name"); echo "=== $name FAILED ($((SECONDS-t0)) s)"; fi
}

stage maven mvn -B -ntp verify
for s in tests/stages/*.sh; do
  [ -e "$s" ] || continue
  stage "$(basename "$s" .sh)" bash "$s"
done

[ ${#failures[@]} -gt 0 ] && echo "failed stages: ${failures[*]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
