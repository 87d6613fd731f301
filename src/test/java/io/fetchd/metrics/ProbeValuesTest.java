package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values of blackbox's http prober metrics, module by module, on loopback targets the test
 * starts: what deploy/blackbox-side-by-side.sh checks against the real blackbox_exporter, here
 * without it.
 */
class ProbeValuesTest {
  /** Every series blackbox's http prober emits for a plain HTTP response (fetchd's probe_failure_info aside). */
  private static final Set<String> HTTP_SERIES = Set.of(
      "probe_dns_lookup_time_seconds", "probe_ip_protocol", "probe_ip_addr_hash",
      "probe_http_duration_seconds{phase=connect}", "probe_http_duration_seconds{phase=processing}",
      "probe_http_duration_seconds{phase=resolve}", "probe_http_duration_seconds{phase=tls}",
      "probe_http_duration_seconds{phase=transfer}", "probe_http_status_code", "probe_http_content_length",
      "probe_http_uncompressed_body_length", "probe_http_redirects", "probe_http_ssl", "probe_http_version",
      "probe_failed_due_to_regex", "probe_duration_seconds", "probe_success");

  @TempDir Path dir;

  private final MockWebServer server = new MockWebServer();
  private ProbeRig rig;

  @AfterEach
  void tearDown() {
    if (rig != null) {
      rig.close();
    }
    server.close();
  }

