package dev.downbeat.installer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of Downbeat this installer was built with (from the Maven project, filtered in). */
public final class InstallerVersion {

    private InstallerVersion() {
    }

    public static String current() {
        try (InputStream in = InstallerVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("version.properties is missing from the installer jar");
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
