#!/usr/bin/env bash
# Hydrogen kits with FLAC samples through the command line (issue 4): every kit Debian's
# hydrogen-drumkits installs renders a beat with sound in it, ElectricEmpireKit (all FLAC) on
# every piece; a kit with a corrupt FLAC file fails with one line naming the file and the CRC.
set -euo pipefail
root="${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
kits=/usr/share/hydrogen/data/drumkits
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME="$work/home"; mkdir -p "$HOME"

fail() { echo "15-flac-kits: $*" >&2; exit 1; }
[ -d "$kits/ElectricEmpireKit" ] || fail "hydrogen-drumkits is not installed (test.sh installs it)"
command -v sox >/dev/null || fail "sox is not installed (test.sh installs it)"

# every piece, then some beats: kick, snare, hats, the three toms, clap, rim
"$root/downbeat" generate -q --seed "[0,2] [1,4] [2,5] [3,6] [0,7] [8] [0,1,2] [4,5,6]" --bars 2 --random-seed 7 -o beat.mid >/dev/null \
  || fail "generate failed"
peak_of() { sox "$1" -n stat 2>&1 | awk '/Maximum amplitude/ { print $3 }'; }

"$root/downbeat" render --midi beat.mid --wav empire.wav --kit "$kits/ElectricEmpireKit" --gain-db -6 >out.txt 2>&1 \
  || fail "render with ElectricEmpireKit failed: $(cat out.txt)"
grep -q "kit 'ElectricEmpireKit'" out.txt || fail "render did not use ElectricEmpireKit: $(cat out.txt)"
peak=$(peak_of empire.wav)
awk -v p="$peak" 'BEGIN { exit !(p > 0.1) }' || fail "empire.wav is nearly silent (peak $peak)"
# the toms alone, one a second (GM notes 41, 43, 45): conga/drum stand-ins decoded from FLAC
python3 - <<'PY'
def vlq(n):
    out = [n & 0x7f]
    while n > 0x7f:
        n >>= 7
        out.insert(0, 0x80 | (n & 0x7f))
    return bytes(out)
track = b""
for i, note in enumerate((41, 43, 45)):
    track += vlq(0 if i == 0 else 720) + bytes([0x99, note, 100]) + vlq(240) + bytes([0x89, note, 0])
track += b"\x00\xff\x2f\x00"
open("toms.mid", "wb").write(b"MThd" + (6).to_bytes(4, "big") + (0).to_bytes(2, "big") + (1).to_bytes(2, "big")
                              + (480).to_bytes(2, "big") + b"MTrk" + len(track).to_bytes(4, "big") + track)
PY
"$root/downbeat" render --midi toms.mid --wav toms.wav --kit "$kits/ElectricEmpireKit" --reverb-mix 0 >out.txt 2>&1 \
  || fail "render of the toms failed: $(cat out.txt)"
grep -q "3 hits" out.txt || fail "the toms were not all played: $(cat out.txt)"
tom_peaks=""
for second in 0 1 2; do
  sox toms.wav tom.wav trim "$second" 0.5
  p=$(peak_of tom.wav)
  awk -v p="$p" 'BEGIN { exit !(p > 0.05) }' || fail "tom $second of ElectricEmpireKit is silent (peak $p)"
  tom_peaks="$tom_peaks $p"
done

count=0
for kit in "$kits"/*/; do
  name=$(basename "$kit")
  "$root/downbeat" render --midi beat.mid --wav k.wav --kit "$kit" --gain-db -6 >out.txt 2>&1 || fail "kit '$name' does not render: $(cat out.txt)"
  p=$(peak_of k.wav)
  awk -v p="$p" 'BEGIN { exit !(p > 0.05) }' || fail "kit '$name' rendered nearly silence (peak $p)"
  count=$((count + 1))
done

cp -r "$kits/ElectricEmpireKit" broken
chmod -R u+w broken
python3 - <<'PY'
data = bytearray(open("broken/EE_Snare_1.flac", "rb").read())
data[len(data) // 2] ^= 0x20
open("broken/EE_Snare_1.flac", "wb").write(data)
PY
set +e
err=$("$root/downbeat" render --midi beat.mid --wav bad.wav --kit broken 2>&1 >/dev/null); code=$?
set -e
[ "$code" = 2 ] || fail "a corrupt FLAC sample exited with $code, expected 2"
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "a corrupt FLAC sample printed more than one line: $err"
printf '%s' "$err" | grep -q "EE_Snare_1.flac" || fail "the error does not name the file: $err"
printf '%s' "$err" | grep -q "CRC" || fail "the error does not say CRC: $err"
echo "15-flac-kits: $count Hydrogen kits render (ElectricEmpireKit peak $peak, its three toms$tom_peaks); corrupt FLAC: $err"
