package dev.downbeat.installer;

/** Whom an installation is for: the user running the command, or everyone on the machine. */
public enum InstallScope {
    /** The user's own plugin folders (~/.vst, ~/.lv2); no root needed. */
    USER,
    /** The system plugin folders (/usr/lib/lxvst, /usr/lib/lv2); needs root. */
    SYSTEM
}
