package dev.downbeat.app;

import dev.downbeat.model.DrumEncoding;
import dev.downbeat.model.DrumPattern;

/**
 * A pattern drawn as text, one row per drum and one column per 16th, the way the seed app shows
 * it: {@code o} a seed hit, {@code x} a generated hit, {@code .} a rest, {@code |} every bar.
 */
final class PatternGrid {
    private PatternGrid() {
    }

    static String render(DrumPattern pattern) {
        StringBuilder out = new StringBuilder();
        for (int drum = DrumEncoding.CLASS_COUNT - 1; drum >= 0; drum--) {
            out.append(String.format("%-14s", DrumEncoding.CLASS_NAMES.get(drum)));
            for (int step = 0; step < pattern.length(); step++) {
                if (step > 0 && step % DrumEncoding.STEPS_PER_BAR == 0) {
                    out.append('|');
                }
                boolean hit = DrumEncoding.hits(pattern.event(step), drum);
                out.append(hit ? (step < pattern.seedLength() ? 'o' : 'x') : '.');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
