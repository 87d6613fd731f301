package io.fetchd.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector reports a leak (a {@code ByteBuf} or other tracked
 * resource garbage-collected without being released) while it ran.
 *
 * <p>Registered for every test class through JUnit's extension autodetection
 * ({@code META-INF/services/org.junit.jupiter.api.extension.Extension}). Loading this class
 * installs a {@link ResourceLeakDetectorFactory} whose detectors record each leak they report
 * (and still log it as Netty does). It must be installed before Netty creates the
 * {@code ByteBuf} detector, that is before the first buffer is allocated; {@link #beforeAll}
 * checks that it was and fails loudly otherwise, rather than letting leaks pass unseen.
 *
 * <p>After each test class it forces garbage collection, makes every detector drain its queue of
 * collected resources (by allocating and releasing buffers and tracking a probe object) and throws
 * an {@link AssertionError} listing the leaks recorded since the class started. A leak found then
 * may have been allocated by an earlier class whose buffers were collected late; the allocation
 * records in the message say where it came from. Surefire runs with
 * {@code -Dio.netty.leakDetection.level=paranoid}, so every buffer is tracked.
 *
 * <p>Thread rule: any thread. Netty reports leaks on whichever thread allocates next (event loops
 * included), so the record is synchronized; the JUnit callbacks run on the test thread.
 */
public final class LeakGuardExtension implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LeakGuardExtension.class);
  private static final String MARK = "leakMark";
  private static final int GC_ROUNDS = 3;
  private static final long GC_WAIT_MILLIS = 500;

  /** Leaks reported so far, oldest first. Guarded by itself. */
  private static final List<Leak> LEAKS = new ArrayList<>();
  /** Detectors made by our factory. Guarded by itself; weak, as Netty owns them. */
  private static final Set<RecordingDetector<?>> DETECTORS =
      Collections.newSetFromMap(new WeakHashMap<>());

  private static volatile boolean byteBufDetectorIsOurs;

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  /**
   * One leak report: the resource type (e.g. "ByteBuf") and Netty's access records. Immutable; any
   * thread may read it.
   */
  public record Leak(String resourceType, String records) {
    @Override
    public String toString() {
      return "LEAK of " + resourceType + (records.isEmpty() ? " (no records)" : ":" + records);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    checkInstalled();
    context.getStore(NAMESPACE).put(MARK, mark());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Integer mark = context.getStore(NAMESPACE).get(MARK, Integer.class);
    collectLeaks();
    checkNoLeaksSince(mark == null ? 0 : mark, context.getDisplayName());
  }

  /**
   * Throws unless our factory made the {@code ByteBuf} detector. Allocating a buffer first makes
   * sure Netty has created it.
   */
  static void checkInstalled() {
    UnpooledByteBufAllocator.DEFAULT.heapBuffer(1).release();
    if (!byteBufDetectorIsOurs) {
      throw new IllegalStateException(
          "LeakGuardExtension loaded after Netty created its ByteBuf leak detector, so leaks "
              + "cannot be recorded; something allocated a ByteBuf before JUnit loaded extensions");
    }
  }

  /** True when the {@code ByteBuf} leak detector is one of ours. */
  static boolean installed() {
    return byteBufDetectorIsOurs;
  }

  /** A position in the record of leaks; pass it to {@link #leaksSince}. */
  static int mark() {
    synchronized (LEAKS) {
      return LEAKS.size();
    }
  }

  /** The leaks recorded after {@code mark}, oldest first. */
  static List<Leak> leaksSince(int mark) {
    synchronized (LEAKS) {
      return List.copyOf(LEAKS.subList(Math.min(mark, LEAKS.size()), LEAKS.size()));
    }
  }

  /** Removes exactly these reports (by identity) from the record, e.g. after an intended leak. */
  static void forget(Collection<Leak> leaks) {
    Set<Leak> doomed = Collections.newSetFromMap(new IdentityHashMap<>());
    doomed.addAll(leaks);
    synchronized (LEAKS) {
      LEAKS.removeIf(doomed::contains);
    }
  }

  /**
   * Throws an AssertionError listing the leaks recorded after {@code mark}, if any.
   *
   * @param where the test class (or other scope) named in the message
   */
  static void checkNoLeaksSince(int mark, String where) {
    List<Leak> leaks = leaksSince(mark);
    if (leaks.isEmpty()) {
      return;
    }
    StringBuilder message =
        new StringBuilder()
            .append("Netty reported ")
            .append(leaks.size())
            .append(leaks.size() == 1 ? " leak" : " leaks")
            .append(" by the end of ")
            .append(where)
            .append(" (the records show where each resource was allocated and last used):");
    for (Leak leak : leaks) {
      message.append("\n").append(leak);
    }
    throw new AssertionError(message.toString());
  }

  /**
   * Makes Netty report every resource that has become unreachable unreleased: runs the garbage
   * collector until a sentinel weak reference has been enqueued (a bounded wait per round), then
   * allocates and releases buffers from each allocator and tracks a probe on every detector,
   * since a detector only looks at its queue when it tracks something new.
   */
  static void collectLeaks() {
    for (int round = 0; round < GC_ROUNDS; round++) {
      awaitGarbageCollection();
      drainDetectors();
    }
  }

  private static void awaitGarbageCollection() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
    try {
      for (int attempt = 0; attempt < 4; attempt++) {
        System.gc();
        if (queue.remove(GC_WAIT_MILLIS) != null) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      Reference.reachabilityFence(sentinel);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void drainDetectors() {
    for (ByteBufAllocator allocator :
        List.of(
            UnpooledByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT, ByteBufAllocator.DEFAULT)) {
      ByteBuf heap = allocator.heapBuffer(8);
      heap.release();
      ByteBuf direct = allocator.directBuffer(8);
      direct.release();
    }
    List<RecordingDetector<?>> detectors;
    synchronized (DETECTORS) {
      detectors = new ArrayList<>(DETECTORS);
    }
    for (RecordingDetector detector : detectors) {
      Object probe = new Object();
      ResourceLeakTracker tracker = detector.trackForcibly(probe);
      if (tracker != null) {
        tracker.close(probe);
      }
    }
  }

  private static void record(Leak leak) {
    synchronized (LEAKS) {
      LEAKS.add(leak);
    }
  }

  /** Makes {@link RecordingDetector}s and remembers them. */
  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval) {
      RecordingDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
      synchronized (DETECTORS) {
        DETECTORS.add(detector);
      }
      if (resource == ByteBuf.class) {
        byteBufDetectorIsOurs = true;
      }
      return detector;
    }

    @Override
    @Deprecated
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return newResourceLeakDetector(resource, samplingInterval);
    }
  }

  /** Netty's detector, reporting to {@link #LEAKS} as well as to its log. */
  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<?> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    /** Always report: Netty's default skips reporting when its logger has ERROR turned off. */
    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      record(new Leak(resourceType, records));
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      record(new Leak(resourceType, ""));
      super.reportUntracedLeak(resourceType);
    }
  }
}
