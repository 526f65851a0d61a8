#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet (as root, with apt);
# as another user it prints the apt-get line to run and fails. Used by build.sh and test.sh.
set -uo pipefail
need=()
for p in "$@"; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Downbeat needs these Debian packages: ${need[*]}" >&2
  echo "install them with:  sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp /tmp/downbeat-apt.XXXXXX.log)
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"; } >"$log" 2>&1; then
  echo "package install failed (log: $log):" >&2
  tail -20 "$log" >&2
  exit 1
fi
