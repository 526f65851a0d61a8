#!/usr/bin/env bash
# The command line as a user meets it: the ./downbeat launcher run from another folder,
# generate to MIDI and WAV, repeatability, and one-line errors with exit code 2.
set -euo pipefail
root="${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME="$work/home"; mkdir -p "$HOME"

fail() { echo "10-cli: $*" >&2; exit 1; }

"$root/downbeat" --help | grep -q "generate" || fail "--help does not list generate"
"$root/downbeat" generate -q --random-seed 3 -o a.mid --wav a.wav >out.txt || fail "generate failed: $(cat out.txt)"
"$root/downbeat" generate -q --random-seed 3 -o b.mid >/dev/null || fail "second generate failed"
cmp -s a.mid b.mid || fail "same --random-seed gave different MIDI files"
head -c 4 a.mid | grep -q MThd || fail "a.mid is not a MIDI file"
head -c 4 a.wav | grep -q RIFF || fail "a.wav is not a WAV file"
if command -v soxi >/dev/null; then
  channels=$(soxi -c a.wav); seconds=$(soxi -D a.wav)
  [ "$channels" = 2 ] || fail "a.wav has $channels channels"
  awk -v s="$seconds" 'BEGIN { exit !(s > 5.25 && s < 15) }' || fail "a.wav lasts $seconds s, expected 42 sixteenths at 120 BPM plus ring-out"
  if command -v sox >/dev/null; then
    peak=$(sox a.wav -n stat 2>&1 | awk '/Maximum amplitude/ { print $3 }')
    awk -v p="$peak" 'BEGIN { exit !(p > 0.1) }' || fail "a.wav is nearly silent (peak $peak)"
  fi
fi

set +e
err=$("$root/downbeat" generate -t 9 -o c.mid 2>&1 >/dev/null); code=$?
set -e
[ "$code" = 2 ] || fail "a bad temperature exited with $code, expected 2"
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "a bad temperature printed more than one line: $err"
printf '%s' "$err" | grep -q "temperature" || fail "the error does not name the temperature: $err"
[ ! -e c.mid ] || fail "a failed run left c.mid behind"
echo "10-cli: launcher, generate (MIDI + WAV), repeatability and errors OK"
