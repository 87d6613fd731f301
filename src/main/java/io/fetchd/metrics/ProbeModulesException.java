package io.fetchd.metrics;

/**
 * Raised at startup when the probe's modules file ({@code metrics.probeModulesFile}) cannot be
 * read, is not valid blackbox configuration, or asks for something fetchd does not support. The
 * message is one line naming the file and the dotted key, e.g. {@code /etc/blackbox.yml:
 * modules.tcp_connect.prober: the tcp prober is not supported by fetchd (http only)}. Any thread.
 */
public final class ProbeModulesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message the one-line message: file, key and problem
   */
  public ProbeModulesException(String message) {
    super(message);
  }
}
