package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.testing.upstream.Behaviour;
import io.fetchd.testing.upstream.EndlessBody;
import io.fetchd.testing.upstream.GzipBomb;
import io.fetchd.testing.upstream.HostileHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The body cap ({@link RequestOptions#maxBodyBytes()}, after decompression) against upstreams
 * that never stop: the fetch fails with {@link BodyTooLargeException} at the cap, the connection is
 * closed so the upstream stops sending, and neither heap nor bytes on the wire grow with what the
 * upstream was willing to send.
 */
class BodyLimitsTest {
  private static final long MIB = 1024 * 1024;
  private static final long CAP = RequestOptions.DEFAULT_MAX_BODY_BYTES;
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Far below the 1 GiB and more the hostile upstreams would send, far above the 10 MiB cap. */
  private static final long FLAT = 64 * MIB;

  private HostileHttpServer server;
  private FetcherHarness h;

  @BeforeEach
  void setUp() {
    server = HostileHttpServer.start();
    h = new FetcherHarness();
  }

  @AfterEach
  void tearDown() {
    h.close();
    server.close();
  }

  private FetcherHarness.Outcome fetch(String path, RequestOptions options) {
    return h.fetch(new FetchRequest(server.url(path), options));
  }

  private static RequestOptions keeping(BodyMode mode) {
    return RequestOptions.DEFAULTS.withBody(mode);
  }

  @Test
  void endlessChunkedBodyFailsAtTheDefaultCapAndTheConnectionIsClosed() throws Exception {
    EndlessBody endless = Behaviour.endlessBody(true);
    server.route("/endless", endless);

    BodyTooLargeException e =
        fetch("/endless", RequestOptions.DEFAULTS).failed(BodyTooLargeException.class);

    assertEquals("BodyTooLarge", e.type());
    assertTrue(endless.awaitStreamsEnded(1, WAIT), "the upstream saw the connection go");
    assertTrue(server.awaitOpenConnectionsAtMost(0, WAIT));
    assertEquals(0, (int) h.onLoop(h.fetcher::openConnections));
    assertTrue(endless.bytesSent() < FLAT, "sent " + endless.bytesSent());
  }

  @Test
  void endlessCloseDelimitedBodyFailsAtTheDefaultCapAndTheConnectionIsClosed() throws Exception {
    EndlessBody endless = Behaviour.endlessBody(false);
    server.route("/endless", endless);

    fetch("/endless", RequestOptions.DEFAULTS).failed(BodyTooLargeException.class);

    assertTrue(endless.awaitStreamsEnded(1, WAIT), "the upstream saw the connection go");
    assertTrue(server.awaitOpenConnectionsAtMost(0, WAIT));
    assertEquals(0, (int) h.onLoop(h.fetcher::openConnections));
    assertTrue(endless.bytesSent() < FLAT, "sent " + endless.bytesSent());
  }

  @Test
  void endlessBodyKeptAsBytesLeavesHeapFlat() throws Exception {
    assertEndlessBodyLeavesHeapFlat(BodyMode.BYTES);
  }

  @Test
  void endlessBodyKeptAsNothingLeavesHeapFlat() throws Exception {
    assertEndlessBodyLeavesHeapFlat(BodyMode.NONE);
  }

  /**
   * The upstream would send forever (well past 1 GiB); with a 10 MiB cap the fetch stops there, so
   * neither the bytes sent nor the heap retained afterwards come near 64 MiB.
   */
  private void assertEndlessBodyLeavesHeapFlat(BodyMode mode) throws Exception {
    EndlessBody endless = Behaviour.endlessBody(true);
    server.route("/endless", endless);
    long before = usedHeapAfterGc();

    fetch("/endless", keeping(mode).withMaxBodyBytes(10 * MIB)).failed(BodyTooLargeException.class);
    assertTrue(endless.awaitStreamsEnded(1, WAIT));

    long after = usedHeapAfterGc();
    assertTrue(endless.bytesSent() < FLAT, "sent " + endless.bytesSent());
    assertTrue(after - before < FLAT, "heap grew by " + (after - before) + " bytes");
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  void gzipBombFailsAtTheCapWithoutInflatingItAll() throws Exception {
    GzipBomb bomb = Behaviour.gzipBomb(1024 * MIB);
    server.route("/bomb", bomb);
    long before = usedHeapAfterGc();

    fetch("/bomb", keeping(BodyMode.BYTES)).failed(BodyTooLargeException.class);

    assertTrue(bomb.awaitStreamsEnded(1, WAIT), "the upstream saw the connection go");
    long after = usedHeapAfterGc();
    // The whole 1 GiB bomb is about 1 MiB compressed; 10 MiB of zeros is about 10 KiB.
    assertTrue(bomb.bytesSent() < MIB / 2, "sent " + bomb.bytesSent());
    assertTrue(after - before < FLAT, "heap grew by " + (after - before) + " bytes");
  }

  @Test
  void gzipBodyInflatingFarBeyondOneDecompressionBufferIsKeptWhole() throws Exception {
    // About 1 MiB of text in a few KiB of gzip: each 16 KiB HTTP chunk inflates to far more than
    // one 64 KiB decompression buffer.
    String text = "fetchd compressible line of text, repeated\n".repeat(25_000);
    byte[] gz = gzip(text.getBytes(StandardCharsets.UTF_8));
    server.route(
        "/gz",
        Behaviour.ok(200, Map.of("Content-Type", "text/plain", "Content-Encoding", "gzip"), gz));

    FetchResult r = fetch("/gz", keeping(BodyMode.TEXT)).ok();

    assertEquals(text.length(), r.bytes());
    assertEquals(text, r.bodyText());
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void gzipStreamCutBeforeItsTrailerIsAProtocolError() {
    server.route("/cut", Behaviour.truncatedGzip());
    fetch("/cut", keeping(BodyMode.BYTES)).failed(ProtocolErrorException.class);
  }

  @Test
  void bodyExactlyAtTheDefaultCapSucceeds() {
    byte[] body = filler((int) CAP);
    server.route("/at", Behaviour.ok(200, Map.of("Content-Type", "application/octet-stream"), body));

    FetchResult r = fetch("/at", keeping(BodyMode.BYTES)).ok();

    assertEquals(CAP, r.bytes());
    assertArrayEquals(body, r.body());
  }

  @Test
  void bodyOneByteOverTheDefaultCapFails() {
    byte[] body = filler((int) CAP + 1);
    server.route("/over", Behaviour.ok(200, Map.of("Content-Type", "application/octet-stream"), body));

    fetch("/over", keeping(BodyMode.BYTES)).failed(BodyTooLargeException.class);
  }

  @Test
  void capIsEnforcedWhenKeepingText() {
    server.route("/text", Behaviour.ok("x".repeat(1001)));

    fetch("/text", keeping(BodyMode.TEXT).withMaxBodyBytes(1000)).failed(BodyTooLargeException.class);
  }

  @Test
  void textBodyAtASmallCapIsKeptWhole() {
    server.route("/text", Behaviour.ok("y".repeat(1000)));

    FetchResult r = fetch("/text", keeping(BodyMode.TEXT).withMaxBodyBytes(1000)).ok();

    assertEquals("y".repeat(1000), r.bodyText());
  }

  private static byte[] filler(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'z');
    return b;
  }
}
