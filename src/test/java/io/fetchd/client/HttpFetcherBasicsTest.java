package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpFetcherBasicsTest {
  private MockWebServer server;
  private FetcherHarness h;

  @BeforeEach
  void setUp() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness();
  }

  @AfterEach
  void tearDown() {
    h.close();
    server.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  @Test
  void getReturnsStatusBodyHashAndTimings() throws Exception {
    server.enqueue(new MockResponse.Builder().body("hello").setHeader("Content-Type", "text/plain").build());
    FetchResult r =
        h.fetch(new FetchRequest(url("/a"), RequestOptions.DEFAULTS.withBody(BodyMode.TEXT))).ok();
    assertEquals(200, r.status());
    assertEquals("hello", r.bodyText());
    assertEquals(5, r.bytes());
    String expected =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest("hello".getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, r.sha256());
    assertEquals("text/plain", r.contentType());
    assertEquals(1, r.attempts());
    assertFalse(r.connectionReused());
    assertNull(r.timings().dns(), "an IP literal needs no DNS");
    assertNull(r.timings().tls(), "plain HTTP has no TLS phase");
    assertNotNull(r.timings().connect());
    assertNotNull(r.timings().ttfb());
    assertNotNull(r.timings().total());
    assertNull(r.tls());
  }

  @Test
  void hostNameIsResolvedThroughTheHostsFileAndTimed() {
    server.enqueue(new MockResponse.Builder().body("x").build());
    FetchResult r = h.fetch("http://localhost:" + server.getPort() + "/dns").ok();
    assertNotNull(r.timings().dns(), "a host name is resolved");
  }

  @Test
  void requestCarriesDefaultUserAgentAcceptEncodingAndCustomHeaders() throws Exception {
    server.enqueue(new MockResponse.Builder().body("x").build());
    h.fetch(
            new FetchRequest(
                url("/h"), RequestOptions.DEFAULTS.withHeaders(List.of(new Header("X-Test", "yes")))))
        .ok();
    RecordedRequest req = server.takeRequest();
    assertEquals("fetchd/" + Version.VERSION, req.getHeaders().get("User-Agent"));
    assertEquals("gzip, deflate", req.getHeaders().get("Accept-Encoding"));
    assertEquals("yes", req.getHeaders().get("X-Test"));
  }

  @Test
  void noneBodyModeKeepsNoBodyButCountsAndHashes() {
    server.enqueue(new MockResponse.Builder().body("abcdef").build());
    FetchResult r = h.fetch(url("/n")).ok();
    assertNull(r.body());
    assertEquals(6, r.bytes());
    assertNotNull(r.sha256());
  }

  @Test
  void headersAreKeptByDefaultAndDroppedOnRequest() {
    server.enqueue(new MockResponse.Builder().body("x").setHeader("Content-Type", "text/plain").setHeader("X-Up", "1").build());
    server.enqueue(new MockResponse.Builder().body("x").setHeader("Content-Type", "text/plain").setHeader("X-Up", "1").build());
    assertEquals("1", h.fetch(url("/kept")).ok().header("X-Up"));
    FetchResult lean =
        h.fetch(new FetchRequest(url("/dropped"), RequestOptions.DEFAULTS.withKeepHeaders(false))).ok();
    assertTrue(lean.headers().isEmpty());
    assertEquals("text/plain", lean.contentType(), "the content type is kept either way");
  }

  @Test
  void headRequestHasNoBody() throws Exception {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Length", "1234").build());
    FetchResult r =
        h.fetch(new FetchRequest(url("/head"), RequestOptions.DEFAULTS.withMethod(FetchMethod.HEAD))).ok();
    assertEquals(0, r.bytes());
    assertEquals("HEAD", server.takeRequest().getMethod());
  }

  @Test
  void keepAliveReusesOneConnectionForSequentialFetches() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().body("r" + i).build());
    }
    FetchResult first = h.fetch(url("/1")).ok();
    FetchResult second = h.fetch(url("/2")).ok();
    FetchResult third = h.fetch(url("/3")).ok();
    assertFalse(first.connectionReused());
    assertTrue(second.connectionReused());
    assertTrue(third.connectionReused());
    assertNull(second.timings().connect(), "a reused connection has no connect phase");
    assertEquals(1, (int) h.onLoop(h.fetcher::openConnections));
  }

  @Test
  void non2xxFinalStatusFailsWithHttpStatusCarryingTheResult() {
    server.enqueue(new MockResponse.Builder().code(404).body("nope").build());
    HttpStatusException e = h.fetch(url("/missing")).failed(HttpStatusException.class);
    assertEquals(404, e.status());
    assertEquals("HttpStatus", e.type());
    assertEquals(404, e.result().status());
    assertEquals(4, e.result().bytes());
  }

  @Test
  void gzipBodyIsDecompressed() throws Exception {
    Buffer gz = new Buffer();
    try (var out = new java.util.zip.GZIPOutputStream(gz.outputStream())) {
      out.write("compressed hello".getBytes(StandardCharsets.UTF_8));
    }
    server.enqueue(new MockResponse.Builder().setHeader("Content-Encoding", "gzip").body(gz).build());
    FetchResult r =
        h.fetch(new FetchRequest(url("/gz"), RequestOptions.DEFAULTS.withBody(BodyMode.TEXT))).ok();
    assertEquals("compressed hello", r.bodyText());
    assertNull(r.header("Content-Encoding"));
  }

  @Test
  void invalidUrlFailsWithoutAnyRequest() {
    h.fetch("a_bad_url").failed(InvalidUrlException.class);
    h.fetch("ftp://127.0.0.1/x").failed(UnsupportedSchemeException.class);
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void headerWithCrLfIsRefusedBeforeConnecting() {
    InvalidRequestException e =
        h.fetch(
                new FetchRequest(
                    url("/x"),
                    RequestOptions.DEFAULTS.withHeaders(List.of(new Header("X-Evil", "a\r\nInjected: 1")))))
            .failed(InvalidRequestException.class);
    assertTrue(e.getMessage().contains("X-Evil"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }
}
