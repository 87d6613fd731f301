package io.fetchd.examples;

import io.fetchd.defer.Deferred;
import io.fetchd.defer.Scheduler;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Twisted's {@code print_later_twice}: a hand-made Deferred with two pass-through callbacks, each
 * printing the result and returning it unchanged, fired by {@code callLater} after one second.
 * Run: {@code java -cp target/fetchd.jar io.fetchd.examples.PrintLaterTwice}.
 *
 * <p>Thread rule: {@link #run} on the clock's thread.
 */
public final class PrintLaterTwice {
  private PrintLaterTwice() {}

  /**
   * Builds the Deferred and schedules it to fire with {@code message}.
   *
   * @param clock the clock that fires it
   * @param out where both callbacks print
   * @param message the result it fires with
   * @return the Deferred, whose result after both callbacks is still {@code message}
   */
  public static Deferred<String> run(Scheduler clock, PrintStream out, String message) {
    Deferred<String> d = new Deferred<>();
    d.addCallback(result -> printAndPass(out, "first callback got: ", result))
        .addCallback(result -> printAndPass(out, "second callback got: ", result));
    clock.callLater(Duration.ofSeconds(1), () -> d.callback(message));
    return d;
  }

  private static String printAndPass(PrintStream out, String prefix, String result) {
    out.println(prefix + result);
    return result;
  }

  /**
   * Runs the example on a real reactor.
   *
   * @param args an optional message (default "hello")
   */
  public static void main(String[] args) {
    String message = args.length > 0 ? args[0] : "hello";
    System.exit(ExampleMain.runOnClock(clock -> run(clock, System.out, message)));
  }
}
