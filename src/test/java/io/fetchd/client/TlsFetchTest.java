package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * https fetches against a loopback server whose certificate a private test CA signed. The fetcher
 * trusts that CA only through {@link FetcherConfig#withTrustedCaFile}; hostname verification is on.
 */
class TlsFetchTest {
  private static HeldCertificate ca;
  private static HeldCertificate leaf;

  @TempDir Path dir;

  private MockWebServer server;
  private FetcherHarness h;

  @BeforeAll
  static void makeCertificates() {
    ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("fetchd test CA").build();
    leaf =
        new HeldCertificate.Builder()
            .commonName("fetchd test server")
            .addSubjectAlternativeName("127.0.0.1")
            .addSubjectAlternativeName("localhost")
            .signedBy(ca)
            .build();
  }

  @BeforeEach
  void setUp() throws Exception {
    server = httpsServer(leaf);
    h = new FetcherHarness(c -> c.withTrustedCaFile(caFile()));
  }

  @AfterEach
  void tearDown() {
    h.close();
    server.close();
  }

  private static MockWebServer httpsServer(HeldCertificate cert) throws Exception {
    HandshakeCertificates serverSide =
        new HandshakeCertificates.Builder().heldCertificate(cert, ca.certificate()).build();
    MockWebServer s = new MockWebServer();
    s.useHttps(serverSide.sslSocketFactory());
    s.start(InetAddress.getByName("127.0.0.1"), 0);
    return s;
  }

  private Path caFile() {
    try {
      Path p = dir.resolve("ca.pem");
      Files.writeString(p, ca.certificatePem(), StandardCharsets.US_ASCII);
      return p;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String url(MockWebServer s, String path) {
    return "https://127.0.0.1:" + s.getPort() + path;
  }

  private static FetchRequest textGet(String url) {
    return new FetchRequest(url, RequestOptions.DEFAULTS.withBody(BodyMode.TEXT));
  }

  @Test
  void httpsFetchSucceedsWithATrustedPrivateCa() {
    server.enqueue(new MockResponse.Builder().body("secure hello").build());
    FetchResult r = h.fetch(textGet(url(server, "/s"))).ok();
    assertEquals(200, r.status());
    assertEquals("secure hello", r.bodyText());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void tlsInfoReportsProtocolCipherLeafExpiryAndHop() {
    server.enqueue(new MockResponse.Builder().body("x").build());
    FetchResult r = h.fetch(url(server, "/info?q=secret")).ok();
    TlsInfo tls = r.tls();
    assertNotNull(tls);
    assertTrue(Set.of("TLSv1.2", "TLSv1.3").contains(tls.protocol()), tls.protocol());
    assertNotNull(tls.cipherSuite());
    assertFalse(tls.cipherSuite().isBlank());
    assertEquals(
        leaf.certificate().getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS),
        tls.certificateNotAfter().truncatedTo(ChronoUnit.SECONDS));
    assertEquals(url(server, "/info"), tls.hopUrl(), "the hop URL is redacted: no query");
  }

  @Test
  void newTlsConnectionHasConnectAndTlsPhases() {
    server.enqueue(new MockResponse.Builder().body("x").build());
    FetchResult r = h.fetch(url(server, "/t")).ok();
    assertFalse(r.connectionReused());
    assertNotNull(r.timings().connect());
    assertNotNull(r.timings().tls());
  }

  @Test
  void serverSignedByAnUntrustedCaFailsWithTlsFailure() {
    try (FetcherHarness untrusting = new FetcherHarness()) {
      server.enqueue(new MockResponse.Builder().body("x").build());
      TlsFailureException e = untrusting.fetch(url(server, "/u")).failed(TlsFailureException.class);
      assertEquals("TlsFailure", e.type());
      assertEquals(0, server.getRequestCount());
      assertNotNull(e.details().timings().connect(), "TCP connected before the handshake failed");
      untrusting.awaitOnLoop(
          "the failed connection closed", () -> untrusting.fetcher.openConnections() == 0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "localhost"})
  void certificateForAnotherHostFailsHostnameVerification(String host) throws Exception {
    HeldCertificate other =
        new HeldCertificate.Builder()
            .commonName("example.test")
            .addSubjectAlternativeName("example.test")
            .signedBy(ca)
            .build();
    try (MockWebServer wrongName = httpsServer(other)) {
      wrongName.enqueue(new MockResponse.Builder().body("x").build());
      TlsFailureException e =
          h.fetch("https://" + host + ":" + wrongName.getPort() + "/w")
              .failed(TlsFailureException.class);
      assertEquals("TlsFailure", e.type());
      assertEquals(0, wrongName.getRequestCount());
    }
  }

  @Test
  void secondFetchReusesTheTlsConnectionWithoutAHandshake() {
    server.enqueue(new MockResponse.Builder().body("1").build());
    server.enqueue(new MockResponse.Builder().body("2").build());
    FetchResult first = h.fetch(url(server, "/1")).ok();
    FetchResult second = h.fetch(url(server, "/2")).ok();
    assertFalse(first.connectionReused());
    assertTrue(second.connectionReused());
    assertNull(second.timings().tls(), "no handshake on a reused connection");
    assertNull(second.timings().connect());
    assertNotNull(second.tls(), "the reused connection's TLS details still describe it");
    assertEquals(url(server, "/2"), second.tls().hopUrl());
    assertEquals(1, (int) h.onLoop(h.fetcher::openConnections));
  }

  @Test
  void hostNameIsVerifiedAgainstTheCertificateForADnsName() {
    server.enqueue(new MockResponse.Builder().body("x").build());
    FetchResult r = h.fetch("https://localhost:" + server.getPort() + "/n").ok();
    assertNotNull(r.timings().dns());
    assertNotNull(r.tls());
  }
}
