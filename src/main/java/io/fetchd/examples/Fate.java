package io.fetchd.examples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The "Fate" timed events, first version: written for the tutorial's own
 * {@link TinyEventManager}, with plain handlers and no Deferreds. A {@link Fuse} burns for some
 * seconds and then calls its handler; a {@link FireCracker} explodes; the {@link MadHatter} lights
 * a fuse and hands it on, so he is free before it burns out. {@link FateDeferred} is the same
 * story on fetchd's reactor. Run: {@code java -cp target/fetchd.jar io.fetchd.examples.Fate}.
 *
 * <p>Thread rule: the event manager's thread.
 */
public final class Fate {
  private Fate() {}

  /** A fuse that burns for {@code seconds} once lit, then calls its handler. */
  public static final class Fuse {
    private final String name;
    private final double seconds;

    /**
     * A fuse.
     *
     * @param name what the story calls it
     * @param seconds how long it burns
     */
    public Fuse(String name, double seconds) {
      this.name = name;
      this.seconds = seconds;
    }

    /**
     * Lights the fuse: {@code handler} runs when it has burnt out.
     *
     * @param events the event manager it burns on
     * @param out where the story is told
     * @param handler what the fuse sets off
     */
    public void light(TinyEventManager events, PrintStream out, Runnable handler) {
      out.println(at(events.now()) + name + " is lit, burning for " + seconds + " s");
      events.callLater(
          seconds,
          () -> {
            out.println(at(events.now()) + name + " has burnt out");
            handler.run();
          });
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A firecracker: explodes when told. */
  public static final class FireCracker {
    private final String name;

    /**
     * A firecracker.
     *
     * @param name what the story calls it
     */
    public FireCracker(String name) {
      this.name = name;
    }

    /**
     * Explodes.
     *
     * @param now the time, for the story
     * @param out where the story is told
     */
    public void explode(double now, PrintStream out) {
      out.println(at(now) + "BANG! " + name + " explodes");
    }
  }

  /** Lights a fuse and hands it on: he does not wait for it to burn. */
  public static final class MadHatter {
    /**
     * Lights {@code fuse}, tied to {@code handler}, and hands it on at once.
     *
     * @param events the event manager
     * @param out where the story is told
     * @param fuse the fuse to light
     * @param handler what the fuse sets off
     */
    public void lightAndHandOn(
        TinyEventManager events, PrintStream out, Fuse fuse, Runnable handler) {
      out.println(at(events.now()) + "the Mad Hatter lights " + fuse + " and hands it on");
      fuse.light(events, out, handler);
    }
  }

  /**
   * The story: the Mad Hatter lights a 3 s fuse on the red firecracker, then a 1 s fuse on the
   * blue one; the blue one explodes first.
   *
   * @param events the event manager to schedule on (then call its {@code run})
   * @param out where the story is told
   */
  public static void schedule(TinyEventManager events, PrintStream out) {
    MadHatter hatter = new MadHatter();
    FireCracker red = new FireCracker("the red firecracker");
    FireCracker blue = new FireCracker("the blue firecracker");
    hatter.lightAndHandOn(
        events, out, new Fuse("the long fuse", 3), () -> red.explode(events.now(), out));
    hatter.lightAndHandOn(
        events, out, new Fuse("the short fuse", 1), () -> blue.explode(events.now(), out));
  }

  static String at(double seconds) {
    return String.format(Locale.ROOT, "[%4.1f s] ", seconds);
  }

  /**
   * Runs the story in real time.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while sleeping
   */
  public static void main(String[] args) throws InterruptedException {
    TinyEventManager events = new TinyEventManager();
    schedule(events, System.out);
    events.run(d -> Thread.sleep(d.toMillis()));
  }
}
