#!/usr/bin/env bash
# Builds Downbeat on a fresh Debian machine: installs the build's Debian packages when missing
# (the LV2 and X11 headers; gcc, make and a JDK 17 come with this kind of machine), then runs Maven.
# Afterwards ./downbeat runs the command line, and `./downbeat install` installs the plugins.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-packages.sh lv2-dev libx11-dev gcc make unzip
exec mvn -B -ntp -q -DskipTests package "$@"
