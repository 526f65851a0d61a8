package dev.downbeat.dsp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads and writes WAV files through {@code javax.sound.sampled}: 8/16/24/32-bit PCM and 32/64-bit
 * float in, 16/24/32-bit PCM and 32-bit float out. Reading refuses anything a kit or a room
 * cannot use, with the file and the problem in the message. Any non-audio thread.
 */
public final class WavFile {
    /** Largest absolute sample accepted (+24 dBFS): more means a broken or mis-scaled file. */
    public static final float MAX_ABS_SAMPLE = 16f;

    /** Sample formats {@link #write} can produce. */
    public enum Encoding {
        PCM_16(16), PCM_24(24), PCM_32(32), FLOAT_32(32);

        final int bits;

        Encoding(int bits) {
            this.bits = bits;
        }
    }

    private WavFile() {
    }

    /** Reads a mono or stereo WAV (or AIFF, as some kits ship) file. */
    public static Sample read(Path file) throws LoadException {
        checkRiffHeader(file);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat format = in.getFormat();
            int channels = format.getChannels();
            if (channels <= 0) {
                throw new LoadException(file, "WAV header declares " + channels + " channels");
            }
            if (channels > 2) {
                throw new LoadException(file, "has " + channels + " channels; only mono and stereo are supported");
            }
            if (!(format.getSampleRate() > 0)) {
                throw new LoadException(file, "WAV header declares a sample rate of " + format.getSampleRate());
            }
            int bytesPerSample = decoderWidth(file, format);
            int frameSize = bytesPerSample * channels;
            byte[] bytes = in.readAllBytes();
            long frames = bytes.length / frameSize;
            long declared = in.getFrameLength();
            if (declared != AudioSystem.NOT_SPECIFIED && frames < declared) {
                throw new LoadException(file, "is truncated: the header promises " + declared + " frames, the file holds " + frames);
            }
            if (frames == 0) {
                throw new LoadException(file, "holds no audio (zero frames)");
            }
            float[][] data = new float[channels][(int) frames];
            decode(file, bytes, format, bytesPerSample, data);
            return Sample.adopt(data[0], channels == 2 ? data[1] : null, format.getSampleRate());
        } catch (UnsupportedAudioFileException e) {
            throw new LoadException(file, "not a WAV file Java can decode (" + e.getMessage() + ")", e);
        } catch (LoadException e) {
            throw e;
        } catch (IOException e) {
            throw new LoadException(file, "cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new LoadException(file, "malformed WAV file: " + e, e);
        }
    }

    private static void checkRiffHeader(Path file) throws LoadException {
        byte[] head = new byte[12];
        int got;
        try (InputStream in = Files.newInputStream(file)) {
            got = in.readNBytes(head, 0, 12);
        } catch (NoSuchFileException e) {
            throw new LoadException(file, "file not found");
        } catch (IOException e) {
            throw new LoadException(file, "cannot be read: " + e.getMessage(), e);
        }
        boolean wav = got == 12 && ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE");
        boolean aiff = got == 12 && ascii(head, 0, "FORM") && (ascii(head, 8, "AIFF") || ascii(head, 8, "AIFC"));
        if (got == 12 && ascii(head, 0, "fLaC")) {
            // Callers that take both (KitLoader, ImpulseResponse) sniff first; this reader is WAV/AIFF only.
            throw new LoadException(file, "is FLAC, not WAV/AIFF (read it with FlacFile)");
        }
        if (!wav && !aiff) {
            throw new LoadException(file, got == 0 ? "is empty (0 bytes), not a WAV file" : "not a WAV file (no RIFF/WAVE header)");
        }
    }

    private static boolean ascii(byte[] bytes, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (bytes[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int decoderWidth(Path file, AudioFormat format) throws LoadException {
        AudioFormat.Encoding encoding = format.getEncoding();
        int bits = format.getSampleSizeInBits();
        boolean pcm = encoding.equals(AudioFormat.Encoding.PCM_SIGNED) || encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED);
        boolean floating = encoding.equals(AudioFormat.Encoding.PCM_FLOAT);
        if ((pcm && (bits == 8 || bits == 16 || bits == 24 || bits == 32)) || (floating && (bits == 32 || bits == 64))) {
            if (format.getFrameSize() != bits / 8 * format.getChannels()) {
                throw new LoadException(file, "unexpected frame size " + format.getFrameSize() + " for " + bits + "-bit " + format.getChannels() + "-channel audio");
            }
            return bits / 8;
        }
        throw new LoadException(file, "unsupported sample format " + encoding + " " + bits + "-bit (use 8/16/24/32-bit PCM or 32/64-bit float)");
    }

    private static void decode(Path file, byte[] bytes, AudioFormat format, int width, float[][] out) throws LoadException {
        boolean big = format.isBigEndian();
        boolean floating = format.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT);
        boolean unsigned = format.getEncoding().equals(AudioFormat.Encoding.PCM_UNSIGNED);
        int channels = out.length;
        int frames = out[0].length;
        int at = 0;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                long raw = 0;
                for (int b = 0; b < width; b++) {
                    int value = bytes[at + (big ? b : width - 1 - b)] & 0xff;
                    raw = (raw << 8) | value;
                }
                at += width;
                float x;
                if (floating) {
                    x = width == 4 ? Float.intBitsToFloat((int) raw) : (float) Double.longBitsToDouble(raw);
                } else if (width == 1 && unsigned) {
                    x = (raw - 128) / 128f;
                } else {
                    int shift = 64 - 8 * width;
                    long signed = (raw << shift) >> shift;
                    x = (float) (signed / Math.pow(2, 8 * width - 1));
                }
                if (!Float.isFinite(x) || Math.abs(x) > MAX_ABS_SAMPLE) {
                    throw new LoadException(file, "sample " + f + " of channel " + c + " is " + x + " (NaN, infinite or beyond ±" + MAX_ABS_SAMPLE + ")");
                }
                out[c][f] = x;
            }
        }
    }

    /** Writes {@code audio} as a stereo WAV file in {@code encoding}; PCM is clipped to ±1. */
    public static void write(Path file, StereoBuffer audio, Encoding encoding) throws IOException {
        int width = encoding.bits / 8;
        boolean floating = encoding == Encoding.FLOAT_32;
        float rate = (float) audio.sampleRate();
        AudioFormat format = floating
                ? new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, rate, 32, 2, 8, rate, false)
                : new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, encoding.bits, 2, 2 * width, rate, false);
        int frames = audio.frames();
        byte[] bytes = new byte[frames * 2 * width];
        int at = 0;
        double full = Math.pow(2, encoding.bits - 1);
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < 2; c++) {
                float x = c == 0 ? audio.left()[f] : audio.right()[f];
                long raw;
                if (floating) {
                    raw = Float.floatToRawIntBits(x);
                } else {
                    double clipped = Math.max(-1.0, Math.min(1.0, x));
                    raw = Math.max((long) -full, Math.min((long) full - 1, Math.round(clipped * full)));
                }
                for (int b = 0; b < width; b++) {
                    bytes[at++] = (byte) (raw >> (8 * b));
                }
            }
        }
        try (AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(bytes), format, frames)) {
            AudioSystem.write(stream, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
