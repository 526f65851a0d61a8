package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.Param;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the LV2 bundle's {@code manifest.ttl} and {@code downbeat.ttl} from the one parameter
 * declaration ({@link Param}) at build time, so ports, ranges, defaults and units can never drift from
 * what the instrument actually does. Run by the Maven build: {@code TurtleGenerator <bundle folder>}.
 */
public final class TurtleGenerator {
    /** The plugin binary inside the bundle. */
    public static final String BINARY = "downbeat.so";
    public static final String PLUGIN_TTL = "downbeat.ttl";
    /** The UI binary inside the bundle (lv2_ui_bridge.c). */
    public static final String UI_BINARY = "downbeat_ui.so";
    static final String INSTANCE_ACCESS = "http://lv2plug.in/ns/ext/instance-access";

    private static final String PREFIXES = """
            @prefix atom:  <http://lv2plug.in/ns/ext/atom#> .
            @prefix bufsz: <http://lv2plug.in/ns/ext/buf-size#> .
            @prefix doap:  <http://usefulinc.com/ns/doap#> .
            @prefix foaf:  <http://xmlns.com/foaf/0.1/> .
            @prefix lv2:   <http://lv2plug.in/ns/lv2core#> .
            @prefix midi:  <http://lv2plug.in/ns/ext/midi#> .
            @prefix opts:  <http://lv2plug.in/ns/ext/options#> .
            @prefix pprops: <http://lv2plug.in/ns/ext/port-props#> .
            @prefix rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
            @prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix rsz:   <http://lv2plug.in/ns/ext/resize-port#> .
            @prefix state: <http://lv2plug.in/ns/ext/state#> .
            @prefix time:  <http://lv2plug.in/ns/ext/time#> .
            @prefix ui:    <http://lv2plug.in/ns/extensions/ui#> .
            @prefix units: <http://lv2plug.in/ns/extensions/units#> .
            @prefix urid:  <http://lv2plug.in/ns/ext/urid#> .
            """;

    private TurtleGenerator() {
    }

