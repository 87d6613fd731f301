package io.fetchd.reactor;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Runs an action once after the current loop task, however many times it was {@linkplain
 * #request() requested} during that task. Work that would otherwise repeat per event (a flush per
 * completed fetch, say) then happens once per turn of the loop: Netty runs queued tasks after it
 * has handled every ready socket, so all the events of one turn share the one run.
 *
 * <p>Thread rule: loop thread only; the action runs on the loop, never inside {@link #request()}.
 */
public final class CoalescedCall {
  private final Executor loop;
  private final Runnable action;
  private final Runnable run = this::run;
  private boolean scheduled;

  /**
   * @param loop the event loop (or any executor the caller's thread owns) that runs the action
   * @param action what to run, at most once per requested run
   */
  public CoalescedCall(Executor loop, Runnable action) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.action = Objects.requireNonNull(action, "action");
  }

  /** Asks for one run of the action after the current task; does nothing if one is pending. */
  public void request() {
    if (!scheduled) {
      scheduled = true;
      loop.execute(run);
    }
  }

  /**
   * True while a requested run has not happened yet.
   *
   * @return whether a run is requested and not yet done
   */
  public boolean isPending() {
    return scheduled;
  }

  private void run() {
    scheduled = false;
    action.run();
  }
}
