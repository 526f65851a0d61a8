package dev.downbeat.plugin.editor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A session for testing the editor on its own: the seed is whatever the musician clicked, and the
 * "generated" bars are the active seed repeated to fill each bar, so every cell's expected state
 * is known. Records every edit and gesture. Swing thread (reads from any thread).
 */
final class ScriptedSession implements EditorSession {
    final List<String> gestures = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile int[] seed;
    private volatile int seedLength;
    private volatile int bars = 4;
    private volatile long playheadBar = 1;
    private volatile double playheadStep = 0;
    private volatile int auditioned = -1;
    private final float[] params = {0.5f, 0f, 0.3f, 0.9f};
    private int regenerations;

    ScriptedSession(int[] seed, int seedLength) {
        this.seed = seed.clone();
        this.seedLength = seedLength;
    }

    static ScriptedSession empty() {
        return new ScriptedSession(new int[32], 16);
    }

    /** The bars the session shows: bar b is the active seed looped, starting where bar b starts. */
    static int[] barSteps(int[] seed, int seedLength, long bar) {
        int[] steps = new int[16];
        for (int s = 0; s < 16; s++) steps[s] = seed[(int) ((bar * 16 + s) % seedLength)];
        return steps;
    }

    @Override
    public GridView view() {
        int[] sd = seed;
        int len = seedLength;
        List<BarView> list = new ArrayList<>();
        for (long b = 0; b < bars; b++) {
            BarState state = b < playheadBar ? BarState.PLAYED : b == playheadBar ? BarState.PLAYING : BarState.UPCOMING;
            list.add(new BarView(b, barSteps(sd, len, b), 0.5f + 0.25f * b, state));
        }
        return new GridView(sd, len, list, playheadBar, playheadStep, 16, 4, 120);
    }

    void setPlayhead(long bar, double step) {
        playheadBar = bar;
        playheadStep = step;
    }

    @Override
    public Levels levels() {
        return new Levels(0.5f, 0.25f);
    }

    @Override
    public void editSeed(int[] seed, int seedLength) {
        gestures.add("seed " + seedLength + " " + Arrays.toString(Arrays.copyOf(seed, seedLength)));
        this.seed = seed.clone();
        this.seedLength = seedLength;
    }

    int[] seed() {
        return seed.clone();
    }

    int seedLength() {
        return seedLength;
    }

    @Override
    public void regenerate() {
        regenerations++;
        gestures.add("regenerate");
    }

    @Override
    public void audition(int variation) {
        auditioned = variation;
        gestures.add("audition " + variation);
    }

    @Override
    public void pick() {
        gestures.add("pick " + auditioned);
    }

    @Override
    public int auditioned() {
        return auditioned;
    }

    @Override
    public List<Control> controls() {
        String[] names = {"Temperature", "Swing", "Reverb mix", "Master level"};
        List<Control> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            int index = i;
            out.add(new Control() {
                public int index() { return index; }
                public String label() { return names[index]; }
                public String display(float n) { return String.format("%.2f", n); }
            });
        }
        return out;
    }

    @Override
    public float parameter(int index) {
        synchronized (params) {
            return params[index];
        }
    }

    void setParameterFromHost(int index, float value) {
        synchronized (params) {
            params[index] = value;
        }
    }

    @Override
    public void beginEdit(int index) {
        gestures.add("begin " + index);
    }

    @Override
    public void performEdit(int index, float normalized) {
        synchronized (params) {
            params[index] = normalized;
        }
        gestures.add("perform " + index);
    }

    @Override
    public void endEdit(int index) {
        gestures.add("end " + index);
    }

    @Override
    public int[] outputNotes() {
        return new int[]{36, 38, 42, 46, 41, 43, 45, 49, 51};
    }

    @Override
    public void chooseKit(Path folder) throws Exception {
        throw new java.io.IOException("no kit.txt or drumkit.xml in " + folder);
    }

    @Override
    public void chooseRoom(Path impulseResponse) throws Exception {
        throw new java.io.IOException("not a WAV file: " + impulseResponse);
    }

    @Override
    public String kitName() {
        return "Bundled";
    }

    @Override
    public String roomName() {
        return "Small drum room";
    }

    @Override
    public String status() {
        return "";
    }

    @Override
    public Optional<Transport> transport() {
        return Optional.empty();
    }
}
