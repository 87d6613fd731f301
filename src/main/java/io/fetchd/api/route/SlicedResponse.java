package io.fetchd.api.route;

import io.fetchd.api.http.Responder;
import io.fetchd.api.json.JsonWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A chunked JSON response written a slice at a time: slices fill a chunk of about {@link
 * #CHUNK_BYTES}, the chunk is written, and the next one is made only once the previous write has
 * completed. So a response of thousands of results never sits whole in memory and never holds the
 * loop for long.
 *
 * <p>Thread rule: reactor thread only.
 */
final class SlicedResponse {
  private static final System.Logger LOG = System.getLogger(SlicedResponse.class.getName());

  /** The chunk size aimed at: 16 KiB ({@link JsonWriter#CHUNK_BYTES}). */
  static final int CHUNK_BYTES = JsonWriter.CHUNK_BYTES;

  /** Writes a document piece by piece. */
  @FunctionalInterface
  interface Slices {
    /** Writes the next piece; returns true while more pieces remain. */
    boolean writeNext(JsonWriter w);
  }

  private final Responder out;
  private final Slices slices;
  private final JsonWriter json;

  private SlicedResponse(Responder out, Slices slices) {
    this.out = out;
    this.slices = slices;
    this.json = new JsonWriter(out.alloc());
  }

  /**
   * Starts writing {@code slices} as a chunked {@code application/json} response; for {@code
   * HEAD}, sends the head and ends without making a slice.
   */
  static void send(Responder out, HttpResponseStatus status, Slices slices) {
    if (!out.isOpen()) {
      out.abort();
      return;
    }
    out.startStream(status, HttpHeaderValues.APPLICATION_JSON);
    if (out.isHeadOnly()) {
      out.endStream(Unpooled.EMPTY_BUFFER);
      return;
    }
    new SlicedResponse(out, slices).pump();
  }

  private void pump() {
    try {
      if (!out.isOpen()) {
        json.close();
        out.abort();
        return;
      }
      boolean more = true;
      while (more && json.pending() < CHUNK_BYTES) {
        more = slices.writeNext(json);
      }
      ByteBuf chunk = json.take();
      if (!more) {
        json.close();
        out.endStream(chunk);
        return;
      }
      out.writeChunk(chunk).addListener(f -> {
        if (f.isSuccess()) {
          pump();
        } else {
          json.close();
          out.abort();
        }
      });
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "failed while writing a response; closing the connection", e);
      json.close();
      out.abort();
    }
  }
}
