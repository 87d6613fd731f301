package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.http.ApiRequest;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fetchd's own server and RFC 9112, over a real loopback socket with raw bytes: absolute-form
 * targets are routed, Host is required on HTTP/1.1 and must be single, versions other than 1.0 and
 * 1.1 get 505, every status line is {@code HTTP/1.1}, every error status carries the JSON error
 * body, a refusal of the framing closes the connection, and request JSON is strict UTF-8.
 */
class ApiProtocolTest {
  private Upstream up;
  private ApiHarness h;

  @BeforeEach
  void setUp() throws Exception {
    up = new Upstream();
    h = new ApiHarness(BatchLimits.DEFAULTS, ApiOptions.DEFAULTS, RequestCeilings.DEFAULTS, List.of());
  }

  @AfterEach
  void tearDown() throws Exception {
    h.close();
    up.close();
  }

  /** One response as read off the wire. */
  record Answer(String statusLine, Map<String, String> headers, byte[] body) {
    int status() {
      return Integer.parseInt(statusLine.split(" ", 3)[1]);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() throws IOException {
      return ApiHarness.JSON.readTree(body);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What one connection got: its answers, in order, and whether the server then closed it. */
  record Exchange(List<Answer> answers, boolean closed) {
    Answer only() {
      assertEquals(1, answers.size(), answers.toString());
      return answers.get(0);
    }
  }

  /**
   * Sends {@code bytes} and reads {@code count} answers, then one more read: true when it is the
   * end of the stream. A server that keeps the connection open fails the read with the harness
   * timeout only when {@code expectClose}; otherwise the check is skipped.
   */
  private Exchange exchange(byte[] bytes, int count, boolean expectClose) throws IOException {
    try (Socket s = h.socket()) {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      List<Answer> answers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        answers.add(read(in));
      }
      boolean closed = false;
      if (expectClose) {
        try {
          closed = in.read() < 0;
        } catch (java.net.SocketException reset) {
          closed = true;
        }
      }
      return new Exchange(answers, closed);
    }
  }

  private Exchange exchange(String iso, int count, boolean expectClose) throws IOException {
    return exchange(iso.getBytes(StandardCharsets.ISO_8859_1), count, expectClose);
  }

  private static Answer read(InputStream in) throws IOException {
    String status = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    String l;
    while (!(l = line(in)).isEmpty()) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int n;
      while ((n = Integer.parseInt(line(in), 16)) > 0) {
        b.writeBytes(in.readNBytes(n));
        line(in);
      }
      line(in);
      body = b.toByteArray();
    } else {
      body = in.readAllBytes(); // delimited by the close
    }
    return new Answer(status, headers, body);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      sb.append((char) c);
    }
    if (c < 0 && sb.length() == 0) {
      throw new IOException("end of stream where a line was expected");
    }
    int n = sb.length();
    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
  }

  /** A refusal: HTTP/1.1, the status, the JSON error body of {@code type}, and the close. */
  private static void assertRefusal(Exchange x, int status, String type) throws IOException {
    Answer a = x.answers().get(x.answers().size() - 1);
    assertTrue(a.statusLine().startsWith("HTTP/1.1 " + status + " "), a.statusLine());
    assertEquals("application/json", a.header("Content-Type"), a.toString());
    assertEquals(type, a.json().at("/error/type").asText(), a.text());
    assertTrue(a.json().at("/error/message").isTextual(), a.text());
    assertEquals("close", a.header("Connection"));
    assertTrue(x.closed(), "the connection is closed after " + a.statusLine());
  }

  private String fetchBody() {
    return ApiHarness.body(ApiHarness.urls(up, "/ok/abs"));
  }

  /** A POST with a JSON body, as ISO-8859-1 chars that stand for the body's UTF-8 bytes. */
  private static String post(String target, String version, String host, String body) {
    byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
    return "POST " + target + " " + version + "\r\n" + host + "Content-Type: application/json\r\n"
        + "Content-Length: " + utf8.length + "\r\n\r\n" + new String(utf8, StandardCharsets.ISO_8859_1);
  }

