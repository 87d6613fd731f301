package io.fetchd.client.internal;

/**
 * Runs calls into user code (listeners, observers) so that what they throw is logged and ignored,
 * never allowed to disturb a fetch. Reactor thread only.
 */
final class Observers {
  private static final System.Logger LOG = System.getLogger(FetcherCore.class.getName());

  /** Runs {@code call}; a RuntimeException it throws is logged and dropped. */
  void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "fetch listener threw; ignored", e);
    }
  }
}
