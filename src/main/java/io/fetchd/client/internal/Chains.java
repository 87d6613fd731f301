package io.fetchd.client.internal;

import io.fetchd.defer.Deferred;

/**
 * Typing help for a stage whose callback returns either its value or a Deferred of it: as in
 * Twisted, the chain waits on a returned Deferred at run time, so the common path (no retry, no
 * redirect) makes no Deferred of its own. Any thread.
 */
final class Chains {
  private Chains() {}

  /** {@code d}, whose every callback yields a {@code T} or a {@code Deferred<T>}, typed as such. */
  @SuppressWarnings("unchecked")
  static <T> Deferred<T> typed(Deferred<?> d) {
    return (Deferred<T>) d;
  }
}
