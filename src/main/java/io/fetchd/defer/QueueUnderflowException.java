package io.fetchd.defer;

/**
 * The Failure of {@link DeferredQueue#get} when the queue is empty and its {@code backlog} of
 * waiting gets is already full. Twisted's {@code QueueUnderflow}.
 *
 * <p>Thread rule: immutable once constructed; any thread may read it.
 */
public final class QueueUnderflowException extends IllegalStateException {
  /**
   * Too many waiting gets.
   *
   * @param message which queue, and how many wait
   */
  public QueueUnderflowException(String message) {
    super(message);
  }
}
