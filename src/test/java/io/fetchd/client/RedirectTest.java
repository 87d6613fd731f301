package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.policy.AddressPolicy;
import java.net.InetAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Redirects followed by a real fetcher against two loopback servers (two origins). */
class RedirectTest {
  private MockWebServer a;
  private MockWebServer b;
  private FetcherHarness h;
  private final Queue<String> phases = new ConcurrentLinkedQueue<>();

  /** Records the phases the fetcher reports; called on the reactor thread. */
  private final FetchListener listener =
      new FetchListener() {
        @Override
        public void phaseEnded(FetchRequest request, Phase phase, java.time.Duration duration) {
          phases.add(phase.metricName());
        }
      };

  @BeforeEach
  void setUp() throws Exception {
    a = new MockWebServer();
    a.start(InetAddress.getByName("127.0.0.1"), 0);
    b = new MockWebServer();
    b.start(InetAddress.getByName("127.0.0.1"), 0);
    h = new FetcherHarness(c -> c, listener);
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    a.close();
    b.close();
  }

  private String urlA(String path) {
    return "http://127.0.0.1:" + a.getPort() + path;
  }

  private String urlB(String path) {
    return "http://127.0.0.1:" + b.getPort() + path;
  }

  private static MockResponse redirect(int status, String location) {
    return new MockResponse.Builder().code(status).setHeader("Location", location).build();
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder().body(body).build();
  }

  private RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(FetcherHarness.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(r, "the server got no request");
    return r;
  }

  private static FetchRequest request(String url, FetchMethod method) {
    return new FetchRequest(url, RequestOptions.DEFAULTS.withMethod(method));
  }

  private static FetchRequest withCredentials(String url) {
    return new FetchRequest(
        url,
        RequestOptions.DEFAULTS.withHeaders(
            List.of(
                new Header("Authorization", "Bearer secret"),
                new Header("Cookie", "session=abc"),
                new Header("X-Trace", "t1"))));
  }

  @ParameterizedTest(name = "{0} keeps {1}")
  @CsvSource({
    "301, GET", "301, HEAD",
    "302, GET", "302, HEAD",
    "307, GET", "307, HEAD",
    "308, GET", "308, HEAD"
  })
  void redirectIsFollowedKeepingTheMethod(int status, FetchMethod method) throws Exception {
    a.enqueue(redirect(status, "/next"));
    a.enqueue(ok(""));
    FetchResult r = h.fetch(request(urlA("/start"), method)).ok();
    assertEquals(200, r.status());
    assertEquals(urlA("/next"), r.finalUrl());
    assertEquals(method.name(), take(a).getMethod());
    RecordedRequest second = take(a);
    assertEquals("/next", second.getTarget());
    assertEquals(method.name(), second.getMethod());
  }

  @ParameterizedTest
  @EnumSource(FetchMethod.class)
  void seeOtherTurnsTheNextRequestIntoGet(FetchMethod method) throws Exception {
    a.enqueue(redirect(303, "/other"));
    a.enqueue(ok("x"));
    FetchResult r = h.fetch(request(urlA("/form"), method)).ok();
    assertEquals(urlA("/other"), r.finalUrl());
    assertEquals(method.name(), take(a).getMethod());
    assertEquals("GET", take(a).getMethod());
  }

  @Test
  void chainIsRecordedHopByHopWithFinalUrl() {
    a.enqueue(redirect(302, "/b"));
    a.enqueue(redirect(301, "/c"));
    a.enqueue(ok("end"));
    FetchResult r = h.fetch(urlA("/a")).ok();
    assertEquals(urlA("/a"), r.url());
    assertEquals(urlA("/c"), r.finalUrl());
    assertEquals(2, r.redirects());
    List<Hop> hops = r.hops();
    assertEquals(3, hops.size());
    assertEquals(List.of(urlA("/a"), urlA("/b"), urlA("/c")), hops.stream().map(Hop::url).toList());
    assertEquals(List.of(302, 301, 200), hops.stream().map(Hop::status).toList());
    for (Hop hop : hops) {
      assertNotNull(hop.timings(), hop.url());
      assertNotNull(hop.timings().ttfb(), hop.url() + " ttfb");
      assertNotNull(hop.timings().total(), hop.url() + " total");
    }
    assertNotNull(hops.get(0).timings().connect(), "the first hop opened the connection");
    assertTrue(hops.get(1).connectionReused(), "the same origin's connection carries the next hop");
    assertTrue(
        r.timings().total().compareTo(hops.get(2).timings().total()) >= 0,
        "the fetch's total spans every hop");
  }

  @Test
  void moreRedirectsThanTheLimitFailWithTooManyRedirects() {
    a.enqueue(redirect(302, "/2"));
    a.enqueue(redirect(302, "/3"));
    a.enqueue(redirect(302, "/4"));
    a.enqueue(ok("never asked"));
    TooManyRedirectsException e =
        h.fetch(new FetchRequest(urlA("/1"), RequestOptions.DEFAULTS.withMaxRedirects(2)))
            .failed(TooManyRedirectsException.class);
    assertEquals("TooManyRedirects", e.type());
    assertEquals(3, a.getRequestCount(), "the third redirect is not followed");
    assertEquals(urlA("/3"), e.details().lastUrl());
  }

