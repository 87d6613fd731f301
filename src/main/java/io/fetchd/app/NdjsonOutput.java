package io.fetchd.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fetchd.api.ResultJson;
import io.fetchd.batch.Batch;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes {@code fetch}'s standard output: one JSON line per URL in the REST API's result shape
 * ({@link ResultJson}), flushed at once, then {@code {"summary":{"total","succeeded","failed",
 * "elapsedMs"}}}, the API's summary shape.
 *
 * <p>Writing happens on the reactor thread. That is a deliberate exception to "never block the
 * loop": the command's loop serves only this batch, and a reader slower than the fetches then
 * slows the fetches instead of fetchd buffering lines without bound.
 *
 * <p>Thread rule: reactor thread only.
 */
final class NdjsonOutput {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final PrintStream out;
  private final BodyMode body;

  NdjsonOutput(PrintStream out, BodyMode body) {
    this.out = out;
    this.body = body;
  }

  /** Writes one URL's line. */
  void outcome(UrlOutcome outcome) {
    out.println(render(g -> ResultJson.write(g, outcome, body)));
    out.flush();
  }

  /** Writes the summary line. */
  void summary(Batch batch) {
    out.println(render(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("summary");
      g.writeNumberField("total", batch.size());
      g.writeNumberField("succeeded", batch.succeeded());
      g.writeNumberField("failed", batch.failed());
      g.writeFieldName("elapsedMs");
      g.writeNumber(BigDecimal.valueOf(batch.elapsed().toNanos(), 6).setScale(3, RoundingMode.HALF_UP));
      g.writeEndObject();
      g.writeEndObject();
    }));
    out.flush();
  }

  /** True once writing to standard output has failed (e.g. the reader went away). */
  boolean broken() {
    return out.checkError();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String render(Body b) {
    StringWriter sw = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(sw)) {
      b.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return sw.toString();
  }
}
