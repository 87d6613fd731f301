package io.fetchd.examples;

import io.fetchd.defer.Deferred;
import io.fetchd.defer.Scheduler;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Twisted's "slow multiply": a function that returns a Deferred at once and fires it with
 * {@code x * y} three seconds later through {@code callLater}, as a slow computation or a network
 * call would. Run: {@code java -cp target/fetchd.jar io.fetchd.examples.SlowMultiply 6 7}.
 *
 * <p>Thread rule: on the clock's thread.
 */
public final class SlowMultiply {
  /** How long the multiplication "takes". */
  public static final Duration DELAY = Duration.ofSeconds(3);

  private SlowMultiply() {}

  /**
   * Multiplies slowly.
   *
   * @param clock the clock that fires the result
   * @param x a factor
   * @param y a factor
   * @return a Deferred that fires with {@code x * y} after {@link #DELAY}
   */
  public static Deferred<Long> slowMultiply(Scheduler clock, long x, long y) {
    Deferred<Long> d = new Deferred<>();
    clock.callLater(DELAY, () -> d.callback(x * y));
    return d;
  }

  /**
   * The tutorial's program: multiplies and prints the result when it arrives.
   *
   * @param clock the clock
   * @param out where the result is printed
   * @param x a factor
   * @param y a factor
   * @return the Deferred of the product, after it was printed
   */
  public static Deferred<Long> run(Scheduler clock, PrintStream out, long x, long y) {
    out.println("multiplying " + x + " by " + y + "...");
    return slowMultiply(clock, x, y)
        .addCallback(
            product -> {
              out.println(x + " * " + y + " = " + product);
              return product;
            });
  }

  /**
   * Runs the example on a real reactor.
   *
   * @param args two integers (default 6 and 7)
   */
  public static void main(String[] args) {
    long x = args.length > 0 ? Long.parseLong(args[0]) : 6;
    long y = args.length > 1 ? Long.parseLong(args[1]) : 7;
    System.exit(ExampleMain.runOnClock(clock -> run(clock, System.out, x, y)));
  }
}
