package dev.downbeat.dsp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A room for the reverb: a mono or stereo impulse response, normalized so that the wet signal
 * has about the loudness of the dry one (each channel's energy Σh² averages to 1) and trimmed
 * of trailing silence. Immutable; any thread.
 */
public final class ImpulseResponse {
    /** Longest impulse response {@link #load(Path)} accepts. */
    public static final double DEFAULT_MAX_SECONDS = 20.0;
    /** Samples quieter than this fraction of the peak at the end are dropped. */
    private static final double TRIM_BELOW = 1e-6;

    private final String name;
    private final Sample sample;

    private ImpulseResponse(String name, Sample sample) {
        this.name = name;
        this.sample = sample;
    }

    /** The synthesized small drum room ({@link RoomSynthesizer}), built once. Any thread. */
    public static ImpulseResponse defaultRoom() {
        return DefaultRoom.ROOM;
    }

    private static final class DefaultRoom {
        static final ImpulseResponse ROOM = of("small drum room", new RoomSynthesizer(RoomSynthesizer.NATIVE_RATE).render());
    }

    /** Loads a WAV or FLAC impulse response of at most {@value #DEFAULT_MAX_SECONDS} s. Non-audio thread. */
    public static ImpulseResponse load(Path file) throws LoadException {
        return load(file, DEFAULT_MAX_SECONDS);
    }

    /**
     * Loads a mono or stereo WAV (or AIFF) or FLAC impulse response of at most {@code maxSeconds}
     * (FLAC: at most {@value FlacFile#MAX_SECONDS} s in any case). The format is told by the
     * file's first bytes, not its name. Non-audio thread.
     *
     * @throws LoadException naming the file and the problem
     */
    public static ImpulseResponse load(Path file, double maxSeconds) throws LoadException {
        // FLAC holds integers, so its samples are within ±1 by construction: the NaN and
        // loudness checks WavFile makes on float WAVs cannot fail for it
        Sample raw = switch (containerOf(file)) {
            case WAV -> WavFile.read(file);
            case FLAC -> FlacFile.read(file);
        };
        if (raw.seconds() > maxSeconds) {
            throw new LoadException(file, String.format("impulse response is %.1f s long, the limit is %.1f s", raw.seconds(), maxSeconds));
        }
        double energy = energy(raw.left) + energy(raw.right);
        if (!(energy > 0)) {
            throw new LoadException(file, "impulse response is silent (all samples are zero)");
        }
        return of(file.getFileName().toString(), raw);
    }

    private enum Container { WAV, FLAC }

    /**
     * WAV (RIFF/WAVE, or AIFF, which WavFile reads too) or FLAC (fLaC, possibly after an ID3v2
     * tag), told by the first bytes: kits and rooms ship under either name.
     */
    private static Container containerOf(Path file) throws LoadException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(10);
            if (head.length == 10 && startsWith(head, 0, "ID3")) {
                in.skipNBytes(id3Length(head) - 10);
                head = in.readNBytes(4);
            } else {
                // RIFF/WAVE needs 12 bytes to be told
                byte[] more = in.readNBytes(2);
                head = java.util.Arrays.copyOf(head, head.length + more.length);
                System.arraycopy(more, 0, head, head.length - more.length, more.length);
            }
        } catch (NoSuchFileException e) {
            throw new LoadException(file, "file not found");
        } catch (EOFException e) {
            throw new LoadException(file, "neither WAV nor FLAC (an ID3 tag with nothing after it)");
        } catch (IOException e) {
            throw new LoadException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (startsWith(head, 0, "fLaC")) {
            return Container.FLAC;
        }
        boolean wav = startsWith(head, 0, "RIFF") && startsWith(head, 8, "WAVE");
        boolean aiff = startsWith(head, 0, "FORM") && (startsWith(head, 8, "AIFF") || startsWith(head, 8, "AIFC"));
        if (wav || aiff) {
            return Container.WAV;
        }
        throw new LoadException(file, head.length == 0 ? "is empty (0 bytes), neither WAV nor FLAC"
                : "neither WAV nor FLAC (it starts with no RIFF/WAVE or fLaC header)");
    }

    /** Bytes of an ID3v2 tag from its 10-byte header: header, a body sized in 4 × 7 bits, an optional 10-byte footer. */
    private static long id3Length(byte[] header) {
        int body = (header[6] & 0x7f) << 21 | (header[7] & 0x7f) << 14 | (header[8] & 0x7f) << 7 | (header[9] & 0x7f);
        boolean footer = (header[5] & 0x10) != 0;
        return 10L + body + (footer ? 10 : 0);
    }

    private static boolean startsWith(byte[] bytes, int at, String ascii) {
        if (bytes.length < at + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** An impulse response from samples in memory (normalized and trimmed here). */
    public static ImpulseResponse of(String name, Sample raw) {
        int end = trimmedLength(raw);
        float[] left = java.util.Arrays.copyOf(raw.left, end);
        float[] right = raw.channels() == 1 ? left : java.util.Arrays.copyOf(raw.right, end);
        normalize(left, right);
        return new ImpulseResponse(name, Sample.adopt(left, right, raw.sampleRate()));
    }

    public String name() {
        return name;
    }

    public int channels() {
        return sample.channels();
    }

    public double sampleRate() {
        return sample.sampleRate();
    }

    public double seconds() {
        return sample.seconds();
    }

    /** Channel 0 or 1 (the same for mono) at {@code rate}, renormalized after resampling. */
    public float[][] channelsAt(double rate) {
        Sample converted = sample.resampledTo(rate);
        float[] left = converted.channel(0);
        float[] right = converted.channels() == 1 ? left : converted.channel(1);
        normalize(left, right);
        return new float[][] {left, right};
    }

    private static int trimmedLength(Sample raw) {
        float peak = 0;
        for (int i = 0; i < raw.frames(); i++) {
            peak = Math.max(peak, Math.max(Math.abs(raw.left[i]), Math.abs(raw.right[i])));
        }
        double floor = peak * TRIM_BELOW;
        int end = raw.frames();
        while (end > 1 && Math.abs(raw.left[end - 1]) <= floor && Math.abs(raw.right[end - 1]) <= floor) {
            end--;
        }
        return end;
    }

    private static void normalize(float[] left, float[] right) {
        double energy = left == right ? energy(left) : (energy(left) + energy(right)) / 2;
        if (!(energy > 0)) {
            return;
        }
        float scale = (float) (1 / Math.sqrt(energy));
        for (int i = 0; i < left.length; i++) {
            left[i] *= scale;
        }
        if (right != left) {
            for (int i = 0; i < right.length; i++) {
                right[i] *= scale;
            }
        }
    }

    private static double energy(float[] data) {
        double sum = 0;
        for (float x : data) {
            sum += (double) x * x;
        }
        return sum;
    }
}