    /** The fixed ports' symbols, in port order; the parameters' ids follow. */
    static final String[] FIXED_SYMBOLS = {"events_in", "midi_out", "out_l", "out_r", "freewheel"};

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--symbols")) {
            // What a host must see, straight from the declaration (tests/stages/30-lv2.sh compares lv2info).
            for (String s : FIXED_SYMBOLS) System.out.println(s);
            for (Param p : Param.all()) System.out.println(p.id);
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: TurtleGenerator <bundle folder> | --symbols");
            System.exit(2);
        }
        Path bundle = Path.of(args[0]);
        Files.createDirectories(bundle);
        Files.writeString(bundle.resolve("manifest.ttl"), manifest(), StandardCharsets.UTF_8);
        Files.writeString(bundle.resolve(PLUGIN_TTL), plugin(), StandardCharsets.UTF_8);
    }

    /** The bundle's manifest: what lv2ls reads without opening the plugin description. */
    static String manifest() {
        return PREFIXES + "\n<" + Lv2Plugin.URI + ">\n"
                + "    a lv2:Plugin, lv2:InstrumentPlugin ;\n"
                + "    lv2:binary <" + BINARY + "> ;\n"
                + "    rdfs:seeAlso <" + PLUGIN_TTL + "> .\n"
                + "\n<" + Lv2Ui.URI + ">\n"
                + "    a ui:X11UI ;\n"
                + "    ui:binary <" + UI_BINARY + "> ;\n"
                + "    rdfs:seeAlso <" + PLUGIN_TTL + "> .\n";
    }

    /** The plugin description: features, extension data and every port. */
    static String plugin() {
        StringBuilder t = new StringBuilder(PREFIXES);
        t.append("\n<").append(Lv2Plugin.URI).append(">\n")
         .append("    a lv2:Plugin, lv2:InstrumentPlugin ;\n")
         .append("    doap:name \"Downbeat\" ;\n")
         // Version 0.1.0: LV2 reads an odd minor version as a development release.
         .append("    lv2:minorVersion 1 ;\n")
         .append("    lv2:microVersion 0 ;\n")
         .append("    doap:license <https://opensource.org/licenses/MIT> ;\n")
         .append("    doap:maintainer [ foaf:name \"Downbeat\" ] ;\n")
         .append("    rdfs:comment \"A neural drum machine: an LSTM (DrumRNN) keeps writing drum bars ahead of the playhead, "
                 + "plays them through a synthesized 9-piece kit with a convolution room and sends them out as MIDI.\" ;\n")
         .append("    lv2:requiredFeature urid:map, opts:options, bufsz:boundedBlockLength ;\n")
         .append("    lv2:optionalFeature lv2:hardRTCapable, state:mapPath, state:freePath ;\n")
         .append("    opts:requiredOption bufsz:maxBlockLength ;\n")
         .append("    opts:supportedOption bufsz:sequenceSize ;\n")
         .append("    lv2:extensionData state:interface ;\n")
         .append("    ui:ui <").append(Lv2Ui.URI).append("> ;\n")
         .append("    lv2:port ");
        fixedPorts(t);
        for (Param p : Param.all()) {
            t.append(" , ");
            controlPort(t, p);
        }
        t.append(" .\n");
        ui(t);
        return t.toString();
    }

    /**
     * The editor as an X11 UI. It works on the running instance (instance-access: same process, the
     * instrument's own objects), embeds in the host's window (ui:parent) and sends its edits from
     * the host's idle calls on the UI thread (ui:idleInterface); it tells the host its size
     * (ui:resize) and its gestures (ui:touch) where the host takes them. The embedded editor keeps
     * its size (DownbeatEditor), so hosts are asked not to let the user resize it (ui:noUserResize).
     */
    private static void ui(StringBuilder t) {
        t.append("\n<").append(Lv2Ui.URI).append(">\n")
         .append("    a ui:X11UI ;\n")
         .append("    ui:binary <").append(UI_BINARY).append("> ;\n")
         .append("    lv2:requiredFeature <").append(INSTANCE_ACCESS).append(">, ui:parent, ui:idleInterface ;\n")
         .append("    lv2:optionalFeature ui:resize, ui:touch, ui:noUserResize ;\n")
         .append("    lv2:extensionData ui:idleInterface .\n");
    }

    private static void fixedPorts(StringBuilder t) {
        t.append("[\n")
         .append("        a lv2:InputPort, atom:AtomPort ;\n")
         .append("        atom:bufferType atom:Sequence ;\n")
         .append("        atom:supports midi:MidiEvent, time:Position ;\n")
         .append("        lv2:designation lv2:control ;\n")
         .append("        lv2:index ").append(Lv2Ports.EVENTS_IN).append(" ;\n")
         .append("        lv2:symbol \"events_in\" ;\n")
         .append("        lv2:name \"MIDI in\" ;\n")
         .append("        rdfs:comment \"Notes play the kit live or are captured as a seed; the host's transport arrives here as time:Position.\"\n")
         .append("    ] , [\n")
         .append("        a lv2:OutputPort, atom:AtomPort ;\n")
         .append("        atom:bufferType atom:Sequence ;\n")
         .append("        atom:supports midi:MidiEvent ;\n")
         .append("        lv2:index ").append(Lv2Ports.MIDI_OUT).append(" ;\n")
         .append("        lv2:symbol \"midi_out\" ;\n")
         .append("        lv2:name \"MIDI out\" ;\n")
         .append("        rsz:minimumSize 65536 ;\n")
         .append("        rdfs:comment \"Every generated drum note, on the configured note map.\"\n")
         .append("    ] , [\n")
         .append("        a lv2:OutputPort, lv2:AudioPort ;\n")
         .append("        lv2:index ").append(Lv2Ports.OUT_LEFT).append(" ;\n")
         .append("        lv2:symbol \"out_l\" ;\n")
         .append("        lv2:name \"Left\"\n")
         .append("    ] , [\n")
         .append("        a lv2:OutputPort, lv2:AudioPort ;\n")
         .append("        lv2:index ").append(Lv2Ports.OUT_RIGHT).append(" ;\n")
         .append("        lv2:symbol \"out_r\" ;\n")
         .append("        lv2:name \"Right\"\n")
         .append("    ] , [\n")
         .append("        a lv2:InputPort, lv2:ControlPort ;\n")
         .append("        lv2:index ").append(Lv2Ports.FIRST_CONTROL + Lv2Ports.FREEWHEEL_CONTROL).append(" ;\n")
         .append("        lv2:symbol \"freewheel\" ;\n")
         .append("        lv2:name \"Freewheel\" ;\n")
         .append("        lv2:designation lv2:freeWheeling ;\n")
         .append("        lv2:portProperty lv2:toggled, pprops:notOnGUI ;\n")
         .append("        lv2:default 0 ; lv2:minimum 0 ; lv2:maximum 1 ;\n")
         .append("        rdfs:comment \"Set by the host while it renders faster than real time; Downbeat then generates inline.\"\n")
         .append("    ]");
    }

    private static void controlPort(StringBuilder t, Param p) {
        t.append("[\n")
         .append("        a lv2:InputPort, lv2:ControlPort ;\n")
         .append("        lv2:index ").append(Lv2Ports.portOf(p)).append(" ;\n")
         .append("        lv2:symbol \"").append(p.id).append("\" ;\n")
         .append("        lv2:name \"").append(escape(p.name)).append("\" ;\n")
         .append("        lv2:default ").append(number(p, p.defaultValue)).append(" ;\n")
         .append("        lv2:minimum ").append(number(p, p.range.min())).append(" ;\n")
         .append("        lv2:maximum ").append(number(p, p.range.max()));
        StringBuilder properties = new StringBuilder();
        switch (p.kind) {
            case BOOL -> properties.append("lv2:toggled");
            case INT -> properties.append("lv2:integer");
            case ENUM -> properties.append("lv2:integer, lv2:enumeration");
            case FLOAT -> { }
        }
        if (!p.automatable) properties.append(properties.length() > 0 ? ", " : "").append("pprops:notAutomatic");
        if (properties.length() > 0) t.append(" ;\n        lv2:portProperty ").append(properties);
        String unit = unit(p.unit);
        if (unit != null) t.append(" ;\n        units:unit ").append(unit);
        scalePoints(t, p);
        t.append("\n    ]");
    }

    /** Named values: every choice of an enumeration, and special values like "Never" for 0 bars. */
    private static void scalePoints(StringBuilder t, Param p) {
        if (p.kind == Param.Kind.BOOL || p.kind == Param.Kind.FLOAT) return;
        boolean first = true;
        int steps = p.range.stepCount();
        for (int i = 0; i < steps; i++) {
            float value = p.range.min() + i * p.range.step();
            String label = p.display(value);
            // Plain numbers need no label; only names (enumeration choices, "Never") do.
            if (p.kind != Param.Kind.ENUM && label.equals(Integer.toString(Math.round(value)))) continue;
            t.append(first ? " ;\n        lv2:scalePoint " : " , ");
            first = false;
            t.append("[ rdfs:label \"").append(escape(label)).append("\" ; rdf:value ").append(number(p, value)).append(" ]");
        }
    }

    private static String unit(String unit) {
        return switch (unit) {
            case "" -> null;
            case "dB" -> "units:db";
            case "%" -> "units:pc";
            case "bars" -> "units:bar";
            case "Hz" -> "units:hz";
            case "ms" -> "units:ms";
            case "s" -> "units:s";
            default -> "[ a units:Unit ; rdfs:label \"" + escape(unit) + "\" ; units:symbol \"" + escape(unit)
                    + "\" ; units:render \"%d " + escape(unit) + "\" ]";
        };
    }

    private static String number(Param p, float value) {
        if (p.kind != Param.Kind.FLOAT) return Integer.toString(Math.round(value));
        String s = String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
