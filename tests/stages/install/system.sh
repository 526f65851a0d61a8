#!/usr/bin/env bash
# `downbeat install --system` for real, as root, inside a private mount namespace (run by
# 50-install.sh through `unshare -m`): /usr/lib and /usr/local are overlays whose changes land in
# $work/overlay/*/upper, so the machine itself is never touched. Ardour (no config file, so its
# built-in Linux VST path) and lv2ls find Downbeat in the system folders; uninstall --system leaves
# no file behind in either overlay.
set -uo pipefail
dist=$1 work=$2 root=$3
fail=0
bad() { echo "FAIL: $*"; fail=1; }
mount --make-rprivate /
for tree in /usr/lib /usr/local; do
  name=$(basename "$tree")
  # The original stays readable at $work/overlay/NAME/lower, to compare against afterwards.
  mkdir -p "$work/overlay/$name/lower" "$work/overlay/$name/upper" "$work/overlay/$name/work"
  mount --bind "$tree" "$work/overlay/$name/lower" \
    && mount -t overlay overlay -o "lowerdir=$work/overlay/$name/lower,upperdir=$work/overlay/$name/upper,workdir=$work/overlay/$name/work" "$tree" \
    || { echo "cannot mount an overlay on $tree; skipping the system-wide check"; exit 0; }
done
export HOME="$work/system-home"
mkdir -p "$HOME"

"$dist/bin/downbeat" install --system || bad "install --system exited $?"
[ "$(readlink -f /usr/lib/lxvst/Downbeat.so)" = "$(readlink -f /usr/local/lib/downbeat/app)/vst2/Downbeat.so" ] \
  || bad "/usr/lib/lxvst/Downbeat.so does not lead to the installed plugin"
[ -x /usr/local/bin/downbeat ] || bad "no /usr/local/bin/downbeat"
[ ! -e "$HOME/.config/ardour7" ] || bad "a system install touched the user's Ardour configuration"
listed=$(lv2ls)
case "$listed" in *downbeat*) ;; *) bad "lv2ls does not list the system-wide bundle";; esac
# Ardour's built-in Linux VST path, scanned the way Ardour scans it.
for folder in /usr/local/lib64/lxvst /usr/local/lib/lxvst /usr/lib64/lxvst /usr/lib/lxvst /usr/local/lib64/linux_vst \
              /usr/local/lib/linux_vst /usr/lib64/linux_vst /usr/lib/linux_vst /usr/lib/vst /usr/local/lib/vst; do
  [ -d "$folder" ] || continue
  find "$folder" -name '*.so' | while read -r so; do
    LD_LIBRARY_PATH=/usr/lib/ardour7 timeout 120 /usr/lib/ardour7/ardour-vst-scanner -f "$so" 2>&1 | grep -E "Found Plugin|rror" | head -2
  done
done
# (Ardour's teardown may crash after the script is done; its output is what counts.)
(DB_SESSION_DIR="$work/system-session" DB_SECONDS=0 DB_TYPE=LXVST DB_NAME=Downbeat \
  timeout 300 ardour7-lua "$root/tests/stages/lib/render.lua" >"$work/system-find.out" 2>&1) 2>/dev/null
grep "^found" "$work/system-find.out"
grep -q "^found /usr/lib/lxvst/Downbeat.so" "$work/system-find.out" || { tail -5 "$work/system-find.out"; bad "Ardour did not find Downbeat in /usr/lib/lxvst"; }

"$dist/bin/downbeat" uninstall --system || bad "uninstall --system exited $?"
# Folders copied up into an overlay are only its bookkeeping; any file, link or whiteout is a change.
for name in lib local; do
  left=$(find "$work/overlay/$name/upper" -mindepth 1 ! -type d)
  [ -z "$left" ] || { echo "$left" | head; bad "uninstall --system left files in /usr/$name"; }
  while IFS= read -r d; do
    relative=${d#"$work/overlay/$name/upper/"}
    [ -d "$work/overlay/$name/lower/$relative" ] || bad "uninstall --system left the folder /usr/$name/$relative"
  done < <(find "$work/overlay/$name/upper" -mindepth 1 -type d)
done
exit "$fail"
