package io.fetchd.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.api.route.RequestCeilings;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fetch command's request options obey requests.ceilings, as the API's do: the default
 * ceilings (10 redirects, 5 retries) refuse more, and raising a ceiling allows more. A run that
 * passes the check stops at "no URLs given", which is checked after it.
 */
class FetchCeilingsTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    err.reset();
    return Main.run(args, InputStream.nullInputStream(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void defaultCeilingsAreTheOnesTheUsageNames() {
    assertEquals(10, RequestCeilings.DEFAULTS.maxRedirects());
    assertEquals(5, RequestCeilings.DEFAULTS.maxRetries());
    assertTrue(Usage.FETCH.contains("(0 to requests.ceilings.maxRedirects, 10)"), Usage.FETCH);
    assertTrue(Usage.FETCH.contains("(0 to requests.ceilings.maxRetries, 5)"), Usage.FETCH);
  }

  @Test
  void redirectsAndRetriesUpToTheCeilingPassTheCheck() {
    assertEquals(2, run(Map.of(), "fetch", "--max-redirects", "10", "--retries", "5"));
    assertTrue(err().startsWith("fetchd fetch: no URLs given"), err());
  }

  @Test
  void redirectsAboveTheCeilingAreRefusedNamingTheSetting() {
    assertEquals(2, run(Map.of(), "fetch", "--max-redirects", "11", "http://x/"));
    assertTrue(err().startsWith("fetchd fetch: --max-redirects 11 is above requests.ceilings.maxRedirects (10)"), err());
  }

  @Test
  void retriesAboveTheCeilingAreRefusedNamingTheSetting() {
    assertEquals(2, run(Map.of(), "fetch", "--retries", "6", "http://x/"));
    assertTrue(err().startsWith("fetchd fetch: --retries 6 is above requests.ceilings.maxRetries (5)"), err());
  }

  @Test
  void raisingTheCeilingAllowsMore() {
    assertEquals(2, run(Map.of("FETCHD_REQUESTS_CEILINGS_MAX_REDIRECTS", "15", "FETCHD_REQUESTS_CEILINGS_MAX_RETRIES", "8"),
        "fetch", "--max-redirects", "15", "--retries", "8"));
    assertTrue(err().startsWith("fetchd fetch: no URLs given"), err());
  }

  @Test
  void timeoutAboveItsCeilingIsRefusedToo() {
    assertEquals(2, run(Map.of(), "fetch", "--timeout-ms", "120001", "http://x/"));
    assertTrue(err().startsWith("fetchd fetch: --timeout-ms 120001 is above requests.ceilings.maxTimeoutMs (120000)"), err());
  }
}
