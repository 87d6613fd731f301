package io.fetchd.app;

/**
 * Raised when the service cannot start with a valid configuration: the port is taken, TLS trust
 * cannot be set up. The message is one line; {@link Main} prints it and exits with status 1.
 */
final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
