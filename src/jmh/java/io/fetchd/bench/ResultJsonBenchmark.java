package io.fetchd.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.fetchd.api.json.JsonWriter;
import io.fetchd.api.json.ResultJson;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Hop;
import io.fetchd.client.Timings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of writing one URL's result as the service does, per result, in chunks of {@value
 * #RESULTS} results (about one 16 KiB response chunk) taken as a pooled buffer each: {@link
 * #jsonWriter}, {@link ResultJson} on one {@link JsonWriter} (what the service does since session
 * 5), against {@link #jacksonGenerator}, one Jackson UTF-8 generator over an {@code OutputStream}
 * into the current buffer, writing the same document (what it did before). The result is a
 * {@code /small} success on a reused connection, as in the benchmark's workloads. Single-threaded,
 * as on the reactor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResultJsonBenchmark {
  static final int RESULTS = 40; // about one 16 KiB chunk

  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final JsonFactory jackson = new JsonFactory();
  private UrlOutcome outcome;

  @Setup
  public void setUp() {
    String url = "http://127.0.0.1:18280/small";
    Timings t = new Timings(Duration.ofNanos(1_234), null, null, null, Duration.ofNanos(234_567),
        Duration.ofNanos(1_234), Duration.ofNanos(456_789));
    FetchResult r = new FetchResult(url, url, 200, List.of(), "text/plain", 100, null, null, 1,
        List.of(Duration.ofNanos(400_000)), true, List.of(new Hop(url, 200, t, true)), null, t);
    outcome = new UrlOutcome(12_345, url, r, null);
    // Both sides must write the same bytes, or the comparison means nothing.
    String ours = render(true);
    String theirs = render(false);
    if (!ours.equals(theirs)) {
      throw new IllegalStateException("the two writers differ:\n" + ours + "\n" + theirs);
    }
  }

  private String render(boolean ours) {
    try (JsonWriter w = new JsonWriter(alloc)) {
      ByteBuf b;
      if (ours) {
        ResultJson.write(w, outcome, BodyMode.NONE);
        b = w.take();
      } else {
        b = alloc.buffer();
        try (JsonGenerator g = jackson.createGenerator((OutputStream) new ByteBufOutputStream(b))) {
          writeWithJackson(g, outcome);
        }
      }
      String s = b.toString(java.nio.charset.StandardCharsets.UTF_8);
      b.release();
      return s;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One writer for the whole run, as a response keeps one for all its chunks. */
  private JsonWriter writer;
  /** Jackson's generator for the whole run, over {@link #sink}, as the service used to keep one. */
  private JsonGenerator generator;
  private ByteBuf current;

  @Setup
  public void openWriters() throws IOException {
    writer = new JsonWriter(alloc);
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            current.writeByte(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            current.writeBytes(b, off, len);
          }
        };
    generator = jackson.createGenerator(sink);
    generator.setRootValueSeparator(null);
  }

  @TearDown
  public void closeWriters() throws IOException {
    writer.close();
    current = alloc.buffer();
    generator.close();
    current.release();
  }

  @Benchmark
  @OperationsPerInvocation(RESULTS)
  public int jsonWriter() {
    for (int i = 0; i < RESULTS; i++) {
      ResultJson.write(writer, outcome, BodyMode.NONE);
    }
    ByteBuf b = writer.take();
    int n = b.readableBytes();
    b.release();
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(RESULTS)
  public int jacksonGenerator() throws IOException {
    current = alloc.buffer();
    for (int i = 0; i < RESULTS; i++) {
      writeWithJackson(generator, outcome);
    }
    generator.flush();
    ByteBuf b = current;
    int n = b.readableBytes();
    b.release();
    return n;
  }

  // Field names encoded once, as ResultJson did with Jackson (SerializedString).
  private static final SerializedString INDEX = new SerializedString("index");
  private static final SerializedString URL = new SerializedString("url");
  private static final SerializedString OK = new SerializedString("ok");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString FINAL_URL = new SerializedString("finalUrl");
  private static final SerializedString REDIRECTS = new SerializedString("redirects");
  private static final SerializedString CONTENT_TYPE = new SerializedString("contentType");
  private static final SerializedString BYTES = new SerializedString("bytes");
  private static final SerializedString ATTEMPTS = new SerializedString("attempts");
  private static final SerializedString CONNECTION_REUSED = new SerializedString("connectionReused");
  private static final SerializedString REDIRECT_CHAIN = new SerializedString("redirectChain");
  private static final SerializedString TIMINGS = new SerializedString("timings");
  private static final SerializedString[] PHASES = {
    new SerializedString("queueMs"), new SerializedString("ttfbMs"),
    new SerializedString("transferMs"), new SerializedString("totalMs")
  };

  /** The same document through Jackson's generator: the shape ResultJson writes for this result. */
  private static void writeWithJackson(JsonGenerator g, UrlOutcome o) throws IOException {
    FetchResult r = o.result();
    g.writeStartObject();
    g.writeFieldName(INDEX);
    g.writeNumber(o.index());
    g.writeFieldName(URL);
    g.writeString(o.url());
    g.writeFieldName(OK);
    g.writeBoolean(o.ok());
    g.writeFieldName(STATUS);
    g.writeNumber(r.status());
    g.writeFieldName(FINAL_URL);
    g.writeString(r.finalUrl());
    g.writeFieldName(REDIRECTS);
    g.writeNumber(r.redirects());
    g.writeFieldName(CONTENT_TYPE);
    g.writeString(r.contentType());
    g.writeFieldName(BYTES);
    g.writeNumber(r.bytes());
    g.writeFieldName(ATTEMPTS);
    g.writeNumber(r.attempts());
    g.writeFieldName(CONNECTION_REUSED);
    g.writeBoolean(r.connectionReused());
    g.writeFieldName(REDIRECT_CHAIN);
    g.writeStartArray();
    g.writeEndArray();
    g.writeFieldName(TIMINGS);
    g.writeStartObject();
    Timings t = r.timings();
    Duration[] phases = {t.queue(), t.ttfb(), t.transfer(), t.total()};
    for (int i = 0; i < phases.length; i++) {
      g.writeFieldName(PHASES[i]);
      writeMillis(g, phases[i].toNanos());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Milliseconds with three decimals into a char array, as the Jackson-based writer did. */
  private static void writeMillis(JsonGenerator g, long nanos) throws IOException {
    char[] out = new char[24];
    long micros = (nanos / 2 + 250) / 500;
    int i = out.length;
    long whole = micros / 1000;
    int frac = (int) (micros % 1000);
    out[--i] = (char) ('0' + frac % 10);
    out[--i] = (char) ('0' + frac / 10 % 10);
    out[--i] = (char) ('0' + frac / 100);
    out[--i] = '.';
    do {
      out[--i] = (char) ('0' + whole % 10);
      whole /= 10;
    } while (whole != 0);
    g.writeNumber(out, i, out.length - i);
  }
}