  // ---------------------------------------------------------------- absolute-form

  @Test
  void anAbsoluteFormTargetIsRoutedLikeItsPath() throws Exception {
    String req = post("http://fetchd.example:8080/v1/fetch", "HTTP/1.1", "Host: other.example\r\n", fetchBody())
        + "GET HTTP://FETCHD.EXAMPLE/healthz?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    Exchange x = exchange(req, 2, true);
    Answer fetch = x.answers().get(0);
    assertEquals("HTTP/1.1 200 OK", fetch.statusLine());
    JsonNode result = fetch.json().at("/results/0");
    assertTrue(result.at("/ok").asBoolean(), fetch.text());
    assertEquals(up.url("/ok/abs"), result.at("/url").asText());
    assertEquals("HTTP/1.1 200 OK", x.answers().get(1).statusLine());
    assertTrue(x.closed());
  }

  @Test
  void anAbsoluteFormTargetWithNoPathIsTheRoot() {
    assertEquals("/", ApiRequest.originForm("http://h"));
    assertEquals("/?a=b", ApiRequest.originForm("http://h?a=b"));
    assertEquals("/v1/fetch", ApiRequest.originForm("https://h:1/v1/fetch"));
    assertEquals("/x", ApiRequest.originForm("/x"));
    assertEquals("ftp://h/x", ApiRequest.originForm("ftp://h/x"));
    assertEquals("*", ApiRequest.originForm("*"));
  }

  @Test
  void asteriskAndAuthorityFormsAndUnknownMethodsGetJsonNotFoundOrNotAllowed() throws Exception {
    String req = "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"
        + "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n"
        + "ANNOUNCE /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
        + "BREW /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    Exchange x = exchange(req, 4, true);
    int[] statuses = {404, 404, 404, 405};
    String[] types = {"NotFound", "NotFound", "NotFound", "MethodNotAllowed"};
    for (int i = 0; i < 4; i++) {
      Answer a = x.answers().get(i);
      assertTrue(a.statusLine().startsWith("HTTP/1.1 " + statuses[i] + " "), i + ": " + a.statusLine());
      assertEquals(types[i], a.json().at("/error/type").asText(), a.text());
    }
    assertTrue(x.closed());
  }

  // ---------------------------------------------------------------- Host

  @Test
  void http11WithoutHostIs400AndCloses() throws Exception {
    Exchange x = exchange(post("/v1/fetch", "HTTP/1.1", "", fetchBody()), 1, true);
    assertRefusal(x, 400, "BadRequest");
    assertTrue(x.only().text().contains("Host"), x.only().text());
  }

