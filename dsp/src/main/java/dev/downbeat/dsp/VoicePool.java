package dev.downbeat.dsp;

/**
 * Preallocated voices: up to {@value #POLYPHONY} sounding at once, plus spare slots for voices
 * that are fading out after a steal, so the oldest voice can be released with a de-click ramp
 * while the new note starts. The closed hat chokes every open hat. Owned by the audio thread.
 */
final class VoicePool {
    static final int POLYPHONY = 32;
    static final int FADE_SLOTS = 16;
    /** De-click ramp for a stolen voice. */
    static final double STEAL_FADE_SECONDS = 0.003;
    /** How fast a closed hat cuts an open one (an 808 choke is quick but not a click). */
    static final double CHOKE_FADE_SECONDS = 0.008;

    private final DrumVoice[] voices = new DrumVoice[POLYPHONY + FADE_SLOTS];
    private final int stealFadeFrames;
    private final int chokeFadeFrames;
    private long serial;

    VoicePool(double sampleRate) {
        for (int i = 0; i < voices.length; i++) {
            voices[i] = new DrumVoice();
        }
        stealFadeFrames = (int) Math.max(1, Math.round(STEAL_FADE_SECONDS * sampleRate));
        chokeFadeFrames = (int) Math.max(1, Math.round(CHOKE_FADE_SECONDS * sampleRate));
    }

    /** Starts {@code sample} at frame {@code offset} of the current block. */
    void start(int piece, Sample sample, float gain, int offset) {
        if (piece == KitPiece.CLOSED_HAT.ordinal()) {
            for (DrumVoice voice : voices) {
                if (voice.active && voice.piece == KitPiece.OPEN_HAT.ordinal()) {
                    voice.fadeOut(offset, chokeFadeFrames);
                }
            }
        }
        int sounding = 0;
        DrumVoice oldest = null;
        DrumVoice free = null;
        DrumVoice quietestFading = null;
        for (DrumVoice voice : voices) {
            if (!voice.active) {
                free = free == null ? voice : free;
            } else if (voice.fading) {
                if (quietestFading == null || voice.fadeRemaining() < quietestFading.fadeRemaining()) {
                    quietestFading = voice;
                }
            } else {
                sounding++;
                if (oldest == null || voice.serial < oldest.serial) {
                    oldest = voice;
                }
            }
        }
        if (sounding >= POLYPHONY) {
            oldest.fadeOut(offset, stealFadeFrames);
        }
        if (free == null) {
            // every spare slot is mid-fade: cut the one closest to silence
            free = quietestFading;
        }
        free.start(piece, sample, gain, offset, serial++);
    }

    /** Renders every active voice into its piece's bus; marks which pieces sounded. */
    void render(float[][] busLeft, float[][] busRight, boolean[] sounded, int frames) {
        for (DrumVoice voice : voices) {
            if (voice.active) {
                sounded[voice.piece] = true;
                voice.render(busLeft[voice.piece], busRight[voice.piece], frames);
            }
        }
    }

    int activeCount() {
        int count = 0;
        for (DrumVoice voice : voices) {
            count += voice.active ? 1 : 0;
        }
        return count;
    }

    void silence() {
        for (DrumVoice voice : voices) {
            voice.active = false;
        }
    }
}
