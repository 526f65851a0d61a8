#!/usr/bin/env bash
# The command line as a user meets it: the ./downbeat launcher run from another folder,
# generate to MIDI and WAV, repeatability, one-line errors with exit code 2, and render and
# bench reverb with a FLAC impulse response.
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

# A user's room as FLAC: a decaying stereo noise made by sox, saved as 24-bit WAV and as FLAC.
# FLAC is lossless, so rendering through either must give the same file; both must sound unlike
# the default room.
command -v sox >/dev/null || fail "sox is not installed (test.sh installs it)"
command -v flac >/dev/null || fail "flac is not installed (test.sh installs it)"
sox -n -r 44100 -b 24 -c 2 room.wav synth 0.7 pinknoise fade l 0 0.7 0.69 gain -6 2>/dev/null || fail "sox could not make room.wav"
flac -s -f -o room.flac room.wav 2>flac.err || fail "flac could not encode room.wav: $(cat flac.err)"
head -c 4 room.flac | grep -q fLaC || fail "room.flac is not FLAC"
"$root/downbeat" render --midi a.mid --wav default.wav >/dev/null || fail "render with the default room failed"
"$root/downbeat" render --midi a.mid --wav flac-room.wav --ir room.flac >out.txt || fail "render --ir room.flac failed: $(cat out.txt)"
grep -q "room 'room.flac'" out.txt || fail "render did not report the FLAC room: $(cat out.txt)"
"$root/downbeat" render --midi a.mid --wav wav-room.wav --ir room.wav >/dev/null || fail "render --ir room.wav failed"
cmp -s flac-room.wav wav-room.wav || fail "the FLAC room and the WAV it came from rendered differently"
peak=$(sox flac-room.wav -n stat 2>&1 | awk '/Maximum amplitude/ { print $3 }')
awk -v p="$peak" 'BEGIN { exit !(p > 0.1) }' || fail "the render with room.flac is nearly silent (peak $peak)"
difference=$(sox -m -v 1 flac-room.wav -v -1 default.wav -n stat 2>&1 | awk '/RMS     amplitude/ { print $3 }')
awk -v d="$difference" 'BEGIN { exit !(d > 0.001) }' || fail "the render with room.flac sounds like the default room (difference RMS $difference)"
"$root/downbeat" bench reverb --ir room.flac --block 256 --seconds 1 >out.txt || fail "bench reverb --ir room.flac failed: $(cat out.txt)"
grep -q "reverb 'room.flac' (0.7[0-9] s, 2 ch)" out.txt || fail "bench reverb did not convolve the FLAC room: $(cat out.txt)"

# Broken rooms: one line naming the file and the problem, exit code 2, no WAV left behind.
head -c $(( $(stat -c %s room.flac) / 2 )) room.flac >cut.flac
printf 'not audio at all\n' >notes.flac
for bad in "cut.flac:truncated" "notes.flac:neither WAV nor FLAC"; do
  file=${bad%%:*}; problem=${bad#*:}
  set +e
  err=$("$root/downbeat" render --midi a.mid --wav broken.wav --ir "$file" 2>&1 >/dev/null); code=$?
  set -e
  [ "$code" = 2 ] || fail "--ir $file exited with $code, expected 2"
  [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "--ir $file printed more than one line: $err"
  printf '%s' "$err" | grep -q "$file" || fail "the error does not name $file: $err"
  printf '%s' "$err" | grep -q "$problem" || fail "the error for $file does not say '$problem': $err"
  [ ! -e broken.wav ] || fail "a failed render with $file left broken.wav behind"
done
echo "10-cli: launcher, generate (MIDI + WAV), repeatability, errors, FLAC room (render, bench, broken files) OK"
