package io.fetchd.examples;

import io.fetchd.defer.Deferred;
import io.fetchd.defer.Scheduler;
import java.io.PrintStream;
import java.util.List;

/**
 * The chain of fuses: each fuse's handler lights the next, and the last one sets off the
 * firecracker. Written with Deferreds, a handler that lights the next fuse returns that fuse's
 * Deferred, so the chain waits for it ({@link Deferred#addCallbackDeferred}): one Deferred for
 * the whole chain, however long. Run:
 * {@code java -cp target/fetchd.jar io.fetchd.examples.FuseChain 1 2 0.5}.
 *
 * <p>Thread rule: the clock's thread.
 */
public final class FuseChain {
  private FuseChain() {}

  /**
   * Lights the first fuse; each burnt fuse lights the next.
   *
   * @param clock the clock the fuses burn on
   * @param out where the story is told
   * @param burnSeconds how long each fuse burns, first to last (at least one)
   * @return a Deferred that fires with the time of the explosion, in seconds
   * @throws IllegalArgumentException if {@code burnSeconds} is empty
   */
  public static Deferred<Double> run(Scheduler clock, PrintStream out, List<Double> burnSeconds) {
    if (burnSeconds.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one fuse");
    }
    Deferred<String> chain = FateDeferred.lightFuse(clock, out, "fuse 1", burnSeconds.get(0));
    for (int i = 1; i < burnSeconds.size(); i++) {
      String name = "fuse " + (i + 1);
      double seconds = burnSeconds.get(i);
      chain = chain.addCallbackDeferred(burnt -> FateDeferred.lightFuse(clock, out, name, seconds));
    }
    return FateDeferred.fireCracker(clock, out, chain, "the firecracker");
  }

  /**
   * Runs the chain on a real reactor.
   *
   * @param args each fuse's burning time in seconds (default 1 2 0.5)
   */
  public static void main(String[] args) {
    List<Double> seconds =
        args.length == 0 ? List.of(1.0, 2.0, 0.5) : java.util.Arrays.stream(args).map(Double::valueOf).toList();
    System.exit(ExampleMain.runOnClock(clock -> run(clock, System.out, seconds)));
  }
}
