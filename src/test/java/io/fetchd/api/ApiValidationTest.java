package io.fetchd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiValidationTest {
  private ApiHarness h;

  @BeforeEach
  void setUp() {
    h =
        new ApiHarness(
            BatchLimits.DEFAULTS.withMaxUrlsPerBatch(3),
            ApiOptions.DEFAULTS.withMaxRequestBodyBytes(4096),
            RequestCeilings.DEFAULTS,
            List.of());
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private void assertError(ApiHarness.Response r, int status, String type) {
    assertEquals(status, r.status(), r.body());
    assertEquals(type, r.errorType(), r.body());
    assertTrue(r.json().at("/error/message").isTextual(), r.body());
  }

  private ApiHarness.Response fetch(String body) {
    return h.post("/v1/fetch", body);
  }

  @Test
  void malformedJsonIsInvalidJson() {
    assertError(fetch("{\"urls\": ["), 400, "InvalidJson");
  }

  @Test
  void emptyBodyIsInvalidJson() {
    assertError(fetch(""), 400, "InvalidJson");
  }

  @Test
  void aNumberWhereAUrlStringBelongsIsInvalidField() {
    ApiHarness.Response r = fetch("{\"urls\":[42]}");
    assertError(r, 400, "InvalidField");
    assertTrue(r.body().contains("urls[0]"), r.body());
  }

  @Test
  void aStringWhereTimeoutMsBelongsIsInvalidField() {
    ApiHarness.Response r = fetch("{\"urls\":[\"http://127.0.0.1:1/\"],\"options\":{\"timeoutMs\":\"5\"}}");
    assertError(r, 400, "InvalidField");
    assertTrue(r.body().contains("options.timeoutMs"), r.body());
  }

  @Test
  void aFractionWhereMaxRedirectsBelongsIsInvalidField() {
    ApiHarness.Response r = fetch("{\"urls\":[\"http://127.0.0.1:1/\"],\"options\":{\"maxRedirects\":5.7}}");
    assertError(r, 400, "InvalidField");
    assertTrue(r.body().contains("options.maxRedirects"), r.body());
  }

  @Test
  void aNumberWhereABooleanBelongsIsInvalidField() {
    assertError(fetch("{\"urls\":[\"x\"],\"options\":{\"followRedirects\":1}}"), 400, "InvalidField");
  }

  @Test
  void urlsThatAreNotAnArrayAreInvalidField() {
    assertError(fetch("{\"urls\":\"http://127.0.0.1/\"}"), 400, "InvalidField");
  }

  @Test
  void aNullUrlIsInvalidField() {
    assertError(fetch("{\"urls\":[\"x\",null]}"), 400, "InvalidField");
  }

  @Test
  void missingUrlsIsMissingField() {
    assertError(fetch("{}"), 400, "MissingField");
  }

  @Test
  void anEmptyUrlListIsEmptyUrls() {
    assertError(fetch("{\"urls\":[]}"), 400, "EmptyUrls");
  }

  @Test
  void moreUrlsThanABatchMayHoldIsTooManyUrls() {
    assertError(fetch("{\"urls\":[\"a\",\"b\",\"c\",\"d\"]}"), 413, "TooManyUrls");
  }

  @Test
  void moreUrlsThanABatchMayHoldIsTooManyUrlsForJobsToo() {
    assertError(h.post("/v1/batches", "{\"urls\":[\"a\",\"b\",\"c\",\"d\"]}"), 413, "TooManyUrls");
  }

  @Test
  void anUnknownFieldIsUnknownField() {
    ApiHarness.Response r = fetch("{\"urls\":[\"x\"],\"options\":{\"timeout\":5}}");
    assertError(r, 400, "UnknownField");
    assertTrue(r.body().contains("timeout"), r.body());
  }

  @Test
  void aDuplicateKeyIsInvalidJson() {
    assertError(fetch("{\"urls\":[\"x\"],\"urls\":[\"y\"]}"), 400, "InvalidJson");
  }

  @Test
  void trailingGarbageIsInvalidJson() {
    assertError(fetch("{\"urls\":[\"x\"]} {}"), 400, "InvalidJson");
  }

  @Test
  void invalidUtf8IsInvalidJson() {
    byte[] bytes = "{\"urls\":[\"x\u00ff\"]}".getBytes(StandardCharsets.ISO_8859_1);
    ApiHarness.Response r =
        h.send(
            HttpRequest.newBuilder(h.uri("/v1/fetch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    assertError(r, 400, "InvalidJson");
  }

  @Test
  void anOverlongNumberIsInvalidJson() {
    assertError(fetch("{\"urls\":[\"x\"],\"options\":{\"timeoutMs\":" + "9".repeat(40) + "}}"), 400, "InvalidJson");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
    assertEquals(400, fetch("{\"urls\":[\"x\"],\"options\":{\"headers\":" + deep + "}}").status());
    assertError(fetch("{\"x\":" + deep + "}"), 400, "InvalidJson");
  }

  @Test
  void aNumberOutOfRangeIsInvalidField() {
    ApiHarness.Response r = fetch("{\"urls\":[\"x\"],\"options\":{\"maxRedirects\":99999999999}}");
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("options.maxRedirects"), r.body());
  }

  @Test
  void aNonJsonContentTypeIsUnsupportedMediaType() {
    ApiHarness.Response r =
        h.send(
            HttpRequest.newBuilder(h.uri("/v1/fetch"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"urls\":[\"x\"]}")));
    assertError(r, 415, "UnsupportedMediaType");
  }

  @Test
  void anOptionOverItsCeilingNamesTheFieldAndTheCeiling() {
    ApiHarness.Response r = fetch("{\"urls\":[\"x\"],\"options\":{\"timeoutMs\":120001}}");
    assertError(r, 400, "InvalidField");
    assertEquals("options.timeoutMs must be at most 120000", r.json().at("/error/message").asText());
    ApiHarness.Response redirects = fetch("{\"urls\":[\"x\"],\"options\":{\"maxRedirects\":11}}");
    assertEquals("options.maxRedirects must be at most 10", redirects.json().at("/error/message").asText());
  }

  @Test
  void aNegativeOptionIsInvalidField() {
    ApiHarness.Response r = fetch("{\"urls\":[\"x\"],\"options\":{\"maxBodyBytes\":-1}}");
    assertError(r, 400, "InvalidField");
    assertTrue(r.body().contains("options.maxBodyBytes"), r.body());
  }

  @Test
  void anUnknownBodyModeIsInvalidField() {
    assertError(fetch("{\"urls\":[\"x\"],\"options\":{\"body\":\"json\"}}"), 400, "InvalidField");
  }

  @Test
  void aSha256ThatIsNotABooleanIsRejected() {
    assertError(fetch("{\"urls\":[\"x\"],\"options\":{\"sha256\":\"no\"}}"), 400, "InvalidField");
    assertError(fetch("{\"urls\":[\"x\"],\"options\":{\"sha256\":0}}"), 400, "InvalidField");
  }

  @Test
  void aHeaderWithALineBreakIsInvalidField() {
    assertError(fetch("{\"urls\":[\"x\"],\"options\":{\"headers\":{\"X-A\":\"a\\r\\nB: c\"}}}"), 400, "InvalidField");
  }

  @Test
  void validOptionsAreAccepted() {
    ApiHarness.Response r =
        fetch("{\"urls\":[\"a_bad_url\"],\"options\":{\"timeoutMs\":5000,\"connectTimeoutMs\":1000,"
            + "\"followRedirects\":false,\"maxRedirects\":0,\"maxBodyBytes\":100,\"body\":\"text\","
            + "\"method\":\"HEAD\",\"headers\":{\"X-A\":\"b\"},\"retries\":1}}");
    assertEquals(200, r.status(), r.body());
    assertEquals("InvalidUrl", r.json().at("/results/0/error/type").asText());
  }

  @Test
  void anUnknownPathIsNotFound() {
    assertError(h.get("/nope"), 404, "NotFound");
  }

  @Test
  void aKnownPathWithTheWrongMethodIsMethodNotAllowedWithAllow() {
    ApiHarness.Response r = h.get("/v1/fetch");
    assertError(r, 405, "MethodNotAllowed");
    assertEquals("POST", r.header("Allow"));
  }

  @Test
  void anOverlongRequestLineIsUriTooLongAndCloses() throws Exception {
    String got = h.raw("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(got.startsWith("HTTP/1.1 414"), got);
    assertTrue(got.contains("\"UriTooLong\""), got);
    assertTrue(got.toLowerCase().contains("connection: close"), got);
  }

  @Test
  void overlargeHeadersAreHeadersTooLargeAndClose() throws Exception {
    String got = h.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
    assertTrue(got.startsWith("HTTP/1.1 431"), got);
    assertTrue(got.contains("\"HeadersTooLarge\""), got);
  }

  @Test
  void aMalformedRequestLineIsBadRequest() throws Exception {
    String got = h.raw("THIS IS NOT HTTP\r\n\r\n");
    assertTrue(got.startsWith("HTTP/1.1 400"), got);
    assertTrue(got.contains("\"BadRequest\""), got);
  }

  @Test
  void aDeclaredBodyOverTheCapIs413AndTheConnectionIsClosedUnread() throws Exception {
    try (Socket s = h.socket()) {
      String head =
          "POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
      s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().write("{\"urls\":[".getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      String got = ApiHarness.readToEof(s.getInputStream());
      assertTrue(got.startsWith("HTTP/1.1 413"), got);
      assertTrue(got.contains("\"PayloadTooLarge\""), got);
    }
  }

  @Test
  void aChunkedBodyGrowingPastTheCapIs413AndCloses() throws Exception {
    try (Socket s = h.socket()) {
      String head =
          "POST /v1/fetch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
      String chunk = Integer.toHexString(5000) + "\r\n" + "a".repeat(5000) + "\r\n";
      s.getOutputStream().write((head + chunk).getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      String got = ApiHarness.readToEof(in);
      assertTrue(got.startsWith("HTTP/1.1 413"), got);
      assertTrue(got.contains("\"PayloadTooLarge\""), got);
    }
  }
}
