package io.fetchd.examples;

import io.fetchd.defer.Deferred;
import io.fetchd.defer.Deferreds;
import io.fetchd.defer.Scheduler;
import io.fetchd.reactor.DeferLater;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The "Fate" timed events on fetchd's reactor: the story of {@link Fate}, with the event manager
 * replaced by a {@link Scheduler} and the handlers by Deferreds. Lighting a fuse returns a
 * Deferred that fires when it has burnt out; whoever holds it adds the firecracker's explosion as
 * a callback. The Mad Hatter hands on that Deferred. Run:
 * {@code java -cp target/fetchd.jar io.fetchd.examples.FateDeferred}.
 *
 * <p>Thread rule: the clock's thread.
 */
public final class FateDeferred {
  private FateDeferred() {}

  /**
   * Lights a fuse that burns for {@code seconds}.
   *
   * @param clock the clock it burns on
   * @param out where the story is told
   * @param name the fuse's name
   * @param seconds how long it burns
   * @return a Deferred that fires with the fuse's name when it has burnt out
   */
  public static Deferred<String> lightFuse(
      Scheduler clock, PrintStream out, String name, double seconds) {
    out.println(Fate.at(clock.seconds()) + name + " is lit, burning for " + seconds + " s");
    return DeferLater.deferLater(
        clock,
        Duration.ofNanos(Math.round(seconds * 1e9)),
        () -> {
          out.println(Fate.at(clock.seconds()) + name + " has burnt out");
          return name;
        });
  }

  /**
   * The Mad Hatter lights a fuse and hands on the Deferred of its burning out.
   *
   * @param clock the clock
   * @param out where the story is told
   * @param name the fuse's name
   * @param seconds how long it burns
   * @return the fuse's Deferred, for someone else to tie a firecracker to
   */
  public static Deferred<String> madHatterLights(
      Scheduler clock, PrintStream out, String name, double seconds) {
    out.println(Fate.at(clock.seconds()) + "the Mad Hatter lights " + name + " and hands it on");
    return lightFuse(clock, out, name, seconds);
  }

  /**
   * Ties a firecracker to a burning fuse: it explodes when the fuse's Deferred fires.
   *
   * @param clock the clock, for the story's times
   * @param out where the story is told
   * @param fuse the fuse's Deferred
   * @param cracker the firecracker's name
   * @return a Deferred that fires with the time of the explosion, in seconds
   */
  public static Deferred<Double> fireCracker(
      Scheduler clock, PrintStream out, Deferred<String> fuse, String cracker) {
    return fuse.addCallback(
        burnt -> {
          out.println(Fate.at(clock.seconds()) + "BANG! " + cracker + " explodes");
          return clock.seconds();
        });
  }

  /**
   * The story of {@link Fate#schedule}, on {@code clock}.
   *
   * @param clock the clock
   * @param out where the story is told
   * @return a Deferred of both explosion times (red, then blue), once both have exploded
   */
  public static Deferred<List<Double>> run(Scheduler clock, PrintStream out) {
    Deferred<Double> red =
        fireCracker(
            clock, out, madHatterLights(clock, out, "the long fuse", 3), "the red firecracker");
    Deferred<Double> blue =
        fireCracker(
            clock, out, madHatterLights(clock, out, "the short fuse", 1), "the blue firecracker");
    return Deferreds.gatherResults(List.of(red, blue));
  }

  /**
   * Runs the story on a real reactor.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.exit(ExampleMain.runOnClock(clock -> run(clock, System.out)));
  }
}
