package io.fetchd.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A JSON generator whose output is cut into buffers: write some JSON, {@link #take()} what was
 * written as one {@code ByteBuf} (a response chunk), write more. The generator keeps its nesting
 * across cuts, so one document can span many chunks and memory stays at one chunk.
 *
 * <p>Ownership: {@link #take()} hands the buffer to the caller; {@link #close()} releases whatever
 * was written but not taken. Thread rule: one thread (the reactor's) at a time.
 */
final class JsonStream implements AutoCloseable {
  private final ByteBufAllocator alloc;
  private final JsonGenerator generator;
  private ByteBuf current;
  private boolean closed;

  JsonStream(ByteBufAllocator alloc) {
    this.alloc = alloc;
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            buffer().writeByte(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            buffer().writeBytes(b, off, len);
          }
        };
    try {
      this.generator = Json.FACTORY.createGenerator(sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    generator.setRootValueSeparator(null);
  }

  private ByteBuf buffer() {
    if (closed) {
      throw new IllegalStateException("JsonStream is closed");
    }
    if (current == null) {
      current = alloc.buffer();
    }
    return current;
  }

  JsonGenerator generator() {
    return generator;
  }

  /** Bytes written since the last {@link #take()}, including Jackson's own buffer. */
  int pending() {
    return generator.getOutputBuffered() + (current == null ? 0 : current.readableBytes());
  }

  /** Everything written since the last call, as a buffer the caller now owns (maybe empty). */
  ByteBuf take() throws IOException {
    generator.flush();
    ByteBuf b = current;
    current = null;
    return b == null ? Unpooled.EMPTY_BUFFER : b;
  }

  /** Drops unfinished output and releases the buffer not taken. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      generator.close();
    } catch (IOException | RuntimeException ignored) {
      // nothing to report: the output is being thrown away
    }
    closed = true;
    if (current != null) {
      current.release();
      current = null;
    }
  }
}
