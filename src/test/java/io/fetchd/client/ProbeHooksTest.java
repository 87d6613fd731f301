package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLSession;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client hooks a blackbox probe needs, on loopback: the per-request {@link FetchObserver}, a
 * request body, redirect loops counted to the limit, bodies kept as received, and the TLS server
 * name and minimum version of a fetcher.
 */
class ProbeHooksTest {
  @TempDir Path dir;

  private final MockWebServer server = new MockWebServer();
  private FetcherHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    server.close();
  }

  /** Records every event, in order, as text. */
  static final class Recorder implements FetchObserver {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<List<Header>> heads = new CopyOnWriteArrayList<>();
    volatile SSLSession session;

    @Override
    public void dialing(String url, InetAddress address) {
      events.add("dialing " + address.getHostAddress());
    }

    @Override
    public void tlsEstablished(String url, SSLSession s) {
      session = s;
      events.add("tls " + s.getProtocol());
    }

    @Override
    public void responseHead(String url, int status, String version, List<Header> headers) {
      heads.add(headers);
      events.add("head " + status + " " + version);
    }
  }

  private static String header(List<Header> headers, String name) {
    for (Header x : headers) {
      if (x.is(name)) {
        return x.value();
      }
    }
    return null;
  }

  private static HeldCertificate ca() {
    return new HeldCertificate.Builder().certificateAuthority(0).commonName("probe hooks CA").build();
  }

  private Path pem(HeldCertificate ca) throws Exception {
    Path p = dir.resolve("ca.pem");
    Files.writeString(p, ca.certificatePem(), StandardCharsets.US_ASCII);
    return p;
  }

  private void startHttps(HeldCertificate ca, HeldCertificate leaf, String... protocols) throws Exception {
    HandshakeCertificates serverSide =
        new HandshakeCertificates.Builder().heldCertificate(leaf, ca.certificate()).build();
    server.useHttps(serverSide.sslSocketFactory());
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @Test
  void observerHearsDialingThenTlsThenEachResponseHeadOfAnHttpsFetch() throws Exception {
    HeldCertificate ca = ca();
    HeldCertificate leaf =
        new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").signedBy(ca).build();
    startHttps(ca, leaf);
    Path caFile = pem(ca);
    h = new FetcherHarness(c -> c.withTrustedCaFile(caFile).withoutReuse());
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/b").build());
    server.enqueue(new MockResponse.Builder().body("ok").addHeader("X-Seen", "yes").build());
    Recorder rec = new Recorder();

    h.fetch(new FetchRequest("https://127.0.0.1:" + server.getPort() + "/a", RequestOptions.DEFAULTS, rec)).ok();

    String tls = "tls " + rec.session.getProtocol();
    assertEquals(
        List.of("dialing 127.0.0.1", tls, "head 302 HTTP/1.1", "dialing 127.0.0.1", tls, "head 200 HTTP/1.1"),
        rec.events, "a fresh connection per hop, each dialled, handshaken and answered in order");
    assertEquals("yes", header(rec.heads.get(1), "X-Seen"));
    assertEquals(leaf.certificate(), rec.session.getPeerCertificates()[0]);
  }

  @Test
  void observerHearsNothingButDialingWhenTheConnectionIsRefused() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    int port = server.getPort();
    server.close();
    h = new FetcherHarness();
    Recorder rec = new Recorder();
    h.fetch(new FetchRequest("http://127.0.0.1:" + port + "/", RequestOptions.DEFAULTS, rec))
        .failed(ConnectRefusedException.class);
    assertEquals(List.of("dialing 127.0.0.1"), rec.events);
  }

  @Test
  void anIpLiteralOfTheWrongFamilyIsADnsFailureWithoutDialling() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness();
    Recorder rec = new Recorder();
    RequestOptions v6 = RequestOptions.DEFAULTS.withIpPreference(IpPreference.ONLY_IP6);
    h.fetch(new FetchRequest("http://127.0.0.1:" + server.getPort() + "/", v6, rec))
        .failed(DnsFailureException.class);
    assertEquals(List.of(), rec.events);
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void requestBodyIsSentWithItsContentLengthAndDroppedAfterA303() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness();
    server.enqueue(new MockResponse.Builder().code(303).addHeader("Location", "/next").build());
    server.enqueue(new MockResponse.Builder().body("done").build());
    RequestOptions post = RequestOptions.DEFAULTS.withMethod(FetchMethod.POST).withRequestBody("héllo");

    h.fetch(new FetchRequest("http://127.0.0.1:" + server.getPort() + "/form", post)).ok();

    RecordedRequest first = server.takeRequest();
    assertEquals("POST", first.getMethod());
    assertEquals("6", first.getHeaders().get("Content-Length"), "UTF-8 bytes, not characters");
    assertEquals("héllo", first.getBody().utf8());
    RecordedRequest second = server.takeRequest();
    assertEquals("GET", second.getMethod(), "303 turns a POST into a GET");
    assertNull(second.getHeaders().get("Content-Length"));
    assertEquals(0, second.getBodySize());
  }

  @Test
  void requestBodyIsKeptAcrossA307() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness();
    server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", "/again").build());
    server.enqueue(new MockResponse.Builder().body("done").build());
    RequestOptions put = RequestOptions.DEFAULTS.withMethod(FetchMethod.PUT).withRequestBody("abc");

    h.fetch(new FetchRequest("http://127.0.0.1:" + server.getPort() + "/x", put)).ok();

    server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertEquals("PUT", second.getMethod());
    assertEquals("abc", second.getBody().utf8());
  }

  @Test
  void redirectLoopWithoutDetectionRunsToTheLimitAndReportsEveryHead() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness();
    for (int i = 0; i < 12; i++) {
      server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/loop").build());
    }
    Recorder rec = new Recorder();
    RequestOptions o = RequestOptions.DEFAULTS.withMaxRedirects(10).withDetectRedirectLoops(false);

    h.fetch(new FetchRequest("http://127.0.0.1:" + server.getPort() + "/loop", o, rec))
        .failed(TooManyRedirectsException.class);

    assertEquals(11, rec.heads.size(), "the first response and ten redirects followed");
    assertEquals(11, server.getRequestCount());
  }

  @Test
  void redirectLoopWithDetectionFailsAtTheFirstRepeat() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness();
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/loop").build());
    RequestOptions o = RequestOptions.DEFAULTS.withMaxRedirects(10);
    h.fetch(new FetchRequest("http://127.0.0.1:" + server.getPort() + "/loop", o))
        .failed(RedirectLoopException.class);
  }

  @Test
  void withoutDecompressionTheBodyAndHeadersAreKeptAsReceivedAndNoEncodingIsAdvertised() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness();
    byte[] gz = gzip("hello hello hello hello".getBytes(StandardCharsets.UTF_8));
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Encoding", "gzip")
            .body(new okio.Buffer().write(gz))
            .build());
    RequestOptions raw = RequestOptions.DEFAULTS.withDecompress(false).withBody(BodyMode.BYTES);

    FetchResult r = h.fetch(new FetchRequest("http://127.0.0.1:" + server.getPort() + "/", raw)).ok();

    assertEquals(gz.length, r.bytes());
    assertTrue(java.util.Arrays.equals(gz, r.body()));
    assertEquals("gzip", r.header("Content-Encoding"));
    assertNull(server.takeRequest().getHeaders().get("Accept-Encoding"));
  }

  @Test
  void withoutDecompressionTheCallersAcceptEncodingIsSent() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness();
    server.enqueue(new MockResponse.Builder().body("x").build());
    RequestOptions raw =
        RequestOptions.DEFAULTS.withDecompress(false).withHeaders(List.of(new Header("Accept-Encoding", "br")));
    h.fetch(new FetchRequest("http://127.0.0.1:" + server.getPort() + "/", raw)).ok();
    assertEquals("br", server.takeRequest().getHeaders().get("Accept-Encoding"));
  }

  @Test
  void withDecompressionTheCallersAcceptEncodingIsReplaced() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness();
    server.enqueue(new MockResponse.Builder().body("x").build());
    RequestOptions o = RequestOptions.DEFAULTS.withHeaders(List.of(new Header("Accept-Encoding", "br")));
    h.fetch(new FetchRequest("http://127.0.0.1:" + server.getPort() + "/", o)).ok();
    assertEquals("gzip, deflate", server.takeRequest().getHeaders().get("Accept-Encoding"));
  }

  @Test
  void tlsServerNameIsSentAndVerifiedInsteadOfTheUrlsHost() throws Exception {
    HeldCertificate ca = ca();
    HeldCertificate leaf =
        new HeldCertificate.Builder().addSubjectAlternativeName("probe.test").signedBy(ca).build();
    startHttps(ca, leaf);
    Path caFile = pem(ca);
    String url = "https://127.0.0.1:" + server.getPort() + "/";
    server.enqueue(new MockResponse.Builder().body("x").build());
    try (FetcherHarness plain = new FetcherHarness(c -> c.withTrustedCaFile(caFile))) {
      plain.fetch(url).failed(TlsFailureException.class);
    }
    h = new FetcherHarness(c -> c.withTrustedCaFile(caFile).withTlsServerName("probe.test"));
    assertEquals(200, h.fetch(url).ok().status());
  }

  @Test
  void tlsMinimumOf13OffersOnly13() throws Exception {
    HeldCertificate ca = ca();
    HeldCertificate leaf =
        new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").signedBy(ca).build();
    startHttps(ca, leaf);
    Path caFile = pem(ca);
    h = new FetcherHarness(c -> c.withTrustedCaFile(caFile).withTlsMinVersion(FetcherConfig.TLS_1_3));
    server.enqueue(new MockResponse.Builder().body("x").build());
    assertEquals("TLSv1.3", h.fetch("https://127.0.0.1:" + server.getPort() + "/").ok().tls().protocol());
  }

  @Test
  void insecureSkipVerifyAcceptsAnUntrustedCertificateForAnotherName() throws Exception {
    HeldCertificate ca = ca();
    HeldCertificate leaf =
        new HeldCertificate.Builder().addSubjectAlternativeName("elsewhere.test").signedBy(ca).build();
    startHttps(ca, leaf);
    h = new FetcherHarness(c -> c.withInsecureSkipVerify(true));
    server.enqueue(new MockResponse.Builder().body("x").build());
    assertEquals(200, h.fetch("https://127.0.0.1:" + server.getPort() + "/").ok().status());
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }
}
