#!/usr/bin/env bash
# Downbeat from the built distribution to a musician's machine, and back off it:
#  1. `downbeat install` into a fresh HOME, again (nothing changes), `downbeat uninstall` (HOME as it was);
#  2. installed again: lv2ls and Ardour find Downbeat on their default search paths (no LXVST_PATH,
#     no LV2_PATH; Ardour's scanner scans what is on Ardour's own VST2 path), and ardour7-lua
#     renders the installed VST2 and LV2 plugins with sound; the command line runs on the bundled
#     runtime; an upgrade from an older version keeps the user's files; uninstall removes every
#     file it installed and nothing else (only what the hosts wrote stays);
#  3. the errors a user can meet: no write permission, a full disk, a file where a host folder
#     must be: a clear message, exit 1, nothing half-installed;
#  4. `install --system` for real, in a private mount namespace over overlays of /usr/lib and
#     /usr/local: Ardour (built-in path) and lv2ls find it; uninstall --system leaves nothing;
#  5. the .deb installs, runs and purges cleanly in a throw-away dpkg root.
# Runs with the machine's JDK hidden (a private mount namespace): nothing may need it.
# Self-contained: temporary HOME/XDG folders, no display; builds the distribution if it is missing.
set -uo pipefail
root=${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
dist=$(ls -d "$root"/installer/target/downbeat-[0-9]*/ 2>/dev/null | head -1)
if [ -z "$dist" ] || [ ! -x "$dist/bin/downbeat" ] || [ ! -f "$dist/vst2/Downbeat.so" ]; then
  echo "building the distribution (none in installer/target yet)"
  (cd "$root" && nice -n 10 mvn -q -B -ntp -o -pl installer -am package -DskipTests) || { echo "build failed"; exit 1; }
  dist=$(ls -d "$root"/installer/target/downbeat-[0-9]*/ | head -1)
fi
dist=${dist%/}
version=$(cat "$dist/VERSION")

# A musician has no JDK: from here on /usr/lib/jvm is hidden (a private mount namespace, so only
# this stage sees it), and the plugins and the command line can only run on the bundled runtime.
if [ -z "${DOWNBEAT_STAGE_NO_JDK:-}" ] && unshare -m true 2>/dev/null; then
  exec unshare -m env DOWNBEAT_STAGE_NO_JDK=1 bash "$0" "$@"
fi
if [ -n "${DOWNBEAT_STAGE_NO_JDK:-}" ]; then
  mount --make-rprivate / && mount -t tmpfs -o size=1m,mode=755 tmpfs /usr/lib/jvm || { echo "FAIL: cannot hide the JDK"; exit 1; }
  if java -version >/dev/null 2>&1; then echo "FAIL: a JDK is still reachable"; exit 1; fi
  echo "no JDK on this machine for the rest of the stage (/usr/lib/jvm hidden)"
else
  echo "no private mount namespaces here: the JDK stays visible (the log checks still show which runtime ran)"
fi
deb="$root/installer/target/downbeat_${version}_amd64.deb"

work=$(mktemp -d /tmp/downbeat-install.XXXXXX)
chmod 755 "$work"
mounted=""
cleanup() {
  [ -n "$mounted" ] && umount "$mounted" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
unset DISPLAY LXVST_PATH LV2_PATH VST_PATH XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME XDG_DATA_HOME JAVA_HOME
fail=0
step() { echo "--- [$SECONDS s] $*"; }
bad() { echo "FAIL: $*"; fail=1; }
db() { "$dist/bin/downbeat" "$@"; }
# Whether text $1 contains $2 (not `echo | grep -q`: under pipefail grep's early exit can fail the pipe).
contains() { [[ $1 == *"$2"* ]]; }

# Every path under a folder, with its kind, link target, mode, and each file's checksum.
snapshot() {
  (cd "$1" && { find . -mindepth 1 -printf '%y %p %l %m\n'; find . -type f -print0 | xargs -0 -r md5sum | awk '{print "sum " $2 " " $1}'; } \
    | LC_ALL=C sort -k2,2 -k1,1)
}
paths() { awk '$1 != "sum" {print $2}' "$1"; }

# A lived-in home: the user's own files beside where Downbeat goes.
new_home() {
  export HOME=$1
  mkdir -p "$HOME/.vst" "$HOME/Music" "$HOME/.config/downbeat"
  echo "my notes" >"$HOME/.vst/README.txt"
  echo "a song" >"$HOME/Music/song.txt"
  echo "# my Downbeat settings" >"$HOME/.config/downbeat/jvm.conf"
}

step "install, install again, uninstall: HOME as it was"
new_home "$work/home1"
snapshot "$HOME" >"$work/s0"
out=$(db install 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || bad "install exited $rc"
contains "$out" "Installed Downbeat $version for this user" || bad "install did not say what it installed"
snapshot "$HOME" >"$work/s1"
out=$(db install 2>&1) || bad "second install exited $?"
contains "$out" "already installed" || bad "the second install did not notice it was up to date: $out"
snapshot "$HOME" >"$work/s1b"
cmp -s "$work/s1" "$work/s1b" || { diff "$work/s1" "$work/s1b" | head; bad "installing twice changed the HOME"; }
"$HOME/.local/bin/downbeat" uninstall || bad "uninstall exited $?"
snapshot "$HOME" >"$work/s2"
cmp -s "$work/s0" "$work/s2" || { diff "$work/s0" "$work/s2" | head -20; bad "uninstall did not leave the HOME as it was"; }

step "install: the hosts find Downbeat on their default paths"
new_home "$work/home2"
snapshot "$HOME" >"$work/h0"
db install >/dev/null || bad "install exited $?"
snapshot "$HOME" >"$work/h1"
for p in .vst/Downbeat.so .lv2/downbeat.lv2; do
  [ -L "$HOME/$p" ] && [ -e "$HOME/$p" ] || bad "~/$p is not a working link"
done

uri=$(lv2ls 2>/dev/null | grep -i downbeat | head -1)
[ -n "$uri" ] || bad "lv2ls (default LV2 path) does not list Downbeat"
if [ -n "$uri" ]; then
  info=$(lv2info "$uri")
  echo "$info" | grep -E "Name:|Class:|Bundle:"
  case "$info" in *"Bundle:"*"$HOME/.lv2/downbeat.lv2"*) ;; *) bad "lv2info: not the bundle in ~/.lv2";; esac
fi

# Ardour finds VST2 plugins along its configured Linux VST path; "Scan for plugins" runs its
# scanner on every .so there. Do the same: read the path Ardour will use, scan what is on it.
config="$HOME/.config/ardour7/config"
lxvst=$(sed -n 's/.*name="plugin-path-lxvst" value="\([^"]*\)".*/\1/p' "$config" 2>/dev/null)
echo "Ardour's Linux VST path: ${lxvst:-(default)}"
case ":$lxvst:" in *":$HOME/.vst:"*) ;; *) bad "~/.vst is not on Ardour's Linux VST path";; esac
scanned=0
IFS=: read -ra folders <<<"$lxvst"
for folder in "${folders[@]}"; do
  [ -d "$folder" ] || continue
  while IFS= read -r so; do
    scanned=$((scanned + 1))
    LD_LIBRARY_PATH=/usr/lib/ardour7 timeout 120 /usr/lib/ardour7/ardour-vst-scanner -f "$so" 2>&1 | grep -E "Found Plugin|Saved|rror" | head -3
  done < <(find "$folder" -name '*.so')
