-- Renders Downbeat on a MIDI track of a fresh headless Ardour session at 120 bpm and exports the
-- master bus to WAV: one script for the VST2 and the LV2 build, so the stages render both the same
-- way (20-vst2, 30-lv2, 35-groove, 50-install). Settings come from the environment:
--   DB_SESSION_DIR, DB_OUT_DIR, DB_STEM   where to work and what to call the WAV
--   DB_SECONDS                            how long to render (default 8; 0 only finds the plugin)
--   DB_TYPE                               "LXVST" (the VST2 build, default) or "LV2"
--   DB_NAME                               what Ardour calls the plugin (default "Downbeat")
--   DB_PRESET                             export preset id (default: float-wav.preset, installed by the
--                                         stage from tests/stages/vst2/: float samples, no dither, so
--                                         bars compare exactly)
--   DB_SEED                               Downbeat's "Random seed" (plain value; unset: as it is)
--   DB_TEMPERATURES                       comma-separated plain temperature per bar, automated at each downbeat
--   DB_REVERB, DB_HUMANIZE, DB_DYNAMICS   "Reverb mix", "Humanize", "Dynamics" in percent (unset: as they are)
--   DB_LEAD                               frames each automation point comes before its bar (see below)
-- Prints "found PATH" (where Ardour found the plugin), "params=N" (Downbeat's parameters as Ardour
-- sees them) and "exported" when done.
local dir = os.getenv("DB_SESSION_DIR")
local out = os.getenv("DB_OUT_DIR")
local stem = os.getenv("DB_STEM")
local seconds = tonumber(os.getenv("DB_SECONDS") or "8")
local lv2 = os.getenv("DB_TYPE") == "LV2"
local name = os.getenv("DB_NAME") or "Downbeat"
local preset = os.getenv("DB_PRESET") or "5e1c0a52-6d2b-4c1e-9a57-d0b0be47a001"
local temps = os.getenv("DB_TEMPERATURES") or ""
local lead = tonumber(os.getenv("DB_LEAD") or "2048")
local rate = 48000
local bpm = 120

AudioEngine:set_backend("None (Dummy)", "", "")
local s = create_session(dir, "downbeat", rate)
assert(s, "could not create the session")

local tm = Temporal.TempoMap.write_copy()
tm:set_tempo(Temporal.Tempo(bpm, bpm, 4), Temporal.timepos_t(0))
Temporal.TempoMap.update(tm)

local pi = ARDOUR.LuaAPI.new_plugin_info(name, lv2 and ARDOUR.PluginType.LV2 or ARDOUR.PluginType.LXVST)
assert(not pi:isnil(), "Ardour does not know the " .. (lv2 and "LV2" or "VST2") .. " plugin " .. name
    .. " (not on its search path)")
print("found " .. pi.path)
if seconds <= 0 then -- only find it
  close_session()
  quit()
end
local tl = s:new_midi_track(ARDOUR.ChanCount(ARDOUR.DataType("midi"), 1),
    ARDOUR.ChanCount(ARDOUR.DataType("audio"), 2), true, pi, nil, nil, 1, "drums",
    ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true)
local track = tl:front()
local proc = track:nth_plugin(0)
assert(not proc:isnil(), "the track has no Downbeat")
local plugin = proc:to_insert():plugin(0)

-- Ardour counts VST2 parameters from 0; for LV2 it counts every port, and Downbeat's ports are
-- MIDI in, MIDI out, left, right, then the control inputs (freewheel first), which the Lua API
-- numbers from 0 in port order.
local first_control_port = lv2 and 4 or 0
local ports = plugin:parameter_count()
print("params=" .. (ports - first_control_port))

-- Find a parameter by its name, as a user would in the automation menu.
local function control_index(label)
  for port = first_control_port, ports - 1 do
    if plugin:parameter_label(port) == label then return port - first_control_port end
  end
  error("no parameter named " .. label)
end

-- LV2 control values are plain, in the port's own range; VST2 values are normalized 0..1 in
-- Ardour, over each parameter's plain range (all of these start at 0).
local plain_max = {["Random seed"] = 9999, ["Temperature"] = 2, ["Reverb mix"] = 100, ["Humanize"] = 100,
    ["Dynamics"] = 200}
local function value(label, plain)
  if lv2 then return plain end
  return plain / plain_max[label]
end

-- Sets a parameter from an environment variable, if it is given.
local function set_from(variable, label)
  local given = os.getenv(variable)
  if given and given ~= "" then
    assert(ARDOUR.LuaAPI.set_processor_param(proc, control_index(label), value(label, tonumber(given))),
      "cannot set " .. label)
  end
end
set_from("DB_SEED", "Random seed")
set_from("DB_REVERB", "Reverb mix")
set_from("DB_HUMANIZE", "Humanize")
set_from("DB_DYNAMICS", "Dynamics")

if temps ~= "" then
  local t_index = control_index("Temperature")
  local al, cl = ARDOUR.LuaAPI.plugin_automation(proc, t_index)
  -- Steps, not ramps: each bar holds its value from its downbeat on.
  cl:set_interpolation(Evoral.InterpolationStyle.Discrete)
  local bar = 0
  local frames_per_bar = rate * 60 / bpm * 4
  for t in string.gmatch(temps, "[^,]+") do
    -- Ardour hands VST2 plugins automation once per process cycle, at the cycle's start, so a
    -- point exactly on the bar line reaches the plugin up to one cycle after the downbeat. Each
    -- point sits `lead` frames (default two 1024-frame cycles) before its bar, so the bar's value
    -- is in force at its downbeat, as a user hears it when drawing automation on the bar line.
    -- LV2 gets the same placement, so both builds get the same value at the same frame.
    local at = math.max(0, bar * frames_per_bar - lead)
    cl:add(Temporal.timepos_t(at), value("Temperature", tonumber(t)), false, true)
    bar = bar + 1
  end
  -- Automation controls are keyed by the port index.
  local control = proc:to_automatable():automation_control(
      Evoral.Parameter(ARDOUR.AutomationType.PluginAutomation, 0, t_index + first_control_port), false)
  assert(not control:isnil(), "no automation control for Temperature")
  control:set_automation_state(ARDOUR.AutoState.Play)
end

local ex = s:simple_export()
assert(ex:set_preset(preset), "the export preset " .. preset .. " is not installed")
ex:set_folder(out)
ex:set_name(stem)
ex:set_range(0, math.floor(seconds * rate))
assert(ex:run_export(), "export failed")
print("exported")
close_session()
quit()
