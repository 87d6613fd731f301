package io.fetchd.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** fetchd's version and source revision, from the build. Any thread. */
public final class Version {
  private static final Properties BUILD = load();

  /** The project version, e.g. {@code 0.1.0}; {@code dev} when run outside a Maven build. */
  public static final String VERSION = property("version", "dev");

  /**
   * The commit the build is from (12 hex digits, from the clone's .git or {@code
   * -Dfetchd.revision=} at build time); {@code unknown} when the build had neither.
   */
  public static final String REVISION = property("revision", "unknown");

  /** The default {@code User-Agent}: {@code fetchd/<version>}. */
  public static final String USER_AGENT = "fetchd/" + VERSION;

  private Version() {}

  /** {@code value} as the build wrote it; {@code fallback} when it is absent, blank or unfilled. */
  static String filled(String value, String fallback) {
    if (value == null || value.isBlank() || value.contains("${")) {
      return fallback;
    }
    return value.trim();
  }

  private static String property(String key, String fallback) {
    return filled(BUILD.getProperty(key), fallback);
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/io/fetchd/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no build information: every property falls back
    }
    return p;
  }
}
