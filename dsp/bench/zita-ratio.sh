#!/usr/bin/env bash
# Downbeat's PartitionedConvolver against zita-convolver (Debian libzita-convolver-dev), side by
# side in one run: same impulse response, block size and input. Builds the C++ harness
# (zita_bench.cc) into dsp/target/bench, then for each IR length and block size prints CPU seconds
# per second of stereo audio for both, the ratio Downbeat / zita (goal <= 1.0) and how far each
# output (left channel) is from the exact convolution (double-precision FFT), relative to its peak.
#
# usage: dsp/bench/zita-ratio.sh [SECONDS_OF_AUDIO] [RATE]     (defaults: 20 s at 48000 Hz)
# env:   IRS="room 0.5 1 2 4"  BLOCKS="32 64 128 256 512 1024"
#        CLASSES=DIR  measure these compiled dsp classes instead of building the work tree's
# The classes measured are copied to a temporary folder first: the shared work tree's
# dsp/target may be rebuilt or cleaned by someone else while the run goes on.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
rate=${2:-48000}
irs=${IRS:-room 0.5 1 2 4}
blocks=${BLOCKS:-32 64 128 256 512 1024}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ ! -f /usr/include/zita-convolver.h ]; then
  echo "zita-convolver headers missing: apt-get install -y libzita-convolver-dev g++" >&2
  exit 1
fi
g++ -O2 -o "$out/zita_bench" dsp/bench/zita_bench.cc -lzita-convolver -lpthread
if [ -z "${CLASSES:-}" ]; then
  nice -n 10 mvn -q -B -ntp -o -pl dsp -am install -DskipTests
fi
mvn -q -B -ntp -o -pl dsp dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >/dev/null
cp -r "${CLASSES:-dsp/target/classes}" "$out/classes"
cp="$out/classes:$(cat "$out/classpath.txt")"

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $seconds s of stereo audio at $rate Hz"
printf "%-6s %6s %10s %10s %7s %9s %9s  %s\n" "ir" "block" "downbeat" "zita" "ratio" "err ours" "err zita" "downbeat plan"
for ir in $irs; do
  for block in $blocks; do
    java_line=$(java -cp "$cp" dev.downbeat.dsp.ReverbBench "$ir" "$rate" "$block" "$seconds" "$out/run")
    # best of three, as ReverbBench does; zita's process(sync) has been seen to hang for good
    # on this loaded machine (its helper thread never signalled), so an attempt gets 120 s
    zita_line=$(for attempt in 1 2 3; do
      timeout 120 "$out/zita_bench" "$out/run/ir_left.f32" "$out/run/ir_right.f32" "$out/run/input.f32" "$rate" "$block" "$seconds" "$out/run/zita_out.f32" \
        || echo "zita attempt $attempt at $ir / $block failed or hung (exit $?), not counted" >&2
    done | sort -g -k3 | head -n 1)
    if [ -z "$zita_line" ]; then
      echo "$ir / $block: no zita attempt finished" >&2
      continue
    fi
    check_line=$(java -cp "$cp" dev.downbeat.dsp.ReverbBench --check "$out/run" "$out/run/downbeat_out.f32" "$out/run/zita_out.f32")
    ours=$(echo "$java_line" | awk '{print $3}')
    theirs=$(echo "$zita_line" | awk '{print $3}')
    plan=$(echo "$java_line" | sed 's/.* plan //')
    printf "%-6s %6d %10.5f %10.5f %7.2f %9s %9s  %s\n" "$ir" "$block" "$ours" "$theirs" "$(echo "$ours / $theirs" | bc -l)" \
      "$(echo "$check_line" | awk '{print $3}')" "$(echo "$check_line" | awk '{print $5}')" "$plan"
  done
done
echo "(CPU s per s of audio, best of 3 runs each; downbeat: the audio thread's CPU time, zita: the whole process's, its helper threads included)"
