package io.fetchd.client.internal;

import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where a response body goes: counted always, hashed with SHA-256 when asked, copied into a
 * growing array when kept. Never holds a {@link ByteBuf}: the caller keeps ownership of what it
 * passes and releases it. The caller enforces the size cap before calling {@link #accept}.
 *
 * <p>A kept body's bytes are reserved in the memory budget ({@link MemoryKind#KEPT_BODIES}) as
 * they arrive: {@link #accept} refuses (returns false, keeping nothing) when the budget has no
 * room, and {@link #releaseReservation} gives everything back when the exchange ends. Reactor
 * thread only.
 */
final class BodySink {
  private final MessageDigest sha;
  private final boolean keep;
  private final MemoryBudget budget;
  private byte[] kept;
  private int keptLength;
  private long total;
  private long reserved;

  BodySink(boolean keep, boolean sha256) {
    this(keep, sha256, MemoryBudget.unlimited());
  }

  BodySink(boolean keep, boolean sha256, MemoryBudget budget) {
    this.keep = keep;
    this.sha = sha256 ? newSha256() : null;
    this.budget = budget;
  }

  /** Never updated; each body hashes with a clone, which skips the provider lookup. */
  private static final MessageDigest SHA256_PROTOTYPE = sha256Instance();

  private static MessageDigest sha256Instance() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return (MessageDigest) SHA256_PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return sha256Instance();
    }
  }

  /**
   * Takes {@code content}'s readable bytes. Returns false, taking nothing, when the body is kept and
   * the memory budget cannot reserve them.
   */
  boolean accept(ByteBuf content) {
    int n = content.readableBytes();
    if (n == 0) {
      return true;
    }
    if (keep) {
      if (!budget.tryReserve(MemoryKind.KEPT_BODIES, n)) {
        return false;
      }
      reserved += n;
    }
    total += n;
    if (sha != null) {
      if (content.nioBufferCount() == 1) {
        sha.update(content.nioBuffer());
      } else {
        for (java.nio.ByteBuffer b : content.nioBuffers()) {
          sha.update(b);
        }
      }
    }
    if (keep) {
      if (kept == null) {
        kept = new byte[Math.max(n, 8192)];
      } else if (keptLength + n > kept.length) {
        kept = Arrays.copyOf(kept, Math.max(keptLength + n, kept.length * 2));
      }
      content.getBytes(content.readerIndex(), kept, keptLength, n);
      keptLength += n;
    }
    return true;
  }

  /** Gives back what {@link #accept} reserved; the exchange is over. Idempotent. */
  void releaseReservation() {
    if (reserved > 0) {
      budget.release(MemoryKind.KEPT_BODIES, reserved);
      reserved = 0;
    }
  }

  long total() {
    return total;
  }

  /** Lower-case hex SHA-256 of everything accepted, or null when not hashing. Call once. */
  String sha256Hex() {
    return sha == null ? null : HexFormat.of().formatHex(sha.digest());
  }

  /** The kept body, or null when not keeping. */
  byte[] body() {
    if (!keep) {
      return null;
    }
    return kept == null ? new byte[0] : Arrays.copyOf(kept, keptLength);
  }
}
