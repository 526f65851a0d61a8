package dev.downbeat.app;

import dev.downbeat.dsp.DrumHit;
import dev.downbeat.dsp.ImpulseResponse;
import dev.downbeat.dsp.Kit;
import dev.downbeat.dsp.OfflineRenderer;
import dev.downbeat.dsp.StereoBuffer;
import dev.downbeat.dsp.WavFile;
import dev.downbeat.model.AtomicFile;
import dev.downbeat.model.DrumEncoding;
import dev.downbeat.model.DrumPattern;
import dev.downbeat.model.PatternMidi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code generate --wav}: plays a pattern through the bundled kit and room offline and saves
 * it as a 24-bit stereo WAV, the same sound the plugin makes with its default settings.
 * Main thread.
 */
final class WavRendering {
    /** Velocity of every hit, as in the MIDI file (100 of 127). */
    static final float VELOCITY = PatternMidi.DEFAULT_VELOCITY / 127f;

    private WavRendering() {
    }

    /** The hits of a pattern at {@code tempo}: a step is a 16th, placed on the nearest frame. */
    static List<DrumHit> hits(DrumPattern pattern, double tempo, double sampleRate) {
        double framesPerStep = sampleRate * 60.0 / tempo / DrumEncoding.STEPS_PER_QUARTER;
        List<DrumHit> hits = new ArrayList<>();
        for (int step = 0; step < pattern.length(); step++) {
            long frame = Math.round(step * framesPerStep);
            for (int drum : DrumEncoding.classesOf(pattern.event(step))) {
                hits.add(new DrumHit(drum, VELOCITY, frame));
            }
        }
        return hits;
    }

    /** Renders and writes {@code file} through a temporary file beside it (never half-written). */
    static void write(DrumPattern pattern, double tempo, double sampleRate, Path file) throws IOException {
        StereoBuffer audio = OfflineRenderer.render(hits(pattern, tempo, sampleRate), sampleRate, Kit.bundled(),
                ImpulseResponse.defaultRoom());
        AtomicFile.write(file, temporary -> WavFile.write(temporary, audio, WavFile.Encoding.PCM_24));
    }
}
