-- Renders Downbeat (VST2) on a MIDI track of a fresh headless Ardour session at 120 bpm and exports
-- the master bus to WAV. Settings come from the environment:
--   DB_SESSION_DIR, DB_OUT_DIR, DB_STEM   where to work and what to call the WAV
--   DB_SECONDS                            how long to render
--   DB_SEED                               Downbeat's "Random seed" parameter (plain value)
--   DB_TEMPERATURES                       comma-separated plain temperature per bar, automated at each downbeat
--   DB_REVERB                             Downbeat's "Reverb mix" in percent (default: leave as is)
--   DB_LEAD                               frames each automation point comes before its bar (see below)
-- Prints "params=N" (the parameter count Ardour sees) and "exported" when done.
local dir = os.getenv("DB_SESSION_DIR")
local out = os.getenv("DB_OUT_DIR")
local stem = os.getenv("DB_STEM")
local seconds = tonumber(os.getenv("DB_SECONDS") or "8")
local seed = tonumber(os.getenv("DB_SEED") or "0")
local temps = os.getenv("DB_TEMPERATURES") or ""
local lead = tonumber(os.getenv("DB_LEAD") or "2048")
local reverb = os.getenv("DB_REVERB")
local rate = 48000
local bpm = 120

AudioEngine:set_backend("None (Dummy)", "", "")
local s = create_session(dir, "downbeat", rate)
assert(s, "could not create the session")

local tm = Temporal.TempoMap.write_copy()
tm:set_tempo(Temporal.Tempo(bpm, bpm, 4), Temporal.timepos_t(0))
Temporal.TempoMap.update(tm)

local pi = ARDOUR.LuaAPI.new_plugin_info("Downbeat", ARDOUR.PluginType.LXVST)
assert(not pi:isnil(), "Ardour does not know the VST2 plugin Downbeat")
local tl = s:new_midi_track(ARDOUR.ChanCount(ARDOUR.DataType("midi"), 1),
    ARDOUR.ChanCount(ARDOUR.DataType("audio"), 2), true, pi, nil, nil, 1, "drums",
    ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true)
local track = tl:front()
local proc = track:nth_plugin(0)
assert(not proc:isnil(), "the track has no Downbeat")
local plugin = proc:to_insert():plugin(0)
local count = plugin:parameter_count()
print("params=" .. count)

-- Find parameters by name, as a user would in the automation menu.
local function param_index(name)
  for i = 0, count - 1 do
    if plugin:parameter_label(i) == name then return i end
  end
  error("no parameter named " .. name)
end

local seed_index = param_index("Random seed")
-- VST2 parameters are normalized 0..1 in Ardour; Random seed spans 0..9999.
assert(ARDOUR.LuaAPI.set_processor_param(proc, seed_index, seed / 9999), "cannot set the random seed")

if reverb and reverb ~= "" then
  assert(ARDOUR.LuaAPI.set_processor_param(proc, param_index("Reverb mix"), tonumber(reverb) / 100),
    "cannot set the reverb mix")
end

if temps ~= "" then
  local t_index = param_index("Temperature")
  local al, cl = ARDOUR.LuaAPI.plugin_automation(proc, t_index)
  -- Steps, not ramps: each bar holds its value from its downbeat on.
  cl:set_interpolation(Evoral.InterpolationStyle.Discrete)
  local bar = 0
  local frames_per_bar = rate * 60 / bpm * 4
  for t in string.gmatch(temps, "[^,]+") do
    local normalized = tonumber(t) / 2 -- Temperature spans 0..2
    -- Ardour hands VST2 plugins automation once per process cycle, at the cycle's start, so a
    -- point exactly on the bar line reaches the plugin up to one cycle after the downbeat. Each
    -- point sits `lead` frames (default two 1024-frame cycles) before its bar, so the bar's value
    -- is in force at its downbeat, as a user hears it when drawing automation on the bar line.
    local at = math.max(0, bar * frames_per_bar - lead)
    cl:add(Temporal.timepos_t(at), normalized, false, true)
    bar = bar + 1
  end
  proc:to_automatable():automation_control(Evoral.Parameter(ARDOUR.AutomationType.PluginAutomation, 0, t_index), false)
    :set_automation_state(ARDOUR.AutoState.Play)
end

local ex = s:simple_export()
-- float-wav.preset (installed by the stage): float samples, no dither, so bars compare exactly.
assert(ex:set_preset("5e1c0a52-6d2b-4c1e-9a57-d0b0be47a001"), "the float WAV export preset is not installed")
ex:set_folder(out)
ex:set_name(stem)
ex:set_range(0, math.floor(seconds * rate))
assert(ex:run_export(), "export failed")
print("exported")
close_session()
quit()