  @Test
  void redirectBackToAVisitedUrlFailsWithRedirectLoop() {
    a.enqueue(redirect(302, urlB("/b")));
    b.enqueue(redirect(302, urlA("/a")));
    RedirectLoopException e = h.fetch(urlA("/a")).failed(RedirectLoopException.class);
    assertEquals("RedirectLoop", e.type());
    assertTrue(e.getMessage().contains(urlA("/a")), e.getMessage());
    assertEquals(1, a.getRequestCount());
    assertEquals(1, b.getRequestCount());
  }

  @Test
  void notFollowingReturnsTheRedirectAsHttpStatus() {
    a.enqueue(redirect(302, "/elsewhere"));
    HttpStatusException e =
        h.fetch(new FetchRequest(urlA("/x"), RequestOptions.DEFAULTS.withFollowRedirects(false)))
            .failed(HttpStatusException.class);
    assertEquals(302, e.status());
    assertEquals(302, e.result().status());
    assertEquals("/elsewhere", e.result().header("Location"));
    assertEquals(urlA("/x"), e.result().finalUrl());
    assertEquals(1, a.getRequestCount());
  }

  @Test
  void relativeLocationIsResolvedAgainstTheAnsweringUrl() throws Exception {
    a.enqueue(redirect(302, "../other/page?x=1"));
    a.enqueue(ok(""));
    FetchResult r = h.fetch(urlA("/dir/sub/start")).ok();
    take(a);
    assertEquals("/dir/other/page?x=1", take(a).getTarget());
    assertEquals(urlA("/dir/other/page?x=1"), r.finalUrl());
  }

  @Test
  void crossOriginHopDropsAuthorizationAndCookie() throws Exception {
    a.enqueue(redirect(302, urlB("/landing")));
    b.enqueue(ok(""));
    h.fetch(withCredentials(urlA("/start"))).ok();
    RecordedRequest first = take(a);
    assertEquals("Bearer secret", first.getHeaders().get("Authorization"));
    assertEquals("session=abc", first.getHeaders().get("Cookie"));
    RecordedRequest second = take(b);
    assertNull(second.getHeaders().get("Authorization"));
    assertNull(second.getHeaders().get("Cookie"));
    assertEquals("t1", second.getHeaders().get("X-Trace"), "other headers still go along");
  }

  @Test
  void sameOriginHopKeepsAuthorizationAndCookie() throws Exception {
    a.enqueue(redirect(302, "/landing"));
    a.enqueue(ok(""));
    h.fetch(withCredentials(urlA("/start"))).ok();
    take(a);
    RecordedRequest second = take(a);
    assertEquals("Bearer secret", second.getHeaders().get("Authorization"));
    assertEquals("session=abc", second.getHeaders().get("Cookie"));
  }

  @Test
  void credentialsDroppedOnceStayDroppedWhenTheChainReturnsToTheFirstOrigin() throws Exception {
    a.enqueue(redirect(302, urlB("/hop")));
    b.enqueue(redirect(302, urlA("/back")));
    a.enqueue(ok(""));
    h.fetch(withCredentials(urlA("/start"))).ok();
    take(a);
    take(b);
    RecordedRequest third = take(a);
    assertEquals("/back", third.getTarget());
    assertNull(third.getHeaders().get("Authorization"));
    assertNull(third.getHeaders().get("Cookie"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "http://10.0.0.1/admin, private",
    "http://169.254.169.254/latest/meta-data/, cloud_metadata",
    "http://[::1]:9/, loopback"
  })
  void redirectToABlockedAddressIsRefusedWithoutConnecting(String location, String reason) {
    // The harness allows 127.0.0.0/8 only; [::1] is loopback but outside that rule.
    a.enqueue(redirect(302, location));
    BlockedAddressException e = h.fetch(urlA("/start")).failed(BlockedAddressException.class);
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertEquals(1, a.getRequestCount());
    assertEquals(1, e.details().hops().size(), "the redirect itself was answered");
    assertEquals(
        1, phases.stream().filter("connect"::equals).count(), "only the first hop connected");
  }

  @Test
  void redirectToALoopbackPortOutsideAPortScopedAllowRuleIsRefused() {
    h.close();
    h =
        new FetcherHarness(
            c ->
                c.withAddressPolicy(
                    AddressPolicy.builder().allow("127.0.0.1/32:" + a.getPort()).build()),
            listener);
    a.enqueue(redirect(302, urlB("/internal")));
    b.enqueue(ok("must not be served"));
    BlockedAddressException e = h.fetch(urlA("/start")).failed(BlockedAddressException.class);
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    assertEquals(1, a.getRequestCount());
    assertEquals(0, b.getRequestCount());
  }

  @Test
  void redirectWithoutLocationFailsAsProtocolError() {
    a.enqueue(new MockResponse.Builder().code(302).build());
    h.fetch(urlA("/start")).failed(ProtocolErrorException.class);
  }
}
