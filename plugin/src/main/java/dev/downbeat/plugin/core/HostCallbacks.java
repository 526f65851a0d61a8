package dev.downbeat.plugin.core;

/**
 * What the instrument may tell its host; a bridge implements it over the format's callbacks.
 * Gesture calls come from the editor (UI thread); {@link #log} from any non-real-time thread.
 */
public interface HostCallbacks {
    /** The user grabbed a control: the host starts recording automation for it. */
    void beginEdit(int index);

    /** The user moved a control to {@code normalized}; the host records it. */
    void performEdit(int index, float normalized);

    /** The user let go of a control. */
    void endEdit(int index);

    /** A message for the user's log (never from the audio thread). */
    void log(String message);

    /** Callbacks that record nothing, for offline use and tests. */
    HostCallbacks NONE = new HostCallbacks() {
        @Override public void beginEdit(int index) { }
        @Override public void performEdit(int index, float normalized) { }
        @Override public void endEdit(int index) { }
        @Override public void log(String message) { System.err.println("[downbeat] " + message); }
    };
}
