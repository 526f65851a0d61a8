-- Finds Downbeat the way Ardour does with its default search paths (no LXVST_PATH or LV2_PATH),
-- puts it on a MIDI track of a fresh headless session at 120 bpm and exports the master bus to WAV.
-- Environment: DB_SESSION_DIR, DB_OUT_DIR, DB_STEM, DB_SECONDS, DB_TYPE ("LXVST" or "LV2"),
-- DB_NAME (what Ardour calls the plugin). Prints "found PATH" (where Ardour found it) and "exported".
-- DB_SECONDS=0 only finds the plugin.
local dir = os.getenv("DB_SESSION_DIR")
local out = os.getenv("DB_OUT_DIR")
local stem = os.getenv("DB_STEM")
local seconds = tonumber(os.getenv("DB_SECONDS") or "8")
local kind = os.getenv("DB_TYPE") == "LV2" and ARDOUR.PluginType.LV2 or ARDOUR.PluginType.LXVST
local name = os.getenv("DB_NAME") or "Downbeat"
local rate = 48000
local bpm = 120

AudioEngine:set_backend("None (Dummy)", "", "")
local s = create_session(dir, "downbeat", rate)
assert(s, "could not create the session")

local tm = Temporal.TempoMap.write_copy()
tm:set_tempo(Temporal.Tempo(bpm, bpm, 4), Temporal.timepos_t(0))
Temporal.TempoMap.update(tm)

local pi = ARDOUR.LuaAPI.new_plugin_info(name, kind)
assert(not pi:isnil(), "Ardour did not find " .. name .. " on its default search path")
print("found " .. pi.path)
if seconds <= 0 then -- only find it
  close_session()
  quit()
end
local tl = s:new_midi_track(ARDOUR.ChanCount(ARDOUR.DataType("midi"), 1),
    ARDOUR.ChanCount(ARDOUR.DataType("audio"), 2), true, pi, nil, nil, 1, "drums",
    ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true)
assert(not tl:front():nth_plugin(0):isnil(), "the track has no Downbeat")

local ex = s:simple_export()
assert(ex:set_preset("75969a1c-3133-4694-864b-a1fa50e43348"), "Ardour's WAV export preset is missing")
ex:set_folder(out)
ex:set_name(stem)
ex:set_range(0, math.floor(seconds * rate))
assert(ex:run_export(), "export failed")
print("exported")
close_session()
quit()
