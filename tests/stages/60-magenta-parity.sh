#!/usr/bin/env bash
# Magenta.js parity of `downbeat import-magenta`:
#  1. a drum_kit_rnn checkpoint with seeded random weights is made in Magenta.js's format and run
#     with @magenta/music (npm, pinned in model/src/test/node/package.json) on the default seed;
#  2. `downbeat import-magenta` converts it; Downbeat's step probabilities must match Magenta.js's
#     within 1e-4 and its argmax continuation must be the same (zero attention bias, default mode);
#  3. with a random attention bias (which Magenta.js leaves out) --attention-bias magenta-js must
#     match, and the default TensorFlow mode must be told apart (it adds the bias);
#  4. the converted model generates a MIDI file with `downbeat generate --model`;
#  5. a truncated shard and a wrong config type are refused with messages naming them, leaving
#     no model folder behind.
# Self-contained: temp folders, a local HTTP server inside the Node script, no display.
set -uo pipefail
root=${DOWNBEAT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
node_dir="$root/model/target/magenta-node"
fail=0
step() { echo "--- $*"; }
bad() { echo "FAIL: $*"; fail=1; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing nodejs and npm"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/tmp/downbeat-apt-node.log 2>&1 \
    || { echo "cannot install nodejs/npm (see /tmp/downbeat-apt-node.log)"; exit 1; }
fi
if [ ! -x "$root/downbeat" ] || ! ls "$root"/plugin/target/downbeat-plugin-*.jar >/dev/null 2>&1; then
  echo "building Downbeat (no plugin jar yet)"
  (cd "$root" && nice -n 10 mvn -q -B -ntp -o -pl plugin -am package -DskipTests) || { echo "build failed"; exit 1; }
fi

step "npm install @magenta/music into $node_dir"
mkdir -p "$node_dir"
cp "$root/model/src/test/node/package.json" "$node_dir/package.json"
if ! (cd "$node_dir" && timeout 600 npm install --no-audit --no-fund --ignore-scripts --loglevel=error >npm.log 2>&1); then
  tail -20 "$node_dir/npm.log"; echo "FAIL: npm install"; exit 1
fi
export NODE_PATH="$node_dir/node_modules"

work=$(mktemp -d /tmp/downbeat-magenta.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"
unset DISPLAY
script="$root/model/src/test/node/magenta-parity.js"
downbeat="$root/downbeat"

step "Magenta.js runs a random checkpoint (zero attention bias)"
if ! timeout 300 node "$script" "$work/zero" --attention-bias zero --seed 1 >"$work/node-zero.log" 2>&1; then
  tail -20 "$work/node-zero.log"; bad "magenta.js run"
fi
grep "continued" "$work/node-zero.log"

step "import-magenta + compare (default, TensorFlow attention)"
if ! "$downbeat" import-magenta "$work/zero/checkpoint" --out "$work/models/zero" --compare "$work/zero/magenta.json"; then
  bad "Downbeat does not match Magenta.js on a zero-attention-bias checkpoint"
fi

step "Magenta.js with a random attention bias"
if ! timeout 300 node "$script" "$work/bias" --attention-bias random --seed 2 >"$work/node-bias.log" 2>&1; then
  tail -20 "$work/node-bias.log"; bad "magenta.js run"
fi
step "import-magenta --attention-bias magenta-js must match"
"$downbeat" import-magenta "$work/bias/checkpoint" --out "$work/models/bias-js" --attention-bias magenta-js \
  --compare "$work/bias/magenta.json" || bad "magenta-js mode does not match Magenta.js"
step "import-magenta (TensorFlow mode) must differ from Magenta.js, which leaves the bias out"
out=$("$downbeat" import-magenta "$work/bias/checkpoint" --out "$work/models/bias-tf" --compare "$work/bias/magenta.json" 2>&1)
code=$?
echo "$out" | tail -3
if [ $code -eq 0 ] || ! echo "$out" | grep -q "differ"; then
  bad "TensorFlow mode was expected to differ from Magenta.js (exit $code)"
fi

step "the imported model generates a beat"
if "$downbeat" generate --model "$work/models/zero" --random-seed 3 -q -o "$work/beat.mid"; then
  [ -s "$work/beat.mid" ] || bad "no MIDI written"
else
  bad "generate --model with the imported model"
fi

step "refusals"
cp -r "$work/zero/checkpoint" "$work/short"
truncate -s -4 "$work/short/group1-shard2of2"
msg=$("$downbeat" import-magenta "$work/short" --out "$work/models/short" 2>&1); code=$?
echo "$msg"
[ $code -eq 2 ] && echo "$msg" | grep -q "short" && echo "$msg" | grep -q "fully_connected/biases" \
  || bad "truncated shard: exit $code"
[ -e "$work/models/short" ] && bad "a model folder was left behind for a truncated checkpoint"
cp -r "$work/zero/checkpoint" "$work/vae"
sed -i 's/"MusicRNN"/"MusicVAE"/' "$work/vae/config.json"
msg=$("$downbeat" import-magenta "$work/vae" --out "$work/models/vae" 2>&1); code=$?
echo "$msg"
[ $code -eq 2 ] && echo "$msg" | grep -q '"MusicVAE"' || bad "unknown config type: exit $code"
[ -e "$work/models/vae" ] && bad "a model folder was left behind for a MusicVAE config"
leftovers=$(find "$work/models" -maxdepth 1 -name '.*' | wc -l)
[ "$leftovers" -eq 0 ] || bad "temporary folders left in $work/models"

[ $fail -eq 0 ] && echo "magenta parity: all checks passed"
exit $fail
