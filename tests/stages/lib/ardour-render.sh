# Sourced by stages 20-vst2, 30-lv2, 35-groove and 50-install. The caller sets work, root and native
# (and vst2 to point Ardour's Linux VST path at a build; unset, Ardour keeps its own path), and
# defines bad().
# ardour_render STEM SEED TEMPERATURES SECONDS [LXVST|LV2]: renders Downbeat in a headless Ardour
# session (lib/render.lua) to $work/out/STEM.wav, its output in $work/STEM.out. Any other DB_*
# variable render.lua reads (DB_HUMANIZE, DB_NAME, DB_PRESET...) goes in front of the call. Ardour
# sometimes aborts in its teardown or before the export finishes, so the render is judged by the
# exported file holding every frame, and a render that did not is run again, at most three times.
# Returns non-zero when none succeeded.
ardour_render() {
  local stem=$1 seed=$2 temps=$3 seconds=$4 type=${5:-LXVST} attempt frames
  for attempt in 1 2 3; do
    rm -rf "$work/session-$stem" "$work/out/$stem.wav"
    DB_SESSION_DIR="$work/session-$stem" DB_OUT_DIR="$work/out" DB_STEM="$stem" DB_SEED="$seed" DB_TYPE="$type" \
      DB_TEMPERATURES="$temps" DB_SECONDS="$seconds" \
      timeout 300 env ${vst2:+LXVST_PATH="$vst2"} ardour7-lua "$root/tests/stages/lib/render.lua" >"$work/$stem.out" 2>&1
    frames=$("$native/wav_check" stats "$work/out/$stem.wav" 2>/dev/null | awk '{print $2}')
    if [ "${frames:-0}" -ge $((seconds * 48000)) ]; then
      grep -E '^params=|^found|^exported|^Error' "$work/$stem.out"
      return 0
    fi
    echo "render $stem attempt $attempt gave no complete WAV:"; tail -5 "$work/$stem.out"
  done
  return 1
}

# check_temperature_rule A B WHAT: two renders of the same eight bars (1-3 automated to temperature
# 0, 4-8 to 1.5) with different random seeds. The per-bar rule says bars at 0 do not depend on the
# seed and bars at 1.5 do. Calls the caller's bad() with WHAT in front for each broken half.
check_temperature_rule() {
  local a="$work/out/$1.wav" b="$work/out/$2.wav" what=$3
  "$native/wav_check" same "$a" "$b" 120 1 3 \
    || bad "$what: bars automated to temperature 0 differ between random seeds (or are silent)"
  "$native/wav_check" differ "$a" "$b" 120 5 8 \
    || bad "$what: bars at temperature 1.5 are the same for two random seeds"
}