  @Test
  void twoHostHeadersAre400AndClose() throws Exception {
    Exchange x = exchange("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 1, true);
    assertRefusal(x, 400, "BadRequest");
  }

  @Test
  void aHostThatIsNotAHostIs400() throws Exception {
    assertRefusal(exchange("GET /healthz HTTP/1.1\r\nHost: a/b\r\n\r\n", 1, true), 400, "BadRequest");
  }

  @Test
  void http10WithoutHostIsServedWithAnHttp11StatusLine() throws Exception {
    Exchange x = exchange("GET /healthz HTTP/1.0\r\n\r\n", 1, true);
    assertEquals("HTTP/1.1 200 OK", x.only().statusLine());
    assertEquals("close", x.only().header("Connection"), "1.0 without keep-alive: the close is explicit");
    assertTrue(x.closed());
  }

  @Test
  void http10KeepAliveIsKeptAndSaidSo() throws Exception {
    Exchange x = exchange("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
        + "GET /healthz HTTP/1.0\r\n\r\n", 2, true);
    assertEquals("keep-alive", x.answers().get(0).header("Connection"));
    assertEquals("HTTP/1.1 200 OK", x.answers().get(1).statusLine());
    assertTrue(x.closed());
  }

  @Test
  void aStreamedAnswerToHttp10IsDelimitedByTheCloseNotChunked() throws Exception {
    String req = post("/v1/fetch", "HTTP/1.0", "", fetchBody());
    Exchange x = exchange(req, 1, false);
    Answer a = x.only();
    assertEquals("HTTP/1.1 200 OK", a.statusLine());
    assertNull(a.header("Transfer-Encoding"), a.headers().toString());
    assertEquals("close", a.header("Connection"));
    assertTrue(a.json().at("/results/0/ok").asBoolean(), a.text());
  }

  // ---------------------------------------------------------------- versions

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/1.2", "HTTP/2.0", "HTTP/3.0", "HTTP/1.10", "HTTP/9", "HTTP/x.y", "RTSP/1.0", "FOO"})
  void anyOtherVersionIs505InHttp11AndCloses(String version) throws Exception {
    Exchange x = exchange("GET /healthz " + version + "\r\nHost: x\r\n\r\n", 1, true);
    assertRefusal(x, 505, "VersionNotSupported");
    assertTrue(x.only().text().contains("HTTP/1.1"), x.only().text());
  }

  @Test
  void aGoodRequestBeforeABadVersionIsAnsweredFirst() throws Exception {
    Exchange x = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/2.0\r\n\r\n", 2, true);
    assertEquals("HTTP/1.1 200 OK", x.answers().get(0).statusLine());
    assertRefusal(x, 505, "VersionNotSupported");
  }

  @Test
  void aRefusalWaitsForTheAnswerOfARequestStillRunningBeforeIt() throws Exception {
    // RFC 9112 9.3.2: answers in the order of the requests, a refusal included
    String req = post("/v1/fetch", "HTTP/1.1", "Host: x\r\n", ApiHarness.body(ApiHarness.urls(up, "/hold/first")))
        + "GET /healthz HTTP/2.0\r\n\r\n";
    try (Socket s = h.socket()) {
      s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      up.awaitArrival("first");
      up.release("first");
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      Answer first = read(in);
      assertEquals("HTTP/1.1 200 OK", first.statusLine(), first.text());
      assertTrue(first.json().at("/results/0/ok").asBoolean(), first.text());
      Answer refusal = read(in);
      assertTrue(refusal.statusLine().startsWith("HTTP/1.1 505 "), refusal.statusLine());
      assertEquals("VersionNotSupported", refusal.json().at("/error/type").asText());
      assertEquals(-1, in.read(), "closed after the refusal");
    }
  }

  @Test
  void everyAnswerIsHttp11WhateverTheRequestSaid() throws Exception {
    for (String req : List.of(
        "GET /healthz HTTP/1.0\r\n\r\n",
        "GET /nowhere HTTP/1.0\r\n\r\n",
        "DELETE /healthz HTTP/1.0\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /healthz HTTP/2.0\r\n\r\n",
        "GET /healthz HTTP/1.1\r\n\r\n")) {
      String got = h.raw(req);
      assertTrue(got.startsWith("HTTP/1.1 "), req + " -> " + got);
    }
  }

  // ---------------------------------------------------------------- Expect

  @Test
  void anUnknownExpectationIs417WithTheJsonBody() throws Exception {
    Exchange x = exchange(post("/v1/fetch", "HTTP/1.1", "Host: x\r\nExpect: bogus\r\n", fetchBody()), 1, true);
    assertRefusal(x, 417, "ExpectationFailed");
  }

  @Test
  void expect100ContinueStillWorks() throws Exception {
    String body = fetchBody();
    try (Socket s = h.socket()) {
      String head = "POST /v1/fetch HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n";
      s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      assertEquals("HTTP/1.1 100 Continue", line(in));
      for (int i = 0; i < 10 && !line(in).isEmpty(); i++) {
        // the interim response's fields, if any
      }
      s.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      Answer a = read(in);
      assertEquals("HTTP/1.1 200 OK", a.statusLine());
    }
  }

  // ---------------------------------------------------------------- framing

  @Test
  void transferEncodingWithContentLengthIs400AndCloses() throws Exception {
    Exchange x = exchange("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 1, true);
    assertRefusal(x, 400, "BadRequest");
    assertTrue(x.only().text().contains("Content-Length and Transfer-Encoding"), x.only().text());
  }

  @Test
  void aCodingBeforeChunkedIs501AndCloses() throws Exception {
    Exchange x = exchange("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 1, true);
    assertRefusal(x, 501, "UnsupportedTransferEncoding");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chunked, gzip", "identity", "gzip"})
  void aFinalCodingOtherThanChunkedIs400AndCloses(String te) throws Exception {
    Exchange x = exchange("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: " + te + "\r\n\r\n{}", 1, true);
    assertRefusal(x, 400, "BadRequest");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length : 2", "Foo Bar: x", "X\"Y: x", "Transfer-Encoding x: chunked"})
  void aHeaderNameWithWhitespaceOrANonTokenByteIs400AndCloses(String field) throws Exception {
    Exchange x = exchange("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + field + "\r\nContent-Length: 2\r\n\r\n{}", 1, true);
    assertRefusal(x, 400, "BadRequest");
  }

  @Test
  void obsFoldIs400AndCloses() throws Exception {
    assertRefusal(exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 1, true), 400, "BadRequest");
  }

  @Test
  void aBrokenChunkAfterTheHeadIs400AndCloses() throws Exception {
    Exchange x = exchange("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nzz\r\n", 1, true);
    assertRefusal(x, 400, "BadRequest");
  }

  // ---------------------------------------------------------------- strict UTF-8

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "overlong C0 AF, C0AF, overlong",
    "lone surrogate ED A0 80, EDA080, surrogate",
    "CESU-8 pair, EDA080EDB080, surrogate",
    "truncated 3-byte, E282, cut short",
    "F5, F5808080, 0xF5",
    "FF, FF, 0xFF"
  })
  void requestJsonThatIsNotStrictUtf8Is400NamingTheOffset(String name, String hex, String what) throws Exception {
    byte[] prefix = "{\"urls\":[\"http://127.0.0.1/".getBytes(StandardCharsets.US_ASCII);
    byte[] bad = HexFormat.of().parseHex(hex);
    byte[] suffix = "\"]}".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(prefix);
    body.writeBytes(bad);
    body.writeBytes(suffix);
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.writeBytes(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + "Content-Length: " + body.size() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    req.writeBytes(body.toByteArray());
    Answer a = exchange(req.toByteArray(), 1, false).only();
    assertTrue(a.statusLine().startsWith("HTTP/1.1 400 "), a.statusLine());
    assertEquals("InvalidJson", a.json().at("/error/type").asText(), a.text());
    String message = a.json().at("/error/message").asText();
    assertTrue(message.contains("byte offset " + prefix.length), name + ": " + message);
    assertTrue(message.contains(what), name + ": " + message);
  }

  @Test
  void aUtf16BodyIsRefusedNotGuessed() throws Exception {
    byte[] body = "{\"urls\":[\"http://127.0.0.1/\"]}".getBytes(StandardCharsets.UTF_16LE);
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.writeBytes(("POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    req.writeBytes(body);
    Answer a = exchange(req.toByteArray(), 1, false).only();
    assertEquals(400, a.status());
    assertEquals("InvalidJson", a.json().at("/error/type").asText(), a.text());
    assertTrue(a.text().contains("byte offset 1"), a.text());
  }

  @Test
  void wellFormedMultiByteUtf8IsAccepted() throws Exception {
    String url = up.url("/ok/") + "caf\u00e9\u20ac\ud83d\ude00"; // 2-, 3- and 4-byte UTF-8
    String body = "{\"urls\":[\"" + url + "\"]}";
    Exchange x = exchange(post("/v1/fetch", "HTTP/1.1", "Host: x\r\nConnection: close\r\n", body), 1, false);
    Answer a = x.only();
    assertEquals("HTTP/1.1 200 OK", a.statusLine(), a.text());
    assertTrue(a.json().at("/results/0/ok").asBoolean(), a.text());
    assertEquals(url, a.json().at("/results/0/url").asText(), "the URL came through the JSON intact");
  }
}