done
[ "$scanned" -ge 1 ] || bad "no VST2 plugin on Ardour's path"

native="$root/plugin/target/native"
. "$root/tests/stages/lib/ardour-render.sh"
# Renders 4 s of the plugin in a fresh headless session; $1 LXVST or LV2, $2 the plugin's name.
render() {
  local type=$1 name=$2 seconds=4 wav="$work/out/$1.wav"
  # Ardour's own WAV export preset (16-bit, as a user's default export would be).
  local ardour_wav=75969a1c-3133-4694-864b-a1fa50e43348
  DB_NAME="$name" DB_PRESET="$ardour_wav" ardour_render "$type" "" "" $seconds "$type" \
    || { bad "$type: no complete WAV exported"; return; }
  local rms
  rms=$(sox "$wav" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
  echo "$type render: RMS amplitude $rms"
  awk -v r="${rms:-0}" 'BEGIN { exit !(r > 0.01) }' || bad "$type render is silent (RMS ${rms:-?})"
}
mkdir -p "$work/out"
render LXVST Downbeat
grep -q "^found $HOME/.vst/Downbeat.so" "$work/LXVST.out" || bad "Ardour did not take the VST2 plugin from ~/.vst"
render LV2 Downbeat
log="$HOME/.local/state/downbeat/downbeat.log"
grep -q "started Java VM $HOME/.lv2/downbeat.lv2//runtime\|started Java VM $HOME/.lv2/downbeat.lv2/runtime" "$log" \
  || { tail -5 "$log" 2>/dev/null; bad "the LV2 render did not run the installed bundle's Java runtime"; }
grep -q "started Java VM $HOME/.local/share/downbeat/app-$version-[a-z0-9]*/vst2/Downbeat/runtime/lib/server/libjvm.so" "$log" \
  || bad "the VST2 render did not run the installed Java runtime"

step "the command line runs on the bundled runtime"
PATH=/usr/bin:/bin "$HOME/.local/bin/downbeat" generate --random-seed 3 -o "$work/beat.mid" >"$work/generate.out" 2>&1 \
  || { cat "$work/generate.out"; bad "downbeat generate failed"; }
[ -s "$work/beat.mid" ] || bad "downbeat generate wrote no MIDI file"

step "uninstall removes every file it installed and nothing else"
snapshot "$HOME" >"$work/h2"
"$HOME/.local/bin/downbeat" uninstall
snapshot "$HOME" >"$work/h3"
# What the hosts and the plugin wrote while running (Ardour's caches, Downbeat's log) is theirs.
comm -13 <(paths "$work/h1" | LC_ALL=C sort) <(paths "$work/h2" | LC_ALL=C sort) >"$work/host-paths"
echo "written by the hosts: $(wc -l <"$work/host-paths") paths"
comm -23 <(LC_ALL=C sort "$work/h0") <(LC_ALL=C sort "$work/h3") | sed 's/^/  /' >"$work/lost"
[ -s "$work/lost" ] && { cat "$work/lost"; bad "uninstall removed or changed files that were there before"; }
while IFS= read -r p; do
  grep -qxF "$p" "$work/host-paths" && continue
  # A folder the installer made stays only when host files live inside it.
  grep -q "^${p//./\\.}/" "$work/host-paths" && continue
  echo "  left behind: $p"; fail=1
done < <(comm -13 <(paths "$work/h0" | LC_ALL=C sort) <(paths "$work/h3" | LC_ALL=C sort))

step "upgrade from an older version keeps the user's files"
new_home "$work/home3"
cp -a "$dist" "$work/downbeat-0.0.9" && echo "0.0.9" >"$work/downbeat-0.0.9/VERSION"
db install --from "$work/downbeat-0.0.9" >/dev/null || bad "installing 0.0.9 failed"
mkdir -p "$HOME/.local/share/downbeat/presets" && echo "temperature=0.4" >"$HOME/.local/share/downbeat/presets/verse.preset"
out=$(db install 2>&1) || bad "upgrade exited $?"
echo "$out" | head -1
contains "$out" "Upgraded Downbeat 0.0.9 to $version" || bad "the upgrade did not say so"
[ "$(cat "$HOME/.local/share/downbeat/presets/verse.preset" 2>/dev/null)" = "temperature=0.4" ] || bad "the upgrade lost a preset"
[ "$(cat "$HOME/.config/downbeat/jvm.conf")" = "# my Downbeat settings" ] || bad "the upgrade touched the settings"
[ "$(cat "$(readlink -f "$HOME/.vst/Downbeat.so" | xargs dirname)/../VERSION")" = "$version" ] || bad "~/.vst/Downbeat.so is not $version"
[ "$(ls -d "$HOME"/.local/share/downbeat/app-* | wc -l)" -eq 1 ] || bad "the old version's folder is still there"
out=$(db install --from "$work/downbeat-0.0.9" 2>&1); rc=$?
[ $rc -eq 1 ] && contains "$out" "newer than this 0.0.9" || bad "installing an older version over a newer one was not refused: $out"
db uninstall >/dev/null

step "errors: no write permission"
# The user "nobody" runs the distribution: copy it into $work (755), since the clone may sit
# below a folder only root can enter (mktemp -d makes 700 folders).
cp -a "$dist" "$work/dist-for-nobody"
nobody_dist="$work/dist-for-nobody"
nobody_home="$work/nobody"; mkdir -p "$nobody_home"; chown nobody "$nobody_home"
before_sys=$(ls -la /usr/local/lib /usr/lib/lxvst /usr/lib/lv2 2>&1 | md5sum)
out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$nobody_home" "$nobody_dist/bin/downbeat" install --system 2>&1); rc=$?
echo "$out"
[ $rc -eq 1 ] || bad "a system install without root exited $rc, not 1"
contains "$out" "No permission to write" || bad "no clear permission message"
[ "$before_sys" = "$(ls -la /usr/local/lib /usr/lib/lxvst /usr/lib/lv2 2>&1 | md5sum)" ] || bad "the refused system install changed system folders"
chown root "$nobody_home"; chmod 755 "$nobody_home"
out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$nobody_home" "$nobody_dist/bin/downbeat" install 2>&1); rc=$?
echo "$out"
[ $rc -eq 1 ] && contains "$out" "No permission to write" || bad "an unwritable HOME was not reported clearly"
[ -z "$(ls -A "$nobody_home")" ] || bad "the refused install left files in the HOME"

step "errors: a full disk"
mkdir -p "$work/small"
if mount -t tmpfs -o size=40m tmpfs "$work/small" 2>/dev/null; then
  mounted="$work/small"
  new_home "$work/small/home"
  snapshot "$HOME" >"$work/f0"
  out=$(db install 2>&1); rc=$?
  echo "$out"
  [ $rc -eq 1 ] && contains "$out" "Not enough disk space" || bad "a disk too small was not reported clearly"
  snapshot "$HOME" >"$work/f1"
  cmp -s "$work/f0" "$work/f1" || bad "the refused install changed the HOME"
  umount "$mounted" && mounted=""
else
  echo "cannot mount a small tmpfs here; the full-disk paths are covered by InstallerTest"
fi

step "errors: a file where a host folder must be"
new_home "$work/home4"
echo "not a folder" >"$HOME/.lv2"
out=$(db install 2>&1); rc=$?
echo "$out"
[ $rc -eq 1 ] && contains "$out" "is a file, but Downbeat needs a folder there" || bad "a file in place of ~/.lv2 was not reported"
[ ! -e "$HOME/.local/share/downbeat" ] && [ ! -e "$HOME/.vst/Downbeat.so" ] || bad "the refused install left files"

step "system-wide install (root) in a private mount namespace"
if unshare -m true 2>/dev/null; then
  unshare -m bash "$root/tests/stages/install/system.sh" "$dist" "$work" "$root" || fail=1
else
  echo "no private mount namespaces here; the system layout is covered by InstallerTest"
fi

step ".deb in a throw-away dpkg root"
if [ -f "$deb" ]; then
  R="$work/debroot"
  mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/triggers"
  touch "$R/var/lib/dpkg/status" "$R/var/lib/dpkg/available"
  # The throw-away root has the packages Downbeat depends on as this machine has them.
  for p in $(dpkg-deb -f "$deb" Depends | tr -d ' ' | tr ',' ' '); do
    dpkg-query -s "$p" >>"$R/var/lib/dpkg/status" 2>/dev/null || bad "this machine lacks $p, which the .deb depends on"
    echo >>"$R/var/lib/dpkg/status"
    name=$(dpkg-query -W -f '${binary:Package}' "$p" 2>/dev/null)
    touch "$R/var/lib/dpkg/info/$name.list"
  done
  snapshot "$R" >"$work/d0"
  # A `downbeat install --system` copy in the way: the package refuses rather than fight over the links.
  mkdir -p "$R/usr/local/lib/downbeat" && echo "format 1" >"$R/usr/local/lib/downbeat/install-manifest.txt"
  out=$(dpkg --root="$R" --force-script-chrootless -i "$deb" 2>&1) && bad "the .deb installed over a downbeat install --system"
  contains "$out" "run 'sudo downbeat uninstall --system' first" || { echo "$out" | tail -5; bad "the .deb's refusal does not say what to do"; }
  [ ! -e "$R/usr/lib/downbeat" ] || bad "the refused .deb left files"
  rm -rf "$R/usr/local"; rmdir "$R/usr" 2>/dev/null  # (the test made them; the package must have left nothing there)
  dpkg --root="$R" --force-script-chrootless --purge downbeat >/dev/null 2>&1
  snapshot "$R" | grep -v '^[a-z]* \./var/lib/dpkg/' >"$work/d0r"
  grep -v '^[a-z]* \./var/lib/dpkg/' "$work/d0" | diff -q - "$work/d0r" >/dev/null || bad "the refused .deb changed the root"
  dpkg --root="$R" --force-script-chrootless -i "$deb" || bad "dpkg -i failed"
  [ "$(readlink -f "$R/usr/lib/lxvst/Downbeat.so")" = "$R/usr/lib/downbeat/vst2/Downbeat.so" ] || bad "the .deb's VST2 link is broken"
  [ -f "$R/usr/lib/lv2/downbeat.lv2/manifest.ttl" ] || bad "the .deb's LV2 bundle is missing"
  listed=$(LV2_PATH="$R/usr/lib/lv2" lv2ls)
  case "$listed" in *downbeat*) ;; *) bad "lv2ls does not find the .deb's bundle";; esac
  "$R/usr/bin/downbeat" generate --random-seed 2 -o "$work/deb.mid" >/dev/null 2>&1 && [ -s "$work/deb.mid" ] \
    || bad "the .deb's downbeat command does not run"
  # Every shared library the .deb's natives need comes from a package it depends on.
  depends=" $(dpkg-deb -f "$deb" Depends | tr -d ' ' | tr ',' ' ') "
  # (the natives inside the jars too: ONNX Runtime, JNA, FlatLaf)
  for jar in "$R"/usr/lib/downbeat/lib/*.jar; do unzip -q -o "$jar" '*.so' -d "$work/natives" 2>/dev/null; done
  find "$R/usr/lib/downbeat" "$work/natives" -name '*.so*' -type f | while read -r so; do readelf -d "$so" 2>/dev/null; done \
    | awk '/NEEDED/ {gsub(/[\[\]]/, "", $5); print $5}' | sort -u | while read -r lib; do
      [ -e "$R/usr/lib/downbeat/runtime/lib/$lib" ] || [ -e "$R/usr/lib/downbeat/runtime/lib/server/$lib" ] && continue
      case "$lib" in libonnxruntime.so*|libjvm.so) continue;; esac
      path=$(ldconfig -p | awk -v n="$lib" '$1 == n {print $NF; exit}')
      real=$(readlink -f "$path")
      pkg=$(dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null)
      pkg=${pkg%%:*}
      case "$depends" in *" $pkg "*) ;; *) echo "FAIL: $lib (from ${pkg:-no package}) is not in the .deb's Depends"; exit 1;; esac
    done || fail=1
  dpkg --root="$R" --force-script-chrootless --purge downbeat || bad "dpkg --purge failed"
  snapshot "$R" | grep -v '^[a-z]* \./var/lib/dpkg/' >"$work/d1"
  grep -v '^[a-z]* \./var/lib/dpkg/' "$work/d0" | diff - "$work/d1" >/dev/null || { grep -v '^[a-z]* \./var/lib/dpkg/' "$work/d0" | diff - "$work/d1" | head; bad "the purged .deb left files"; }
else
  bad "no .deb at $deb"
fi

[ "$fail" -eq 0 ] && echo "install stage passed"
exit "$fail"
