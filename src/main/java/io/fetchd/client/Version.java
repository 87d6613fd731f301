package io.fetchd.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** fetchd's version, from the build. Any thread. */
public final class Version {
  /** The project version, e.g. {@code 0.1.0}; {@code dev} when run outside a Maven build. */
  public static final String VERSION = load();

  /** The default {@code User-Agent}: {@code fetchd/<version>}. */
  public static final String USER_AGENT = "fetchd/" + VERSION;

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/io/fetchd/version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
