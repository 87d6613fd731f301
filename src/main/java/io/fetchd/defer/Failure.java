package io.fetchd.defer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * The error track's value: an exception, with the stack it was thrown from, travelling down a
 * {@link Deferred}'s chain. Twisted's {@code Failure}.
 *
 * <p>Immutable; any thread may read it.
 */
public final class Failure {
  private final Throwable value;

  /**
   * Wraps {@code value}. A Failure is never wrapped in another Failure.
   *
   * @param value the exception (not null)
   */
  public Failure(Throwable value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /**
   * The wrapped exception.
   *
   * @return the exception
   */
  public Throwable value() {
    return value;
  }

  /**
   * The wrapped exception's type.
   *
   * @return the exception's class
   */
  public Class<? extends Throwable> type() {
    return value.getClass();
  }

  /**
   * The wrapped exception's message (may be null).
   *
   * @return the exception's message, possibly null
   */
  public String getMessage() {
    return value.getMessage();
  }

  /**
   * Returns the wrapped exception as {@code type} if it is one, else null.
   *
   * @param type the class to look for
   * @param <E> that class
   * @return the exception as {@code type}, or null if it is not one
   */
  public <E extends Throwable> E valueAs(Class<E> type) {
    return type.isInstance(value) ? type.cast(value) : null;
  }

  /**
   * Returns the first of {@code types} that the wrapped exception is an instance of, or null when
   * none matches.
   *
   * @param types the classes to look for (subclasses match)
   * @return the first of {@code types} that matches, or null
   */
  @SafeVarargs
  public final Class<? extends Throwable> check(Class<? extends Throwable>... types) {
    for (Class<? extends Throwable> t : types) {
      if (t.isInstance(value)) {
        return t;
      }
    }
    return null;
  }

  /**
   * Returns the first of {@code types} that matches, or rethrows the wrapped exception when none
   * does. In an errback this means "handle only these; let everything else continue down the error
   * track" (the chain keeps this same Failure).
   *
   * @param types the classes this errback handles (subclasses match)
   * @return the first of {@code types} that matches
   */
  @SafeVarargs
  public final Class<? extends Throwable> trap(Class<? extends Throwable>... types) {
    Class<? extends Throwable> match = check(types);
    if (match == null) {
      raise();
    }
    return match;
  }

  /**
   * Throws the wrapped exception (unchecked, even when it is a checked exception). Declared to
   * return a value so an errback can say {@code return failure.raise();} to stay on the error
   * track.
   *
   * @param <X> whatever type the caller needs, so {@code return failure.raise();} compiles
   * @return never returns
   */
  public <X> X raise() {
    throw Failure.<RuntimeException>sneaky(value);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /**
   * The wrapped exception's stack trace, with causes, as text.
   *
   * @return the exception's stack trace, as text
   */
  public String getTraceback() {
    StringWriter out = new StringWriter();
    value.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /**
   * The frames of the wrapped exception's stack.
   *
   * @return the exception's stack frames
   */
  public StackTraceElement[] frames() {
    return Arrays.copyOf(value.getStackTrace(), value.getStackTrace().length);
  }

  @Override
  public String toString() {
    return "Failure[" + value + "]";
  }
}
