-- Prepares, with no GUI, the session stage 46-ardour-editor opens in Ardour's GUI: 120 bpm, one MIDI
-- track "drums" with Downbeat as its instrument, saved. DB_SESSION_DIR is the session folder (the
-- session is DB_SESSION_DIR/downbeat.ardour); DB_TYPE "LV2" takes the LV2 build (through LV2_PATH),
-- anything else the VST2 build (through LXVST_PATH).
-- Prints "saved" when done.
local dir = os.getenv("DB_SESSION_DIR")
assert(dir and dir ~= "", "DB_SESSION_DIR is not set")

AudioEngine:set_backend("None (Dummy)", "", "")
local s = create_session(dir, "downbeat", 48000)
assert(s, "could not create the session in " .. dir)

local tm = Temporal.TempoMap.write_copy()
tm:set_tempo(Temporal.Tempo(120, 120, 4), Temporal.timepos_t(0))
Temporal.TempoMap.update(tm)

local lv2 = os.getenv("DB_TYPE") == "LV2"
local pi = ARDOUR.LuaAPI.new_plugin_info("Downbeat", lv2 and ARDOUR.PluginType.LV2 or ARDOUR.PluginType.LXVST)
assert(not pi:isnil(), lv2 and "Ardour does not know the LV2 plugin Downbeat (not on LV2_PATH)"
    or "Ardour does not know the VST2 plugin Downbeat (not on LXVST_PATH)")
local tl = s:new_midi_track(ARDOUR.ChanCount(ARDOUR.DataType("midi"), 1),
    ARDOUR.ChanCount(ARDOUR.DataType("audio"), 2), true, pi, nil, nil, 1, "drums",
    ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true)
assert(tl:size() == 1 and not tl:front():nth_plugin(0):isnil(), "the track has no Downbeat")

s:save_state("", false, false, false)
print("saved")
close_session()
quit()
