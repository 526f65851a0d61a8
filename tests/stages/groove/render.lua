-- Renders Downbeat (LV2) with Humanize and Dynamics set, for stage 35-groove (otherwise as tests/stages/lv2/render.lua):
-- the master bus to WAV: the LV2 twin of tests/stages/vst2/render.lua, with the same settings from
-- the environment, so the two builds can be compared render for render:
--   DB_SESSION_DIR, DB_OUT_DIR, DB_STEM   where to work and what to call the WAV
--   DB_SECONDS                            how long to render
--   DB_SEED                               Downbeat's "Random seed" parameter (plain value)
--   DB_TEMPERATURES                       comma-separated plain temperature per bar, automated at each downbeat
--   DB_LEAD                               frames each automation point comes before its bar (as for VST2)
--   DB_HUMANIZE, DB_DYNAMICS              Downbeat's Humanize and Dynamics (plain %, defaults 0 and 100)
-- Prints "params=N" (Downbeat's control inputs as Ardour sees them) and "exported" when done.
local dir = os.getenv("DB_SESSION_DIR")
local out = os.getenv("DB_OUT_DIR")
local stem = os.getenv("DB_STEM")
local seconds = tonumber(os.getenv("DB_SECONDS") or "8")
local seed = tonumber(os.getenv("DB_SEED") or "0")
local temps = os.getenv("DB_TEMPERATURES") or ""
local lead = tonumber(os.getenv("DB_LEAD") or "2048")
local humanize = tonumber(os.getenv("DB_HUMANIZE") or "0")
local dynamics = tonumber(os.getenv("DB_DYNAMICS") or "100")
local rate = 48000
local bpm = 120
-- Downbeat's LV2 ports: MIDI in, MIDI out, left, right, then the control inputs (freewheel first).
local first_control_port = 4

AudioEngine:set_backend("None (Dummy)", "", "")
local s = create_session(dir, "downbeat", rate)
assert(s, "could not create the session")

local tm = Temporal.TempoMap.write_copy()
tm:set_tempo(Temporal.Tempo(bpm, bpm, 4), Temporal.timepos_t(0))
Temporal.TempoMap.update(tm)

local pi = ARDOUR.LuaAPI.new_plugin_info("Downbeat", ARDOUR.PluginType.LV2)
assert(not pi:isnil(), "Ardour does not know the LV2 plugin Downbeat")
local tl = s:new_midi_track(ARDOUR.ChanCount(ARDOUR.DataType("midi"), 1),
    ARDOUR.ChanCount(ARDOUR.DataType("audio"), 2), true, pi, nil, nil, 1, "drums",
    ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true)
local track = tl:front()
local proc = track:nth_plugin(0)
assert(not proc:isnil(), "the track has no Downbeat")
local plugin = proc:to_insert():plugin(0)
local ports = plugin:parameter_count() -- LV2: every port
print("params=" .. (ports - first_control_port))

-- Find a control by its name, as a user would in the automation menu. LV2 parameter labels are
-- per port; the Lua API numbers controls from 0 in port order.
local function control_index(name)
  for port = first_control_port, ports - 1 do
    if plugin:parameter_label(port) == name then return port - first_control_port end
  end
  error("no parameter named " .. name)
end

-- LV2 control values are plain, in the port's own range.
assert(ARDOUR.LuaAPI.set_processor_param(proc, control_index("Random seed"), seed), "cannot set the random seed")
assert(ARDOUR.LuaAPI.set_processor_param(proc, control_index("Humanize"), humanize), "cannot set Humanize")
assert(ARDOUR.LuaAPI.set_processor_param(proc, control_index("Dynamics"), dynamics), "cannot set Dynamics")

if temps ~= "" then
  local t_index = control_index("Temperature")
  local al, cl = ARDOUR.LuaAPI.plugin_automation(proc, t_index)
  cl:set_interpolation(Evoral.InterpolationStyle.Discrete)
  local bar = 0
  local frames_per_bar = rate * 60 / bpm * 4
  for t in string.gmatch(temps, "[^,]+") do
    -- Same placement as the VST2 script, so both builds get the same value at the same frame.
    local at = math.max(0, bar * frames_per_bar - lead)
    cl:add(Temporal.timepos_t(at), tonumber(t), false, true)
    bar = bar + 1
  end
  -- Automation controls are keyed by the LV2 port index.
  local control = proc:to_automatable():automation_control(
      Evoral.Parameter(ARDOUR.AutomationType.PluginAutomation, 0, t_index + first_control_port), false)
  assert(not control:isnil(), "no automation control for Temperature")
  control:set_automation_state(ARDOUR.AutoState.Play)
end

local ex = s:simple_export()
-- float-wav.preset (installed by the stage from tests/stages/vst2/): float samples, no dither.
assert(ex:set_preset("5e1c0a52-6d2b-4c1e-9a57-d0b0be47a001"), "the float WAV export preset is not installed")
ex:set_folder(out)
ex:set_name(stem)
ex:set_range(0, math.floor(seconds * rate))
assert(ex:run_export(), "export failed")
print("exported")
close_session()
quit()
