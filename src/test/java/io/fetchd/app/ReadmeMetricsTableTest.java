package io.fetchd.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.config.ConfigLoader;
import io.fetchd.config.FetchdConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's metric table against a live {@code /metrics}, both ways: every family the service
 * serves (after a batch and a probe, so lazily created meters exist) matches a row, and every name
 * in a row is served. A row's first cell holds backticked names; {@code {a,b}} expands to
 * alternatives and {@code *} matches any run of characters.
 */
class ReadmeMetricsTableTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (\\S+) \\S+$", Pattern.MULTILINE);
  private static final Pattern NAME = Pattern.compile("`([a-z_*{},]+)`");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Service service;

  @AfterEach
  void tearDown() {
    if (service != null) {
      service.shutdown(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
  }

  @Test
  void theReadmeTableNamesExactlyTheFamiliesServed() throws Exception {
    service = Service.start(ConfigLoader.load(Optional.empty(), Map.of(
        "FETCHD_SERVER_HOST", "127.0.0.1",
        "FETCHD_SERVER_PORT", "0",
        "FETCHD_SERVER_READINESS_GRACE", "0s",
        "FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK", "true")));
    String base = Service.url(service.address());
    String self = base + "/healthz";
    assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/v1/fetch"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"urls\":[\"" + self + "\",\"not a url\"]}"))).statusCode());
    assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/probe?target=" + self)).GET()).statusCode());
    HttpResponse<String> scrape = send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET());
    assertEquals(200, scrape.statusCode());

    TreeSet<String> served = new TreeSet<>();
    Matcher t = TYPE_LINE.matcher(scrape.body());
    while (t.find()) {
      served.add(t.group(1));
    }
    assertTrue(served.size() > 40, "a full scrape: " + served);

    List<Pattern> rows = readmeRows();
    List<String> unlisted = new ArrayList<>();
    for (String family : served) {
      if (rows.stream().noneMatch(p -> p.matcher(family).matches())) {
        unlisted.add(family);
      }
    }
    List<String> notServed = new ArrayList<>();
    for (Pattern p : rows) {
      if (served.stream().noneMatch(f -> p.matcher(f).matches())) {
        notServed.add(p.pattern());
      }
    }
    assertEquals(List.of(), unlisted, "served by /metrics but missing from README's metric table");
    assertEquals(List.of(), notServed, "in README's metric table but not served by /metrics");
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return http.send(b.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The first cells of the table under "## Metrics", as one pattern per name. */
  static List<Pattern> readmeRows() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("\n## Metrics\n");
    int table = readme.indexOf("| Metric | Labels | What |", section);
    assertTrue(section >= 0 && table > section, "README has a metric table under ## Metrics");
    List<Pattern> out = new ArrayList<>();
    for (String line : readme.substring(table).split("\n")) {
      if (!line.startsWith("|")) {
        break;
      }
      String first = line.split("\\|")[1];
      Matcher m = NAME.matcher(first);
      while (m.find()) {
        out.add(Pattern.compile(toRegex(m.group(1))));
      }
    }
    assertTrue(out.size() > 20, "table rows parsed: " + out);
    return out;
  }

  /** {@code fetchd_{a,b}_total} becomes {@code fetchd_(?:a|b)_total}; {@code *} any characters. */
  static String toRegex(String name) {
    StringBuilder re = new StringBuilder();
    for (char c : name.toCharArray()) {
      switch (c) {
        case '{' -> re.append("(?:");
        case '}' -> re.append(')');
        case ',' -> re.append('|');
        case '*' -> re.append(".*");
        default -> re.append(c);
      }
    }
    return re.toString();
  }
}
