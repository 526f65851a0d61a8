package dev.downbeat.plugin.lv2;

import dev.downbeat.plugin.core.Param;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TurtleGeneratorTest {
    private final String ttl = TurtleGenerator.plugin();

    /** The Turtle block of the port with this symbol. */
    private String port(String symbol) {
        int at = ttl.indexOf("lv2:symbol \"" + symbol + "\"");
        assertThat(at).as("port %s", symbol).isPositive();
        int start = ttl.lastIndexOf('[', ttl.lastIndexOf("lv2:index", at));
        int end = ttl.indexOf("\n    ]", at);
        return ttl.substring(start, end);
    }

    @Test
    void everyParameterIsAControlPortInDeclarationOrder() {
        for (Param p : Param.all()) {
            String port = port(p.id);
            assertThat(port).contains("lv2:InputPort, lv2:ControlPort")
                    .contains("lv2:index " + (Lv2Ports.FIRST_CONTROL + 1 + p.index) + " ;")
                    .contains("lv2:name \"" + p.name + "\"");
        }
        assertThat(ttl.split("lv2:ControlPort", -1)).hasSize(Param.count() + 1 + 1); // + freewheel
    }

    @Test
    void rangesDefaultsAndUnitsComeFromTheDeclaration() {
        assertThat(port("temperature")).contains("lv2:default 1.0 ;").contains("lv2:minimum 0.0 ;").contains("lv2:maximum 2.0");
        assertThat(port("master_level")).contains("lv2:minimum -60.0").contains("lv2:maximum 6.0").contains("units:unit units:db");
        assertThat(port("reverb_mix")).contains("lv2:default 30.0").contains("units:unit units:pc");
        assertThat(port("closed_hat_pan")).contains("lv2:default -0.5");
        assertThat(port("loop_bars")).contains("lv2:portProperty lv2:integer").contains("units:unit units:bar")
                .doesNotContain("scalePoint");
    }

    @Test
    void switchesAreToggledAndChoicesAreEnumerationsWithNamedPoints() {
        assertThat(port("lock")).contains("lv2:toggled");
        assertThat(port("kick_mute")).contains("lv2:toggled");
        assertThat(port("mode")).contains("lv2:integer, lv2:enumeration")
                .contains("[ rdfs:label \"Continue\" ; rdf:value 0 ]")
                .contains("[ rdfs:label \"Loop\" ; rdf:value 1 ]");
        assertThat(port("regenerate_bars")).contains("[ rdfs:label \"Never\" ; rdf:value 0 ]");
    }

    @Test
    void parametersHostsShouldNotAutomateSayTheySo() {
        for (Param p : Param.all()) {
            assertThat(port(p.id).contains("pprops:notAutomatic")).as(p.id).isEqualTo(!p.automatable);
        }
    }

    @Test
    void declaresTheInstrumentItsFeaturesAndTheFixedPorts() {
        assertThat(ttl).contains("a lv2:Plugin, lv2:InstrumentPlugin")
                .contains("lv2:requiredFeature urid:map, opts:options, bufsz:boundedBlockLength")
                .contains("lv2:extensionData state:interface")
                .contains("opts:requiredOption bufsz:maxBlockLength");
        assertThat(port("events_in")).contains("atom:supports midi:MidiEvent, time:Position").contains("lv2:index 0 ;");
        assertThat(port("midi_out")).contains("lv2:OutputPort, atom:AtomPort").contains("lv2:index 1 ;");
        assertThat(port("out_l")).contains("lv2:AudioPort").contains("lv2:index 2 ;");
        assertThat(port("out_r")).contains("lv2:AudioPort").contains("lv2:index 3 ;");
        assertThat(port("freewheel")).contains("lv2:designation lv2:freeWheeling").contains("lv2:index 4 ;");
        assertThat(TurtleGenerator.manifest()).contains("<" + Lv2Plugin.URI + ">").contains("lv2:binary <downbeat.so>");
    }

    @Test
    void theCBridgeAgreesOnTheUriAndThePortLayout() throws IOException {
        String c = Files.readString(Path.of("native/lv2/lv2_bridge.c"));
        assertThat(define(c, "DOWNBEAT_LV2_URI")).isEqualTo("\"" + Lv2Plugin.URI + "\"");
        assertThat(define(c, "DOWNBEAT_PORT_EVENTS_IN")).isEqualTo(String.valueOf(Lv2Ports.EVENTS_IN));
        assertThat(define(c, "DOWNBEAT_PORT_MIDI_OUT")).isEqualTo(String.valueOf(Lv2Ports.MIDI_OUT));
        assertThat(define(c, "DOWNBEAT_PORT_OUT_LEFT")).isEqualTo(String.valueOf(Lv2Ports.OUT_LEFT));
        assertThat(define(c, "DOWNBEAT_PORT_OUT_RIGHT")).isEqualTo(String.valueOf(Lv2Ports.OUT_RIGHT));
        assertThat(define(c, "DOWNBEAT_PORT_FIRST_CONTROL")).isEqualTo(String.valueOf(Lv2Ports.FIRST_CONTROL));
    }

    private static String define(String c, String name) {
        Matcher m = Pattern.compile("#define " + name + " (\\S+)").matcher(c);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }
}
