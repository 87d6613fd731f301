package io.fetchd.client.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.FetchException;
import io.fetchd.client.FetchMethod;
import io.fetchd.client.InvalidUrlException;
import io.fetchd.client.ProtocolErrorException;
import io.fetchd.client.RedirectLoopException;
import io.fetchd.client.TooManyRedirectsException;
import io.fetchd.client.UnsupportedSchemeException;
import io.fetchd.client.url.FetchUrl;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectDeciderTest {
  private static final String CURRENT = "http://a.example/dir/page?x=1";

  private static FetchUrl url(String s) {
    try {
      return FetchUrl.parse(s);
    } catch (io.fetchd.client.url.UrlException e) {
      throw new AssertionError(e);
    }
  }

  private static RedirectDecision decide(int status, String location, String current, FetchMethod method)
      throws FetchException {
    return RedirectDecider.decide(status, location, url(current), method, true, 0, 5, Set.of(url(current)));
  }

  private static RedirectDecision decide(int status, String location) throws FetchException {
    return decide(status, location, CURRENT, FetchMethod.GET);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void redirectStatusesAreRedirects(int status) {
    assertTrue(RedirectDecider.isRedirect(status));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {100, 200, 201, 204, 300, 304, 305, 306, 309, 399, 400, 404, 500, 503})
  void otherStatusesAreFinalEvenWithALocation(int status) throws FetchException {
    assertFalse(RedirectDecider.isRedirect(status));
    assertSame(RedirectDecision.FINAL, decide(status, "/elsewhere"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "301, GET", "301, HEAD",
    "302, GET", "302, HEAD",
    "307, GET", "307, HEAD",
    "308, GET", "308, HEAD"
  })
  void methodPreservingRedirectKeepsTheMethod(int status, FetchMethod method) throws FetchException {
    RedirectDecision d = decide(status, "/next", CURRENT, method);
    assertTrue(d.follow());
    assertEquals(method, d.method());
    assertEquals("http://a.example/next", d.next().toString());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"GET", "HEAD"})
  void seeOtherTurnsTheNextRequestIntoGet(FetchMethod method) throws FetchException {
    assertEquals(FetchMethod.GET, decide(303, "/result", CURRENT, method).method());
  }

  @Test
  void notFollowingMakesEveryResponseFinal() throws FetchException {
    RedirectDecision d =
        RedirectDecider.decide(302, "/next", url(CURRENT), FetchMethod.GET, false, 0, 5, Set.of());
    assertSame(RedirectDecision.FINAL, d);
    assertFalse(d.follow());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "/abs                      | http://a.example/abs",
    "sibling                   | http://a.example/dir/sibling",
    "../up                     | http://a.example/up",
    "./here/../there           | http://a.example/dir/there",
    "?y=2                      | http://a.example/dir/page?y=2",
    "//b.example/p             | http://b.example/p",
    "https://c.example:8443/q  | https://c.example:8443/q",
    "'  /trimmed  '            | http://a.example/trimmed",
    "/frag#section             | http://a.example/frag"
  })
  void locationIsResolvedAgainstTheCurrentUrl(String location, String expected) throws FetchException {
    assertEquals(expected, decide(302, location).next().toString());
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "   "})
  void redirectWithoutALocationIsAProtocolError(String location) {
    assertThrows(ProtocolErrorException.class, () -> decide(302, location));
  }

  @Test
  void redirectWithoutALocationHeaderIsAProtocolError() {
    ProtocolErrorException e = assertThrows(ProtocolErrorException.class, () -> decide(301, null));
    assertTrue(e.getMessage().contains("301"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://[::1/x", "http://exa mple.test/", "http://a.example:99999/"})
  void unparseableLocationFailsAsInvalidUrl(String location) {
    InvalidUrlException e = assertThrows(InvalidUrlException.class, () -> decide(302, location));
    assertTrue(e.getMessage().startsWith("redirect Location is invalid"), e.getMessage());
  }

  @Test
  void locationWithAnotherSchemeFailsAsUnsupportedScheme() {
    assertThrows(UnsupportedSchemeException.class, () -> decide(302, "ftp://a.example/file"));
  }

  @Test
  void redirectBelowTheLimitIsFollowed() throws FetchException {
    RedirectDecision d =
        RedirectDecider.decide(302, "/n", url(CURRENT), FetchMethod.GET, true, 4, 5, Set.of());
    assertTrue(d.follow());
  }

  @Test
  void redirectAtTheLimitFailsWithTooManyRedirects() {
    TooManyRedirectsException e =
        assertThrows(
            TooManyRedirectsException.class,
            () -> RedirectDecider.decide(302, "/n?secret=1", url(CURRENT), FetchMethod.GET, true, 5, 5, Set.of()));
    assertTrue(e.getMessage().contains("http://a.example/n"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), "the query is redacted: " + e.getMessage());
  }

  @Test
  void limitOfZeroRefusesTheFirstRedirect() {
    assertThrows(
        TooManyRedirectsException.class,
        () -> RedirectDecider.decide(302, "/n", url(CURRENT), FetchMethod.GET, true, 0, 0, Set.of()));
  }

  @Test
  void redirectToAVisitedUrlIsALoop() {
    Set<FetchUrl> visited = Set.of(url("http://a.example/start"), url(CURRENT));
    assertThrows(
        RedirectLoopException.class,
        () -> RedirectDecider.decide(302, "/start", url(CURRENT), FetchMethod.GET, true, 1, 5, visited));
  }

  @Test
  void redirectToTheSameUrlIsALoop() {
    assertThrows(RedirectLoopException.class, () -> decide(302, "/dir/page?x=1"));
  }

  @Test
  void loopIsFoundAfterNormalization() {
    Set<FetchUrl> visited = Set.of(url("http://a.example/a/b"));
    assertThrows(
        RedirectLoopException.class,
        () -> RedirectDecider.decide(
            302, "HTTP://A.EXAMPLE:80/a/./x/../b", url(CURRENT), FetchMethod.GET, true, 1, 5, visited));
  }

  @Test
  void sameUrlWithAnotherQueryIsNoLoop() throws FetchException {
    assertTrue(decide(302, "/dir/page?x=2").follow());
  }

  @ParameterizedTest(name = "{0} -> {1}: drop={2}")
  @CsvSource({
    "http://a.example/p,       /q,                        false",
    "http://a.example/p,       http://a.example:80/q,     false",
    "https://a.example/p,      https://a.example/q,       false",
    "http://a.example/p,       http://b.example/q,        true",
    "http://a.example/p,       http://a.example:8080/q,   true",
    "http://a.example/p,       https://a.example/q,       true",
    "https://a.example/p,      http://a.example/q,        true",
    "https://a.example:8443/p, http://a.example:8443/q,   true",
    "http://127.0.0.1:1000/p,  http://127.0.0.1:1001/q,   true",
    "http://a.example/p,       http://sub.a.example/q,    true"
  })
  void credentialsAreDroppedOnOriginChangeOrDowngrade(String current, String location, boolean drop)
      throws FetchException {
    RedirectDecision d = decide(302, location, current, FetchMethod.GET);
    assertTrue(d.follow());
    assertEquals(drop, d.dropCredentials());
  }
}
