package dev.downbeat.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable drum pattern: one event per 16th-note step (see {@link DrumEncoding}), of which
 * the first {@link #seedLength()} steps are the seed the rest continues. Safe on any thread.
 *
 * <p>Text form, as the seed app writes it: one bracket per step listing the classes hit,
 * {@code [0,2] [0] [2,5,8] []}. {@link #parse} also reads the compact form {@code 0,2;0;2,5,8;}
 * (one {@code ;}-separated field per step).
 */
public final class DrumPattern {
    /** The seed app's default seed: 10 steps. */
    public static final DrumPattern DEFAULT_SEED = parse("[0,2] [0] [2,5,8] [] [2,5,8] [] [0,2,5,8] [4,5,8] [] [0,5,8]");

    private final int[] events;
    private final int seedLength;

    private DrumPattern(int[] events, int seedLength) {
        this.events = events;
        this.seedLength = seedLength;
    }

    /**
     * A pattern made entirely of seed steps.
     *
     * @throws IllegalArgumentException for an event outside 0..511
     */
    public static DrumPattern of(int... events) {
        return new DrumPattern(checked(events), events.length);
    }

    /**
     * A pattern whose first {@code seedLength} steps are seed.
     *
     * @throws IllegalArgumentException for an event outside 0..511 or a seed length outside 0..length
     */
    public static DrumPattern withSeed(int[] events, int seedLength) {
        if (seedLength < 0 || seedLength > events.length) {
            throw new IllegalArgumentException("seed length " + seedLength + " is outside 0.." + events.length);
        }
        return new DrumPattern(checked(events), seedLength);
    }

    private static int[] checked(int[] events) {
        int[] copy = events.clone();
        for (int e : copy) {
            DrumEncoding.checkEvent(e);
        }
        return copy;
    }

    /**
     * Reads a pattern from text: {@code [0,2] [0] [] [2,5,8]} or {@code 0,2;0;;2,5,8}.
     * Whitespace is free. The whole result is seed.
     *
     * @throws IllegalArgumentException naming the step and what is wrong
     */
    public static DrumPattern parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the pattern is empty: give at least one step, e.g. \"[0,2] [0]\"");
        }
        List<String> steps = trimmed.indexOf('[') >= 0 || trimmed.indexOf(']') >= 0
                ? bracketSteps(trimmed) : Arrays.asList(trimmed.split(";", -1));
        int[] events = new int[steps.size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = parseStep(steps.get(i), i + 1);
        }
        return new DrumPattern(events, events.length);
    }

    private static List<String> bracketSteps(String text) {
        List<String> steps = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c) || c == ',') {
                at++;
                continue;
            }
            if (c != '[') {
                throw new IllegalArgumentException("step " + (steps.size() + 1) + ": expected '[' but found '" + c + "'");
            }
            int close = text.indexOf(']', at);
            int nextOpen = text.indexOf('[', at + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                throw new IllegalArgumentException("step " + (steps.size() + 1) + ": '[' without a closing ']'");
            }
            steps.add(text.substring(at + 1, close));
            at = close + 1;
        }
        return steps;
    }

    private static int parseStep(String field, int stepNumber) {
        String body = field.strip();
        if (body.isEmpty()) {
            return 0;
        }
        int event = 0;
        for (String part : body.split(",", -1)) {
            String number = part.strip();
            int drumClass;
            try {
                drumClass = Integer.parseInt(number);
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("step " + stepNumber + ": '" + number
                        + "' is not a drum number 0..8 (0 kick, 1 snare, 2 closed hat, 3 open hat, "
                        + "4 low tom, 5 mid tom, 6 high tom, 7 clap, 8 rim)");
            }
            if (drumClass < 0 || drumClass >= DrumEncoding.CLASS_COUNT) {
                throw new IllegalArgumentException("step " + stepNumber + ": drum " + drumClass + " is outside 0..8");
            }
            event |= 1 << drumClass;
        }
        return event;
    }

    /** Number of steps. */
    public int length() {
        return events.length;
    }

    /** Number of leading steps that are the seed. */
    public int seedLength() {
        return seedLength;
    }

    /** The event of step {@code step} (0-based). */
    public int event(int step) {
        return events[step];
    }

    /** A copy of all events. */
    public int[] events() {
        return events.clone();
    }

    /** This pattern followed by {@code continuation}'s steps; the seed stays this pattern's seed. */
    public DrumPattern append(int[] continuation) {
        int[] all = Arrays.copyOf(events, events.length + continuation.length);
        System.arraycopy(checked(continuation), 0, all, events.length, continuation.length);
        return new DrumPattern(all, seedLength);
    }

    /** The same steps, all marked as seed (to continue this pattern further). */
    public DrumPattern asSeed() {
        return new DrumPattern(events, events.length);
    }

    /** Steps {@code from} (inclusive) to {@code to} (exclusive), seed steps kept where they fall. */
    public DrumPattern slice(int from, int to) {
        return new DrumPattern(Arrays.copyOfRange(events, from, to), Math.max(0, Math.min(seedLength, to) - from));
    }

    /** The pattern without its trailing empty steps (never shorter than one step). */
    public DrumPattern trimmedToLastHit() {
        int end = events.length;
        while (end > 1 && events[end - 1] == 0) {
            end--;
        }
        return slice(0, end);
    }

    /** The text form {@code [0,2] [0] []}, which {@link #parse} reads back. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < events.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append('[');
            int[] classes = DrumEncoding.classesOf(events[i]);
            for (int k = 0; k < classes.length; k++) {
                out.append(k == 0 ? "" : ",").append(classes[k]);
            }
            out.append(']');
        }
        return out.toString();
    }

    /** Equal when steps and seed length are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof DrumPattern
                && ((DrumPattern) other).seedLength == seedLength
                && Arrays.equals(((DrumPattern) other).events, events);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(events) + seedLength;
    }
}
