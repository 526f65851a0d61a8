package dev.downbeat.plugin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamTest {
    @Test
    void idsAreUniqueStableAndTheIndexIsTheDeclarationOrder() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < Param.count(); i++) {
            Param p = Param.at(i);
            assertThat(p.index).isEqualTo(i);
            assertThat(ids.add(p.id)).as("duplicate id %s", p.id).isTrue();
            assertThat(p.id).matches("[a-z][a-z0-9_]*");
            assertThat(Param.byId(p.id)).isSameAs(p);
        }
        // Saved projects depend on these: never rename.
        assertThat(Param.at(0).id).isEqualTo("temperature");
        assertThat(Param.byId("kick_level")).isNotNull();
        assertThat(Param.byId("rim_mute")).isNotNull();
        assertThat(Param.count()).isEqualTo(11 + 27 + 2);
        // Humanize and Dynamics came later: appended, so every earlier host index stays where it was.
        assertThat(Param.byId("rim_mute").index).isEqualTo(37);
        assertThat(Param.HUMANIZE.index).isEqualTo(38);
        assertThat(Param.DYNAMICS.index).isEqualTo(39);
    }

    @Test
    void theDefaultsAreTheSeedAppsValues() {
        assertThat(Param.TEMPERATURE.defaultValue).isEqualTo(1.0f);
        assertThat(Param.TEMPERATURE.range.min()).isZero();
        assertThat(Param.TEMPERATURE.range.max()).isEqualTo(2f);
        assertThat(Param.REVERB_MIX.defaultValue).isEqualTo(30f);
        assertThat(Param.SEED_LENGTH.defaultValue).isEqualTo(10f);
        float[] pans = {0f, 0f, -0.5f, -0.5f, -0.4f, 0f, 0.4f, 0.5f, 0.5f};
        for (int v = 0; v < 9; v++) assertThat(Param.voicePan(v).defaultValue).isEqualTo(pans[v]);
    }

    @Test
    void normalizedAndPlainRoundTripAndSteppedValuesSnap() {
        for (Param p : Param.all()) {
            for (float n = 0; n <= 1.0001f; n += 0.05f) {
                float plain = p.range.plain(n);
                assertThat(plain).isBetween(p.range.min(), p.range.max());
                if (p.range.step() == 0) assertThat(p.range.normalize(plain)).isCloseTo(Math.min(1, n), org.assertj.core.data.Offset.offset(1e-5f));
                else assertThat(plain % p.range.step()).isZero();
            }
            assertThat(p.range.plain(Float.NaN)).isEqualTo(p.range.min());
            assertThat(p.range.plain(7f)).isEqualTo(p.range.max());
        }
        assertThat(Param.LOOP_BARS.range.plain(0.5f)).isEqualTo(9f); // 1..16: halfway rounds to 9 (8.5 up)
    }

    @Test
    void displayTextReadsLikeTheControl() {
        assertThat(Param.TEMPERATURE.display(1f)).isEqualTo("1.00");
        assertThat(Param.MODE.display(Param.MODE_LOOP)).isEqualTo("Loop");
        assertThat(Param.LOCK.display(1)).isEqualTo("On");
        assertThat(Param.REGENERATE_BARS.display(0)).isEqualTo("Never");
        assertThat(Param.voicePan(2).display(-0.5f)).isEqualTo("L50");
        assertThat(Param.voicePan(0).display(0f)).isEqualTo("C");
        assertThat(Param.MASTER_LEVEL.display(-60f)).isEqualTo("-inf");
        assertThat(Param.MASTER_LEVEL.display(-6f)).isEqualTo("-6.0");
        assertThat(Param.REVERB_MIX.display(30f)).isEqualTo("30");
    }

    @Test
    void parameterValuesCrossThreadsAsPlainValuesClampedToTheirRange() {
        ParamValues values = new ParamValues();
        values.setNormalized(Param.TEMPERATURE, 0.75f);
        assertThat(values.get(Param.TEMPERATURE)).isEqualTo(1.5f);
        values.set(Param.LOOP_BARS, 99);
        assertThat(values.getInt(Param.LOOP_BARS)).isEqualTo(16);
        float[] plain = new float[Param.count()];
        values.readInto(plain);
        assertThat(plain[Param.TEMPERATURE.index]).isEqualTo(1.5f);
    }
}
