package io.fetchd.config;

/**
 * Raised when the configuration (built-in defaults, file, environment) cannot be turned into
 * fetchd's options. The message is one line naming the setting, the problem and where the bad
 * value came from, e.g. {@code server.port: must be between 0 and 65535, got 70000 (from
 * FETCHD_SERVER_PORT)}, fit to print as it is. Immutable; any thread.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * @param key the dotted setting path ({@code server.port}), a section, or the file name for
   *     errors that concern the whole file
   * @param problem what is wrong, without the key
   * @param source where the value came from ({@code FETCHD_SERVER_PORT}, a file path), or null
   */
  ConfigException(String key, String problem, String source) {
    super(key + ": " + oneLine(problem) + (source == null ? "" : " (from " + source + ")"));
    this.key = key;
  }

  /** The setting (or section, or file) the message is about. */
  public String key() {
    return key;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
  }
}
