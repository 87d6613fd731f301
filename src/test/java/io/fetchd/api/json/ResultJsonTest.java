package io.fetchd.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.client.ConnectTimeoutException;
import io.fetchd.client.FailureDetails;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Hop;
import io.fetchd.client.Timings;
import io.fetchd.client.TlsInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
  private static String render(UrlOutcome o, BodyMode mode) {
    try (JsonWriter w = new JsonWriter(UnpooledByteBufAllocator.DEFAULT)) {
      ResultJson.write(w, o, mode);
      ByteBuf b = w.take();
      try {
        return b.toString(StandardCharsets.UTF_8);
      } finally {
        b.release();
      }
    }
  }

  private static Timings timings(Duration dns, Duration total) {
    return new Timings(null, dns, Duration.ofNanos(250_000), null, Duration.ofMillis(2), Duration.ofNanos(1), total);
  }

  @Test
  void timingsAreMillisecondsWithThreeDecimalsAndMissingPhasesAreAbsent() throws Exception {
    FetchResult r =
        new FetchResult("http://a/", "http://a/", 200, List.of(), null, 0, null, null, 1, List.of(), false,
            List.of(new Hop("http://a/", 200, timings(null, Duration.ofNanos(1_234_567)), false)), null,
            timings(null, Duration.ofNanos(1_234_567)));
    String json = render(new UrlOutcome(0, "http://a/", r, null), BodyMode.NONE);
    assertTrue(json.contains("\"totalMs\":1.235"), json);
    assertTrue(json.contains("\"connectMs\":0.250"), json);
    assertTrue(json.contains("\"transferMs\":0.000"), json);
    assertFalse(json.contains("dnsMs"), json);
    assertFalse(json.contains("queueMs"), json);
    assertFalse(json.contains("tlsMs"), json);
    assertTrue(json.contains("\"redirectChain\":[]"), json);
  }

  @Test
  void tlsAndRedirectChainAreWrittenWhenPresent() throws Exception {
    FetchResult r =
        new FetchResult("https://a/", "https://b/", 200, List.of(), "text/html", 3, "ab", "hey".getBytes(), 1,
            List.of(), true,
            List.of(new Hop("https://a/", 301, timings(null, Duration.ofMillis(1)), false),
                new Hop("https://b/", 200, timings(null, Duration.ofMillis(1)), true)),
            new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", Instant.parse("2030-01-01T00:00:00Z"), "https://b/"),
            timings(Duration.ofMillis(3), Duration.ofMillis(9)));
    String json = render(new UrlOutcome(2, "https://a/", r, null), BodyMode.BYTES);
    assertTrue(json.contains("\"redirects\":1"), json);
    assertTrue(json.contains("\"redirectChain\":[{\"url\":\"https://a/\",\"status\":301"), json);
    assertTrue(json.contains("\"certificateExpiry\":\"2030-01-01T00:00:00Z\""), json);
    assertTrue(json.contains("\"body\":\"aGV5\""), json);
    assertTrue(json.contains("\"dnsMs\":3.000"), json);
  }

  @Test
  void aFailureUsesItsDetailsForAttemptsAndTimings() throws Exception {
    ConnectTimeoutException e = new ConnectTimeoutException("connect timed out after 5s");
    e.attachDetails(new FailureDetails("http://a/", "http://a/", 3, List.of(), List.of(),
        timings(null, Duration.ofMillis(15))));
    String json = render(new UrlOutcome(0, "http://a/", null, e), BodyMode.NONE);
    assertEquals(
        "{\"index\":0,\"url\":\"http://a/\",\"ok\":false,\"attempts\":3,\"redirectChain\":[],"
            + "\"timings\":{\"connectMs\":0.250,\"ttfbMs\":2.000,\"transferMs\":0.000,\"totalMs\":15.000},"
            + "\"error\":{\"type\":\"" + e.type() + "\",\"message\":\"connect timed out after 5s\"}}",
        json);
  }

  @Test
  void millisecondsMatchDecimalRoundingHalfUpToTheMicrosecond() {
    java.util.Random random = new java.util.Random(7);
    long[] edges = {0, 1, 499, 500, 501, 999, 1000, 1499, 1500, 999_499, 999_500, 1_234_567, -1, -499, -500,
        -1500, -1_234_567, Long.MAX_VALUE, Long.MAX_VALUE - 499, Long.MIN_VALUE + 500, 86_400_000_000_000L};
    for (int k = 0; k < edges.length + 20_000; k++) {
      long nanos = k < edges.length ? edges[k] : (k % 2 == 0 ? random.nextLong() : random.nextInt(100_000_000));
      String expected = java.math.BigDecimal.valueOf(nanos, 6)
          .setScale(3, java.math.RoundingMode.HALF_UP).toPlainString();
      byte[] out = new byte[JsonEncoding.MILLIS_MAX_CHARS];
      int n = JsonEncoding.formatMillis(nanos, out);
      assertEquals(expected, new String(out, out.length - n, n, StandardCharsets.US_ASCII), "nanos " + nanos);
    }
  }
}
