package io.fetchd.defer;

/**
 * Raised when something is added to a full bounded wait: {@link DeferredQueue#put} on a queue
 * already holding its {@code size} items, or {@link DeferredSemaphore#acquire} (and so
 * {@code run}) when its {@code maxWaiting} waiters are already queued. Twisted's
 * {@code QueueOverflow}.
 *
 * <p>Unchecked and an {@link IllegalStateException}, as {@link java.util.Queue#add} on a full
 * queue: a caller that can act on it checks capacity first or catches it.
 *
 * <p>Thread rule: immutable once constructed; any thread may read it.
 */
public final class QueueOverflowException extends IllegalStateException {
  /**
   * A full queue.
   *
   * @param message which queue, and how full
   */
  public QueueOverflowException(String message) {
    super(message);
  }
}
