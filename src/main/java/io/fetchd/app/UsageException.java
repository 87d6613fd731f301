package io.fetchd.app;

/**
 * Raised when the command line cannot be understood: an unknown command or option, a missing or
 * malformed value. The message is one line ending with a pointer to the command's help; {@link
 * Main} prints it and exits with status 2. Immutable.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param command the command as typed, e.g. {@code fetchd fetch}
   * @param problem what is wrong, one line
   */
  UsageException(String command, String problem) {
    super(command + ": " + problem + " (see '" + command + " --help')");
  }
}