  private String start(String yaml) throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    rig = new ProbeRig(yaml);
    return "http://127.0.0.1:" + server.getPort();
  }

  private static String module(String name, String http) {
    return "modules:\n  " + name + ":\n    prober: http\n" + (http.isEmpty() ? "" : "    http:\n" + http.indent(6));
  }

  private static Set<String> series(ScrapeText s) {
    Set<String> out = new TreeSet<>();
    for (String name : List.of("probe_dns_lookup_time_seconds", "probe_ip_protocol", "probe_ip_addr_hash",
        "probe_http_status_code", "probe_http_content_length", "probe_http_uncompressed_body_length",
        "probe_http_redirects", "probe_http_ssl", "probe_http_version", "probe_failed_due_to_regex",
        "probe_duration_seconds", "probe_success", "probe_http_last_modified_timestamp_seconds",
        "probe_ssl_earliest_cert_expiry", "probe_ssl_last_chain_expiry_timestamp_seconds")) {
      if (s.has(name)) {
        out.add(name);
      }
    }
    for (String phase : s.labelValues("probe_http_duration_seconds", "phase")) {
      out.add("probe_http_duration_seconds{phase=" + phase + "}");
    }
    return out;
  }

  @Test
  void aPlainOkAnswerHasEveryBlackboxSeriesWithItsValues() throws Exception {
    String base = start(module("http_2xx", ""));
    server.enqueue(new MockResponse.Builder().body("hello").build());

    ScrapeText s = rig.probe("http_2xx", base + "/ok");

    assertEquals(HTTP_SERIES, series(s));
    assertEquals(1, s.value("probe_success"));
    assertEquals(200, s.value("probe_http_status_code"));
    assertEquals(5, s.value("probe_http_content_length"));
    assertEquals(5, s.value("probe_http_uncompressed_body_length"));
    assertEquals(1.1, s.value("probe_http_version"));
    assertEquals(4, s.value("probe_ip_protocol"), "127.0.0.1 with ip6 preferred falls back to IPv4");
    assertEquals(3668918509L, s.value("probe_ip_addr_hash"), "FNV-1a of 127.0.0.1's four bytes");
    assertEquals(0, s.value("probe_http_ssl"));
    assertEquals(0, s.value("probe_failed_due_to_regex"));
    assertFalse(s.has("probe_failure_info"));
    assertNull(server.takeRequest().getHeaders().get("Accept-Encoding"), "nothing asks for compression");
  }

  @Test
  void aRedirectLoopReportsTheLast302AndElevenRedirects() throws Exception {
    String base = start(module("http_2xx", ""));
    for (int i = 0; i < 12; i++) {
      server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/loop").build());
    }
    ScrapeText s = rig.probe("http_2xx", base + "/loop");
    assertEquals(302, s.value("probe_http_status_code"));
    assertEquals(11, s.value("probe_http_redirects"));
    assertEquals(0, s.value("probe_http_uncompressed_body_length"), "the refused redirect's body is not read");
    assertEquals(0, s.value("probe_success"));
    assertEquals(11, server.getRequestCount());
  }

  @Test
  void aRedirectChainIsFollowedAndCounted() throws Exception {
    String base = start(module("http_2xx", ""));
    server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", "/b").build());
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/c").build());
    server.enqueue(new MockResponse.Builder().body("end").build());
    ScrapeText s = rig.probe("http_2xx", base + "/a");
    assertEquals(200, s.value("probe_http_status_code"));
    assertEquals(2, s.value("probe_http_redirects"));
    assertEquals(1, s.value("probe_success"));
  }

  @Test
  void withoutFollowingTheRedirectIsTheAnswerAndCountsAsOne() throws Exception {
    String base = start(module("nofollow", "follow_redirects: false"));
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/next").body("moved").build());
    ScrapeText s = rig.probe("nofollow", base + "/a");
    assertEquals(302, s.value("probe_http_status_code"));
    assertEquals(1, s.value("probe_http_redirects"));
    assertEquals(5, s.value("probe_http_content_length"));
    assertEquals(0, s.value("probe_http_uncompressed_body_length"));
    assertEquals(0, s.value("probe_success"));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void validStatusCodesReplaceTheDefault2xx() throws Exception {
    String base = start(module("want404", "valid_status_codes: [404]"));
    server.enqueue(new MockResponse.Builder().code(404).body("gone").build());
    server.enqueue(new MockResponse.Builder().code(200).body("here").build());
    assertEquals(1, rig.probe("want404", base + "/a").value("probe_success"));
    ScrapeText ok = rig.probe("want404", base + "/b");
    assertEquals(0, ok.value("probe_success"), "200 is not in the list");
    assertEquals(1, ok.value("probe_failure_info", "type", "HttpStatus"));
  }

  @Test
  void noResponseReportsZerosNotMinusOne() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    start(module("http_2xx", ""));
    ScrapeText s = rig.probe("http_2xx", "http://127.0.0.1:" + closed + "/");
    assertEquals(HTTP_SERIES, series(s));
    for (String name : List.of("probe_http_status_code", "probe_http_content_length",
        "probe_http_uncompressed_body_length", "probe_http_version", "probe_http_redirects", "probe_success")) {
      assertEquals(0, s.value(name), name);
    }
    assertEquals(1, s.value("probe_failure_info", "type", "ConnectRefused"));
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void aGzipBodyIsCountedAsReceivedUnlessTheModuleSetsCompression() throws Exception {
    String base = start(module("http_2xx", "") + module("gz", "compression: gzip\nfail_if_body_not_matches_regexp: [\"plain text\"]")
        .replace("modules:\n", ""));
    String text = "plain text, plain text, plain text, plain text";
    byte[] gz = gzip(text);
    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse.Builder().addHeader("Content-Encoding", "gzip")
          .body(new okio.Buffer().write(gz)).build());
    }
    ScrapeText raw = rig.probe("http_2xx", base + "/z");
    assertEquals(gz.length, raw.value("probe_http_content_length"), "the wire length, as blackbox reports it");
    assertEquals(gz.length, raw.value("probe_http_uncompressed_body_length"), "not decoded without compression:");
    ScrapeText decoded = rig.probe("gz", base + "/z");
    assertEquals(gz.length, decoded.value("probe_http_content_length"));
    assertEquals(text.length(), decoded.value("probe_http_uncompressed_body_length"));
    assertEquals(1, decoded.value("probe_success"), "the regexp matched the decoded body");
  }

  @Test
  void compressionOnABodyThatIsNotGzipFailsWithoutBlamingTheRegexp() throws Exception {
    String base = start(module("gz", "compression: gzip"));
    server.enqueue(new MockResponse.Builder().body("not gzip at all").build());
    ScrapeText s = rig.probe("gz", base + "/z");
    assertEquals(0, s.value("probe_success"));
    assertEquals(0, s.value("probe_failed_due_to_regex"));
    assertEquals(15, s.value("probe_http_uncompressed_body_length"), "read as received");
  }

  @Test
  void aChunkedAnswerHasNoContentLength() throws Exception {
    String base = start(module("http_2xx", ""));
    server.enqueue(new MockResponse.Builder().chunkedBody("abcdefghij", 3).build());
    ScrapeText s = rig.probe("http_2xx", base + "/c");
    assertEquals(-1, s.value("probe_http_content_length"));
    assertEquals(10, s.value("probe_http_uncompressed_body_length"));
  }

  @Test
  void lastModifiedIsReportedInUnixSecondsOnlyWhenPresent() throws Exception {
    String base = start(module("http_2xx", ""));
    server.enqueue(new MockResponse.Builder().addHeader("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT").build());
    server.enqueue(new MockResponse.Builder().build());
    assertEquals(1445412480L, rig.probe("http_2xx", base + "/a").value("probe_http_last_modified_timestamp_seconds"));
    assertFalse(rig.probe("http_2xx", base + "/b").has("probe_http_last_modified_timestamp_seconds"));
  }

  @Test
  void aBodyRegexpThatFailsSetsFailedDueToRegex() throws Exception {
    String base = start(module("forbid", "fail_if_body_matches_regexp: [\"err(or)?\"]")
        + module("need", "fail_if_body_not_matches_regexp: [\"^all good$\"]").replace("modules:\n", ""));
    server.enqueue(new MockResponse.Builder().body("an error").build());
    server.enqueue(new MockResponse.Builder().body("all good").build());
    ScrapeText bad = rig.probe("forbid", base + "/a");
    assertEquals(0, bad.value("probe_success"));
    assertEquals(1, bad.value("probe_failed_due_to_regex"));
    assertEquals(1, bad.value("probe_failure_info", "type", "RegexMatch"));
    ScrapeText good = rig.probe("need", base + "/b");
    assertEquals(1, good.value("probe_success"));
    assertEquals(0, good.value("probe_failed_due_to_regex"));
  }

  @Test
  void headerRulesMatchAnyValueAndMayAllowAMissingHeader() throws Exception {
    String base = start(module("kind", """
        fail_if_header_not_matches:
          - header: x-kind
            regexp: "^b"
        """) + module("absent", """
        fail_if_header_matches:
          - header: X-Absent
            regexp: "."
            allow_missing: true
        """).replace("modules:\n", "") + module("required", """
        fail_if_header_not_matches:
          - header: X-Absent
            regexp: "."
        """).replace("modules:\n", ""));
    server.enqueue(new MockResponse.Builder().addHeader("X-Kind", "a").addHeader("X-Kind", "b").build());
    server.enqueue(new MockResponse.Builder().build());
    server.enqueue(new MockResponse.Builder().build());
    assertEquals(1, rig.probe("kind", base + "/a").value("probe_success"), "the second value matches");
    assertEquals(1, rig.probe("absent", base + "/b").value("probe_success"));
    ScrapeText missing = rig.probe("required", base + "/c");
    assertEquals(0, missing.value("probe_success"));
    assertEquals(1, missing.value("probe_failed_due_to_regex"));
  }

  @Test
  void methodHeadersAndBodyAreSentAsTheModuleSays() throws Exception {
    String base = start(module("post", """
        method: POST
        body: ping
        headers:
          X-Token: secret
          User-Agent: probe-test
        """));
    server.enqueue(new MockResponse.Builder().build());
    assertEquals(1, rig.probe("post", base + "/p").value("probe_success"));
    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("ping", r.getBody().utf8());
    assertEquals("secret", r.getHeaders().get("X-Token"));
    assertEquals("probe-test", r.getHeaders().get("User-Agent"));
  }

  @Test
  void aBodyOverTheLimitFailsAndCountsTheLimit() throws Exception {
    String base = start(module("small", "body_size_limit: 16B"));
    server.enqueue(new MockResponse.Builder().body("x".repeat(100)).build());
    ScrapeText s = rig.probe("small", base + "/big");
    assertEquals(0, s.value("probe_success"));
    assertEquals(16, s.value("probe_http_uncompressed_body_length"));
    assertEquals(200, s.value("probe_http_status_code"));
  }

  @Test
  void anHttpVersionNotListedFails() throws Exception {
    String base = start(module("h2", "valid_http_versions: [\"HTTP/2.0\"]"));
    server.enqueue(new MockResponse.Builder().build());
    ScrapeText s = rig.probe("h2", base + "/");
    assertEquals(0, s.value("probe_success"));
    assertEquals(1, s.value("probe_failure_info", "type", "HttpVersion"));
  }

  @Test
  void onlyIp6OnAnIpv4LiteralStopsAtTheResolvePhase() throws Exception {
    String base = start(module("v6", "preferred_ip_protocol: ip6\nip_protocol_fallback: false"));
    ScrapeText s = rig.probe("v6", base + "/");
    assertEquals(List.of("resolve"), s.labelValues("probe_http_duration_seconds", "phase"));
    assertEquals(0, s.value("probe_ip_protocol"));
    assertEquals(0, s.value("probe_success"));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void failIfNotSslFailsAPlainAnswer() throws Exception {
    String base = start(module("tls_only", "fail_if_not_ssl: true"));
    server.enqueue(new MockResponse.Builder().build());
    ScrapeText s = rig.probe("tls_only", base + "/");
    assertEquals(0, s.value("probe_success"));
    assertEquals(1, s.value("probe_failure_info", "type", "NotSsl"));
  }

  @Test
  void theModuleTimeoutBoundsTheProbe() throws Exception {
    String base = start("modules:\n  quick:\n    prober: http\n    timeout: 300ms\n");
    server.enqueue(new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).build());
    ScrapeText s = rig.probe("quick", base + "/slow");
    assertEquals(0, s.value("probe_success"));
    assertEquals(0, s.value("probe_http_status_code"));
    assertEquals(1, s.value("probe_failure_info", "type", "DeadlineExceeded"));
    assertTrue(s.value("probe_duration_seconds") < 2.5, "answered at the module's timeout");
  }

  @Test
  void anUnknownModuleIsA400WithBlackboxsText() throws Exception {
    start(module("http_2xx", ""));
    HttpReply r = rig.reply("nope", "http://127.0.0.1:1/", null, false);
    assertEquals(400, r.status());
    assertEquals("Unknown module \"nope\"\n", r.body());
    assertFalse(rig.handler.hasModule("nope"));
    assertTrue(rig.handler.hasModule(null), "no module= is http_2xx");
  }

  @Test
  void debugAnswersTheLogTheMetricsAndTheModuleAsText() throws Exception {
    String base = start(module("http_2xx", "valid_status_codes: [200]"));
    server.enqueue(new MockResponse.Builder().body("hello").build());
    HttpReply r = rig.reply("http_2xx", base + "/ok", null, true);
    assertEquals(200, r.status());
    assertEquals("text/plain", r.contentType());
    String body = r.body();
    assertTrue(body.startsWith("Logs for the probe:\n"), body);
    String logs = body.substring(0, body.indexOf("\n\n\nMetrics that would have been returned:\n"));
    assertTrue(logs.contains("msg=\"Received HTTP response\" status_code=200"), logs);
    assertTrue(logs.contains("msg=\"Probe succeeded\""), logs);
    assertTrue(body.contains("\nprobe_success 1\n\n\n\nModule configuration:\n"), body);
    assertTrue(body.substring(body.indexOf("Module configuration:")).contains("valid_status_codes"), body);
  }

  // ------------------------------------------------------------------ TLS

  private static final long DAY = 86_400_000L;

  @Test
  void httpsReportsTheChainTheVersionAndTheLeaf() throws Exception {
    long now = System.currentTimeMillis();
    long rootEnd = now + 20 * DAY;
    long interEnd = now + 30 * DAY;
    long leafEnd = now + 80 * DAY;
    HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(1).commonName("Probe Root")
        .organizationalUnit("probes").validityInterval(now - DAY, rootEnd).build();
    HeldCertificate inter = new HeldCertificate.Builder().certificateAuthority(0).commonName("Probe Intermediate")
        .validityInterval(now - DAY, interEnd).signedBy(root).build();
    HeldCertificate leaf = new HeldCertificate.Builder().commonName("probe leaf").organizationalUnit("web")
        .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("probe.test")
        .validityInterval(now - DAY, leafEnd).signedBy(inter).build();
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(leaf, inter.certificate()).build()
        .sslSocketFactory());
    Path ca = dir.resolve("root.pem");
    Files.writeString(ca, root.certificatePem());
    String base = start(module("tls", "fail_if_ssl: false\ntls_config:\n  ca_file: " + ca)
        + module("insecure", "tls_config:\n  insecure_skip_verify: true").replace("modules:\n", "")
        + module("nossl", "fail_if_ssl: true\ntls_config:\n  ca_file: " + ca).replace("modules:\n", ""))
        .replace("http://", "https://");
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().body("secure").build());
    }

    ScrapeText s = rig.probe("tls", base + "/s");

    assertEquals(1, s.value("probe_success"));
    assertEquals(1, s.value("probe_http_ssl"));
    assertEquals(interEnd / 1000, s.value("probe_ssl_earliest_cert_expiry"), "earliest of the presented chain");
    assertEquals(rootEnd / 1000, s.value("probe_ssl_last_chain_expiry_timestamp_seconds"),
        "earliest of the verified chain, its root included");
    String version = s.labelValues("probe_tls_version_info", "version").get(0);
    assertTrue(Set.of("TLS 1.2", "TLS 1.3").contains(version), version);
    ScrapeText.Sample info = s.find("probe_ssl_last_chain_info").get(0);
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.certificate().getEncoded())),
        info.labels().get("fingerprint_sha256"));
    assertEquals("CN=probe leaf,OU=web", info.labels().get("subject"));
    assertEquals("CN=Probe Intermediate", info.labels().get("issuer"));
    assertEquals("probe.test", info.labels().get("subjectalternative"), "DNS names only, as Go lists them");
    assertEquals(Set.of("fingerprint_sha256", "subject", "issuer", "subjectalternative"), info.labels().keySet());

    ScrapeText insecure = rig.probe("insecure", base + "/s");
    assertEquals(1, insecure.value("probe_success"));
    assertEquals(ProbeTls.GO_ZERO_TIME, insecure.value("probe_ssl_last_chain_expiry_timestamp_seconds"),
        "nothing verified: Go's zero time");

    ScrapeText failIfSsl = rig.probe("nossl", base + "/s");
    assertEquals(0, failIfSsl.value("probe_success"));
    assertEquals(1, failIfSsl.value("probe_failure_info", "type", "Ssl"));
  }
}
