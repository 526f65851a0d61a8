package dev.downbeat.dsp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads FLAC files (as many Hydrogen kits ship their samples) with Downbeat's own decoder,
 * {@link FlacDecoder}: the whole file at once, every frame's CRC and the stream's MD5 checked.
 * Any non-audio thread.
 */
public final class FlacFile {
    /** Longest sample accepted, in seconds: a kit sample or room is seconds long, more is a wrong file. */
    public static final int MAX_SECONDS = 120;

    private FlacFile() {
    }

    /** True if {@code file} starts like a FLAC stream ({@code fLaC}, possibly after an ID3v2 tag). */
    public static boolean looksLikeFlac(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(10);
            if (head.length >= 4 && head[0] == 'f' && head[1] == 'L' && head[2] == 'a' && head[3] == 'C') {
                return true;
            }
            return head.length == 10 && head[0] == 'I' && head[1] == 'D' && head[2] == '3'
                    && file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".flac");
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a mono or stereo FLAC file as floats in -1..1 (full scale of its bit depth). */
    public static Sample read(Path file) throws LoadException {
        FlacAudio audio = decode(file);
        if (audio.channels() > 2) {
            throw new LoadException(file, "has " + audio.channels() + " channels; only mono and stereo are supported");
        }
        double scale = 1.0 / (1L << (audio.bitsPerSample() - 1));
        float[] left = toFloats(audio.samples()[0], scale);
        float[] right = audio.channels() == 2 ? toFloats(audio.samples()[1], scale) : null;
        return Sample.adopt(left, right, audio.sampleRate());
    }

    /** Decodes {@code file} to its integer samples, as stored. */
    public static FlacAudio decode(Path file) throws LoadException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new LoadException(file, "file not found");
        } catch (IOException e) {
            throw new LoadException(file, "cannot be read: " + e.getMessage(), e);
        }
        try {
            return FlacDecoder.decode(bytes, MAX_SECONDS);
        } catch (FlacFormatException e) {
            throw new LoadException(file, "FLAC: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // a decoder bug must still name the file and leave the caller's kit alone
            throw new LoadException(file, "FLAC: cannot be decoded: " + e, e);
        }
    }

    private static float[] toFloats(int[] samples, double scale) {
        float[] out = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = (float) (samples[i] * scale);
        }
        return out;
    }
}
