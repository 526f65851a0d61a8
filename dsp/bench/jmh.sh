#!/usr/bin/env bash
# JMH benchmarks of the dsp module: ConvolverBenchmark (one stereo block of the reverb, block
# sizes 32..1024 x rooms 0.5..4 s), EngineBenchmark (the whole engine, nine voices busy) and
# ConvolutionFftBenchmark (a real FFT pair, JTransforms against the project's ConvolutionFft;
# dev.downbeat.dsp.bench.FftPairRatio times the same by thread CPU time, see docs/benchmarks.md).
# usage: dsp/bench/jmh.sh [JMH OPTIONS]   e.g. dsp/bench/jmh.sh EngineBenchmark -p block=256
# Defaults to a short run (1 fork, 2 x 1 s warm-up, 3 x 1 s measurement) on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=dsp/target/bench
mkdir -p "$out"
nice -n 10 mvn -q -B -ntp -o -pl dsp -am install -DskipTests
mvn -q -B -ntp -o -pl dsp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$out/test-classpath.txt" >/dev/null
cp="dsp/target/test-classes:dsp/target/classes:$(cat "$out/test-classpath.txt")"
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(dev.downbeat.dsp.bench)
exec java -Djmh.ignoreLock=true -cp "$cp" org.openjdk.jmh.Main -f 1 -wi 2 -w 1s -i 3 -r 1s -rf text -rff "$out/jmh.txt" "${args[@]}"
