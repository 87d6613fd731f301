package io.fetchd.reactor;

import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import io.fetchd.defer.Scheduler;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The event loop everything in fetchd runs on: Twisted's reactor, over a Netty {@link EventLoop}.
 *
 * <p>A reactor owns a Netty {@link EventLoopGroup} (one thread by default, on the {@link
 * Transport#best() default transport}: epoll where available, else NIO; io_uring on request) and
 * picks one loop of it as <em>the</em> reactor loop:
 * delayed calls, {@link #callFromThread} tasks and every Deferred of the core live there. The other
 * loops of a larger group serve client channels through {@link #group()}. A reactor made with
 * {@link #Reactor(EventLoop)} adopts a loop someone else owns and never shuts it down.
 *
 * <p>An exception thrown by a delayed call or a {@code callFromThread} task is logged (at ERROR, to
 * the {@code System.Logger} named after this class) and the loop goes on, as in Twisted. A {@link
 * VirtualMachineError} is not survivable: it goes to {@link FatalErrors}, as does a loop thread of
 * an owned group that ends before {@link #stop}; the installed {@link FatalErrorHandler} decides
 * (the service ends the process).
 *
 * <p>Thread rule: {@link #callFromThread}, {@link #callOnLoop}, {@link #callOnLoopValue}, {@link
 * #inEventLoop}, {@link #nanoTime}, {@link #stop},
 * {@link #run}, {@link #close} and the accessors may be called from any thread; {@link #callLater}
 * and the {@link DelayedCall}s it returns belong to the reactor thread only and check it.
 * {@link #run} and {@link #close} block, so they refuse to run on a loop of this reactor's group.
 */
public final class Reactor implements Scheduler, AutoCloseable {
  /** How long {@link #stop()} waits for the loop to stay idle before closing it: 100 ms. */
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(100);

  /** The longest {@link #stop()} waits for queued tasks before closing the loop anyway: 10 s. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger(Reactor.class.getName());

  private final EventLoopGroup group;
  private final EventLoop loop;
  private final boolean ownsGroup;
  private final Transport transport;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private volatile Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

  /** A reactor with one loop thread, on the default transport. */
  public Reactor() {
    this(1);
  }

  /**
   * A reactor whose group has {@code threads} loop threads on the default transport.
   *
   * @param threads how many loop threads, at least 1
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public Reactor(int threads) {
    this(threads, Transport.best());
  }

  /**
   * A reactor whose group has {@code threads} loop threads on {@code transport}.
   *
   * @param threads how many loop threads, at least 1
   * @param transport the transport to run on
   * @throws IllegalArgumentException if {@code threads} is less than 1 or the transport is not
   *     available here
   */
  public Reactor(int threads, Transport transport) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    if (!transport.isAvailable()) {
      throw new IllegalArgumentException("transport " + transport.configName() + " is not available here");
    }
    IoHandlerFactory io = transport.handlerFactory();
    this.group = new MultiThreadIoEventLoopGroup(threads, new WatchedThreads(), io);
    this.loop = group.next();
    this.ownsGroup = true;
    this.transport = transport;
    group.terminationFuture().addListener(f -> {
      if (!stopRequested.get()) {
        FatalErrors.report("the reactor's loops terminated without stop()",
            new IllegalStateException("reactor terminated unexpectedly"));
      }
      terminated.complete(null);
    });
  }

  /**
   * A reactor on the JDK's NIO transport even where epoll is available (for tests and platforms
   * where the native transport misbehaves).
   *
   * @param threads how many loop threads, at least 1
   * @return a new reactor on NIO
   */
  public static Reactor nio(int threads) {
    return new Reactor(threads, Transport.NIO);
  }

  /**
   * A reactor on {@code loop}, which someone else owns: {@link #stop()} marks this reactor stopped
   * but leaves the loop running. For tests and for embedding in an existing Netty application.
   *
   * @param loop the loop to run on, owned by the caller
   */
  public Reactor(EventLoop loop) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.group = loop.parent() != null ? loop.parent() : loop;
    this.ownsGroup = false;
    this.transport = adoptedTransport(group);
  }

  // ---------------------------------------------------------------- Scheduler

  /** {@link System#nanoTime()}: delays and {@link DelayedCall#time()} count on it. */
  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  /**
   * Runs {@code task} on the reactor thread after {@code delay}. Reactor thread only.
   *
   * @throws IllegalStateException if called from another thread
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  @Override
  public DelayedCall callLater(Duration delay, Runnable task) {
    checkInEventLoop("callLater");
    Objects.requireNonNull(task, "task");
    LoopCall call = new LoopCall(task, nanoTime() + Durations.nonNegativeNanos(delay, "delay"));
    call.schedule();
    return call;
  }

  // ---------------------------------------------------------------- threads

  /**
   * Runs {@code task} on the reactor thread as soon as it can: the one way for another thread to
   * hand work to the reactor. Any thread. From the reactor thread itself the task is queued, not
   * run inline.
   *
   * @param task what to run on the reactor thread
   * @throws RejectedExecutionException if the reactor's loop has shut down
   */
  public void callFromThread(Runnable task) {
    Objects.requireNonNull(task, "task");
    loop.execute(() -> runLogged(task, "callFromThread task"));
  }

  /**
   * Runs {@code step} on the reactor thread (through {@link #callFromThread}) and bridges the
   * Deferred it returns to a future: the way for another thread to start loop-confined work and
   * learn its outcome. Any thread; the future completes on the reactor thread, so chain with
   * {@code *Async} methods to leave the loop.
   *
   * <p>The future completes with the Deferred's result, or exceptionally with its {@link
   * Failure}'s exception; an exception thrown by {@code step} itself (or a null Deferred)
   * completes it exceptionally too. The Deferred's chain ends with null after the bridge, so a
   * failure is reported once, through the future.
   *
   * @param step what to call on the reactor thread; the Deferred it returns is followed
   * @param <T> the result type
   * @return a future completed with the Deferred's outcome
   * @throws RejectedExecutionException if the reactor's loop has shut down
   */
  public <T> CompletableFuture<T> callOnLoop(Callable<? extends Deferred<T>> step) {
    Objects.requireNonNull(step, "step");
    CompletableFuture<T> out = new CompletableFuture<>();
    callFromThread(() -> {
      Deferred<T> d;
      try {
        d = Objects.requireNonNull(step.call(), "step returned a null Deferred");
      } catch (Throwable t) {
        out.completeExceptionally(t);
        return;
      }
      d.addBoth(
          (T value, Failure failure) -> {
            if (failure == null) {
              out.complete(value);
            } else {
              out.completeExceptionally(failure.value());
            }
            return null;
          });
    });
    return out;
  }

  /**
   * Runs {@code fn} on the reactor thread (through {@link #callFromThread}); the future completes
   * with what it returns, or exceptionally with what it throws. Any thread; the future completes on
   * the reactor thread.
   *
   * @param fn what to call on the reactor thread
   * @param <T> the result type
   * @return a future completed with its result or exception
   * @throws RejectedExecutionException if the reactor's loop has shut down
   */
  public <T> CompletableFuture<T> callOnLoopValue(Callable<T> fn) {
    Objects.requireNonNull(fn, "fn");
    CompletableFuture<T> out = new CompletableFuture<>();
    callFromThread(() -> {
      try {
        out.complete(fn.call());
      } catch (Throwable t) {
        out.completeExceptionally(t);
      }
    });
    return out;
  }

  /**
   * True when the calling thread is the reactor thread. Any thread.
   *
   * @return whether this is the reactor thread
   */
  public boolean inEventLoop() {
    return loop.inEventLoop();
  }

  /**
   * Throws unless the calling thread is the reactor thread: the guard of loop-confined entry
   * points.
   *
   * @throws IllegalStateException naming the reactor thread and the calling one
   */
  public void checkInEventLoop() {
    checkInEventLoop("this method");
  }

  /**
   * As {@link #checkInEventLoop()}, naming {@code operation} in the message.
   *
   * @param operation what the caller tried, for the message
   */
  public void checkInEventLoop(String operation) {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException(
          operation
              + " must be called on the reactor thread, not on '"
              + Thread.currentThread().getName()
              + "'; use Reactor.callFromThread to get there");
    }
  }

  /**
   * The reactor loop: the one that runs delayed calls, tasks and Deferreds.
   *
   * @return the reactor loop
   */
  public EventLoop eventLoop() {
    return loop;
  }

  /**
   * The group the reactor loop belongs to, for bootstrapping client channels.
   *
   * @return the event loop group
   */
  public EventLoopGroup group() {
    return group;
  }

  private static Transport adoptedTransport(EventLoopGroup group) {
    if (group instanceof IoEventLoopGroup io) {
      if (io.isIoType(IoUringIoHandler.class)) {
        return Transport.IO_URING;
      }
      if (io.isIoType(EpollIoHandler.class)) {
        return Transport.EPOLL;
      }
    }
    return Transport.NIO;
  }

  /**
   * The transport the group runs on.
   *
   * @return the transport
   */
  public Transport transport() {
    return transport;
  }

  /**
   * The socket channel class that matches the group's transport.
   *
   * @return the socket channel class
   */
  public Class<? extends SocketChannel> socketChannelType() {
    return transport.socketChannelType();
  }

  /**
   * The server socket channel class that matches the group's transport.
   *
   * @return the server socket channel class
   */
  public Class<? extends ServerSocketChannel> serverSocketChannelType() {
    return transport.serverSocketChannelType();
  }

  /**
   * The datagram channel class that matches the group's transport (for DNS).
   *
   * @return the datagram channel class
   */
  public Class<? extends DatagramChannel> datagramChannelType() {
    return transport.datagramChannelType();
  }

  /**
   * True when the group runs on the native epoll transport.
   *
   * @return whether the transport is epoll
   */
  public boolean isEpoll() {
    return transport == Transport.EPOLL;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Blocks the calling thread until the reactor has stopped and its loop has terminated: the last
   * thing {@code main} does. Any thread except the group's loops.
   *
   * @throws IllegalStateException if called on a loop of this reactor's group
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public void run() throws InterruptedException {
    refuseOnGroupThread("run()");
    try {
      terminated.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("reactor terminated abnormally", e.getCause());
    }
  }

  /**
   * Stops the reactor with the default quiet period (100 ms) and timeout (10 s). See {@link
   * #stop(Duration, Duration)}.
   *
   * @return a future completed once the loop has terminated (see {@link #stop(Duration, Duration)})
   */
  public CompletableFuture<Void> stop() {
    return stop(DEFAULT_QUIET_PERIOD, DEFAULT_SHUTDOWN_TIMEOUT);
  }

  /**
   * Starts an orderly shutdown of the owned group (Netty's {@code shutdownGracefully}): tasks
   * already queued still run, and the loop closes once no task arrived for {@code quietPeriod}, or
   * after {@code timeout} at the latest. New tasks are then refused. Calling it again changes
   * nothing. For an adopted loop it only marks this reactor stopped. Any thread.
   *
   * @param quietPeriod how long no task must arrive before the loop closes
   * @param timeout the longest the shutdown may take, at least {@code quietPeriod}
   * @return a future completed (on a Netty thread, never the reactor's) once the loop has
   *     terminated; it never completes exceptionally
   */
  public CompletableFuture<Void> stop(Duration quietPeriod, Duration timeout) {
    long quiet = Durations.nonNegativeNanos(quietPeriod, "quietPeriod");
    long max = Durations.nonNegativeNanos(timeout, "timeout");
    if (max < quiet) {
      throw new IllegalArgumentException(
          "timeout must be >= quietPeriod, was " + timeout + " < " + quietPeriod);
    }
    if (stopRequested.compareAndSet(false, true)) {
      shutdownTimeout = timeout;
      if (ownsGroup) {
        group.shutdownGracefully(quiet, max, TimeUnit.NANOSECONDS);
      } else {
        terminated.complete(null);
      }
    }
    return terminated.copy();
  }

  /**
   * True once {@link #stop} has been called. Any thread.
   *
   * @return whether stop was called
   */
  public boolean isStopping() {
    return stopRequested.get();
  }

  /**
   * True once the loop has terminated (for an adopted loop: once stopped). Any thread.
   *
   * @return whether the loop has terminated
   */
  public boolean isTerminated() {
    return terminated.isDone();
  }

  /**
   * Stops the reactor and waits for its loop to terminate, at most the shutdown timeout plus five
   * seconds. If the calling thread is interrupted, it returns at once with the interrupt flag set.
   * Any thread except the group's loops.
   *
   * @throws IllegalStateException if called on a loop of this reactor's group (it would wait for
   *     itself), or if the loop did not terminate in time
   */
  @Override
  public void close() {
    refuseOnGroupThread("close()");
    CompletableFuture<Void> done = stop();
    Duration bound = shutdownTimeout.plusSeconds(5);
    try {
      done.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("reactor terminated abnormally", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("reactor loop did not terminate within " + bound);
    }
  }

  private void refuseOnGroupThread(String operation) {
    for (EventExecutor executor : group) {
      if (executor.inEventLoop()) {
        throw new IllegalStateException(
            operation
                + " blocks until the reactor terminates and cannot be called on its own loop"
                + " thread '"
                + Thread.currentThread().getName()
                + "'; call stop() and react to its future instead");
      }
    }
  }

  @Override
  public String toString() {
    return "Reactor{"
        + transport.configName()
        + (ownsGroup ? "" : ", adopted")
        + (terminated.isDone() ? ", terminated" : stopRequested.get() ? ", stopping" : "")
        + "}";
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The reactor's threads: a thread that ends while the reactor is not stopping (Netty catches and
   * logs what kills its loop, then lets the thread end) is reported to {@link FatalErrors}, and
   * so is anything that still escapes.
   */
  private final class WatchedThreads extends DefaultThreadFactory {
    WatchedThreads() {
      super("fetchd-reactor");
    }

    @Override
    protected Thread newThread(Runnable r, String name) {
      return super.newThread(() -> {
        try {
          r.run();
        } catch (Throwable t) {
          FatalErrors.report("reactor thread " + name + " died", t);
          throw t;
        }
        if (!stopRequested.get()) {
          FatalErrors.report("reactor thread " + name + " ended",
              new IllegalStateException("reactor thread " + name + " ended without stop()"));
        }
      }, name);
    }
  }

  /**
   * Runs {@code task}, logging what it throws instead of letting it reach Netty; a {@link
   * VirtualMachineError} goes to {@link FatalErrors} (and on to Netty, which logs it again).
   */
  static void runLogged(Runnable task, String what) {
    try {
      task.run();
    } catch (VirtualMachineError e) {
      FatalErrors.report(what, e);
      throw e;
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.ERROR, "Unhandled exception in " + what + " " + task, t);
    }
  }

  /** A delayed call on the reactor loop. Reactor thread only. */
  private final class LoopCall implements DelayedCall {
    private final Runnable task;
    private long time;
    private CallState state = CallState.PENDING;
    private ScheduledFuture<?> future;
    /** Bumped on each (re)schedule, so a superseded Netty task that still runs does nothing. */
    private int generation;

    LoopCall(Runnable task, long time) {
      this.task = task;
      this.time = time;
    }

    void schedule() {
      int g = ++generation;
      long delay = Math.max(0, time - nanoTime());
      future = loop.schedule(() -> fire(g), delay, TimeUnit.NANOSECONDS);
    }

    private void fire(int g) {
      if (g != generation || state != CallState.PENDING) {
        return;
      }
      state = CallState.RAN;
      future = null;
      runLogged(task, "delayed call");
    }

    @Override
    public long time() {
      return time;
    }

    @Override
    public boolean isActive() {
      return state == CallState.PENDING;
    }

    @Override
    public void cancel() {
      checkInEventLoop("DelayedCall.cancel");
      state.requirePending();
      state = CallState.CANCELLED;
      unschedule();
    }

    @Override
    public void reset(Duration delay) {
      checkInEventLoop("DelayedCall.reset");
      state.requirePending();
      long nanos = Durations.nonNegativeNanos(delay, "delay");
      unschedule();
      time = nanoTime() + nanos;
      schedule();
    }

    @Override
    public void delay(Duration by) {
      checkInEventLoop("DelayedCall.delay");
      state.requirePending();
      // Either sign, as Twisted's delay(); schedule() runs a call moved into the past at once.
      long nanos = Objects.requireNonNull(by, "by").toNanos();
      unschedule();
      time += nanos;
      schedule();
    }

    private void unschedule() {
      generation++;
      if (future != null) {
        future.cancel(false);
        future = null;
      }
    }

    @Override
    public String toString() {
      return "DelayedCall{" + state + ", " + task + "}";
    }
  }
}
