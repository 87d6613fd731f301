package io.fetchd.app;

import io.fetchd.api.json.BatchSummary;
import io.fetchd.api.json.JsonWriter;
import io.fetchd.api.json.ResultJson;
import io.fetchd.batch.Batch;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.PrintStream;

/**
 * Writes {@code fetch}'s standard output: one JSON line per URL in the REST API's result shape
 * ({@link ResultJson}), flushed at once, then {@code {"summary":{"total","succeeded","failed",
 * "elapsedMs"}}}, the API's summary shape. Lines are UTF-8 whatever the platform's charset.
 *
 * <p>Writing happens on the reactor thread. That is a deliberate exception to "never block the
 * loop": the command's loop serves only this batch, and a reader slower than the fetches then
 * slows the fetches instead of fetchd buffering lines without bound.
 *
 * <p>Thread rule: reactor thread only.
 */
final class NdjsonOutput {
  private final PrintStream out;
  private final BodyMode body;
  private final JsonWriter json = new JsonWriter(UnpooledByteBufAllocator.DEFAULT);

  NdjsonOutput(PrintStream out, BodyMode body) {
    this.out = out;
    this.body = body;
  }

  /** Writes one URL's line. */
  void outcome(UrlOutcome outcome) {
    ResultJson.write(json, outcome, body);
    emitLine();
  }

  /** Writes the summary line. */
  void summary(Batch batch) {
    json.startObject();
    BatchSummary.writeSummaryField(json, batch);
    json.endObject();
    emitLine();
  }

  /** True once writing to standard output has failed (e.g. the reader went away). */
  boolean broken() {
    return out.checkError();
  }

  private void emitLine() {
    json.newline();
    ByteBuf line = json.take();
    byte[] bytes;
    try {
      bytes = ByteBufUtil.getBytes(line);
    } finally {
      line.release();
    }
    out.write(bytes, 0, bytes.length); // a PrintStream records failures for broken()
    out.flush();
  }
}
