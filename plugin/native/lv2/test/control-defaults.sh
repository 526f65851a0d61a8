#!/bin/sh
# Prints the default of every control input port of Downbeat, in port order, as lilv reads the
# bundle (LV2_PATH must include it): the arguments lv2_strict_host takes after the bundle folder.
lv2info https://downbeat.dev/plugins/downbeat | awk '
  /^\tPort [0-9]+:/ { if (control) print value; control = 0; value = "nan" }
  /ControlPort/     { control = 1 }
  /^\t\tDefault:/   { value = $2 }
  END               { if (control) print value }'
