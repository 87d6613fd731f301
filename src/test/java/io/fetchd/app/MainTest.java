package io.fetchd.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchd.client.Version;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process through {@link Main#run}, against a loopback MockWebServer. */
class MainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private MockWebServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getTarget();
        if (path.matches("/[1-5]") && request.getMethod().equals("HEAD")) {
          // MockWebServer would write a body even for HEAD, which the strict client refuses
          return new MockResponse.Builder().setHeader("Content-Length", "7").build();
        }
        if (path.matches("/[1-5]")) {
          return new MockResponse.Builder().setHeader("Content-Type", "text/plain").body("page " + path).build();
        }
        return new MockResponse.Builder().code(404).build();
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private List<String> fiveUrls() {
    List<String> urls = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      urls.add("http://127.0.0.1:" + server.getPort() + "/" + i);
    }
    return urls;
  }

  private int run(InputStream in, Map<String, String> env, String... args) {
    return Main.run(args, in, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
  }

  private int run(String... args) {
    return run(InputStream.nullInputStream(), Map.of(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private List<JsonNode> lines() throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out().split("\n")) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  private static String[] args(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** Results then the summary; checks the summary counts and returns the results. */
  private List<JsonNode> results(int total, int succeeded) throws IOException {
    List<JsonNode> lines = lines();
    assertEquals(total + 1, lines.size(), out());
    JsonNode summary = lines.get(total).get("summary");
    assertEquals(total, summary.get("total").asInt());
    assertEquals(succeeded, summary.get("succeeded").asInt());
    assertEquals(total - succeeded, summary.get("failed").asInt());
    assertTrue(summary.get("elapsedMs").isNumber());
    return lines.subList(0, total);
  }

  private static void assertOneLineUsageError(String err) {
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains("--help"), err);
    assertFalse(err.contains("\tat "), err);
  }

  // ------------------------------------------------------------------ global

  @Test
  void versionPrintsNameAndVersion() {
    assertEquals(0, run("--version"));
    assertEquals("fetchd " + Version.VERSION + System.lineSeparator(), out());
  }

  @Test
  void helpListsTheCommands() {
    assertEquals(0, run("--help"));
    assertTrue(out().contains("Usage: fetchd [COMMAND]"));
    assertTrue(out().contains("serve") && out().contains("fetch"));
  }

  @Test
  void eachCommandHasItsOwnHelp() {
    assertEquals(0, run("fetch", "--help"));
    assertTrue(out().startsWith("Usage: fetchd fetch"), out());
    out.reset();
    assertEquals(0, run("serve", "-h"));
    assertTrue(out().startsWith("Usage: fetchd serve"), out());
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertEquals(2, run("frobnicate"));
    assertTrue(err().startsWith("fetchd: unknown command 'frobnicate'"), err());
    assertOneLineUsageError(err());
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertEquals(2, run("fetch", "--frob", "http://x/"));
    assertEquals("fetchd fetch: unknown option '--frob' (see 'fetchd fetch --help')", err().strip());
  }

  @Test
  void badOptionValueIsAUsageError() {
    assertEquals(2, run("fetch", "--retries", "many", "http://x/"));
    assertTrue(err().startsWith("fetchd fetch: --retries needs a whole number, got 'many'"), err());
    assertOneLineUsageError(err());
  }

  @Test
  void optionWithoutItsValueIsAUsageError() {
    assertEquals(2, run("fetch", "http://x/", "--timeout-ms"));
    assertTrue(err().startsWith("fetchd fetch: --timeout-ms needs a value"), err());
  }

  @Test
  void noUrlsIsAUsageError() {
    assertEquals(2, run("fetch"));
    assertTrue(err().startsWith("fetchd fetch: no URLs given"), err());
  }

  @Test
  void configErrorIsOneLineWithExitTwo() {
    assertEquals(2, run(InputStream.nullInputStream(), Map.of("FETCHD_SERVER_PORT", "70000"), "fetch", "http://x/"));
    assertEquals("fetchd: server.port: must be between 0 and 65535, got 70000 (from FETCHD_SERVER_PORT)", err().strip());
  }

  @Test
  void configFlagNamesTheFileToLoad() throws IOException {
    Path f = Files.writeString(dir.resolve("bad.yaml"), "server:\n  prot: 1\n");
    assertEquals(2, run("fetch", "--config", f.toString(), "http://x/"));
    assertTrue(err().startsWith("fetchd: server.prot: unknown key"), err());
    assertTrue(err().contains(f.toString()), err());
  }

  @Test
  void configEnvironmentVariableNamesTheFileToLoad() throws IOException {
    Path f = Files.writeString(dir.resolve("bad.yaml"), "reactor:\n  threads: 0\n");
    assertEquals(2, run(InputStream.nullInputStream(), Map.of("FETCHD_CONFIG", f.toString()), "fetch", "http://x/"));
    assertTrue(err().startsWith("fetchd: reactor.threads: must be between 1 and 1024, got 0"), err());
  }

  // ------------------------------------------------------------------ fetch

  @Test
  void fetchPrintsOneLinePerUrlAndExitsOneWhenAnyFailed() throws IOException {
    int status = run(args(List.of("fetch", "--allow-loopback"), args(fiveUrls(), "a_bad_url")));
    assertEquals(1, status, err());
    List<JsonNode> results = results(6, 5);
    int ok = 0;
    JsonNode bad = null;
    for (JsonNode r : results) {
      if (r.get("ok").asBoolean()) {
        ok++;
        assertEquals(200, r.get("status").asInt());
        assertTrue(r.has("sha256") && r.has("timings"), r.toString());
      } else {
        bad = r;
      }
    }
    assertEquals(5, ok);
    assertEquals("a_bad_url", bad.get("url").asText());
    assertEquals(5, bad.get("index").asInt());
    assertEquals("InvalidUrl", bad.get("error").get("type").asText());
    assertEquals("", err());
  }

  @Test
  void failOnNoneExitsZeroDespiteFailures() throws IOException {
    assertEquals(0, run(args(List.of("fetch", "--allow-loopback", "--fail-on", "none"), args(fiveUrls(), "a_bad_url"))));
    results(6, 5);
  }

  @Test
  void noSha256LeavesTheHashOutOfEveryResult() throws IOException {
    assertEquals(0, run(args(List.of("fetch", "--allow-loopback", "--no-sha256"), fiveUrls().toArray(String[]::new))));
    for (JsonNode r : results(5, 5)) {
      assertFalse(r.has("sha256"), r.toString());
      assertTrue(r.get("bytes").asLong() > 0, r.toString());
    }
  }

  @Test
  void allSucceededExitsZero() throws IOException {
    assertEquals(0, run(args(List.of("fetch", "--allow-loopback"), fiveUrls().toArray(String[]::new))));
    results(5, 5);
  }

  @Test
  void urlsComeFromAFileSkippingCommentsAndBlankLines() throws IOException {
    List<String> lines = new ArrayList<>(List.of("# five pages and a bad one", ""));
    lines.addAll(fiveUrls());
    lines.addAll(List.of("   ", "a_bad_url"));
    Path f = Files.write(dir.resolve("urls.txt"), lines);
    assertEquals(1, run("fetch", "--allow-loopback", "--file", f.toString()));
    results(6, 5);
  }

  @Test
  void urlsComeFromStandardInput() throws IOException {
    String input = String.join("\n", fiveUrls()) + "\n# done\n";
    InputStream in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
    assertEquals(0, run(in, Map.of(), "fetch", "--allow-loopback", "-"));
    results(5, 5);
  }

  @Test
  void missingUrlFileIsAUsageError() {
    assertEquals(2, run("fetch", "--file", dir.resolve("nope.txt").toString()));
    assertTrue(err().contains("no such file"), err());
    assertOneLineUsageError(err());
  }

  @Test
  void loopbackIsBlockedWithoutAllowLoopback() throws IOException {
    assertEquals(1, run("fetch", fiveUrls().get(0)));
    assertEquals("BlockedAddress", results(1, 0).get(0).get("error").get("type").asText());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void allowLoopbackFromTheEnvironmentWorksToo() throws IOException {
    assertEquals(0, run(InputStream.nullInputStream(), Map.of("FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK", "true"),
        "fetch", fiveUrls().get(0)));
    results(1, 1);
  }

  @Test
  void requestOptionsReachTheServer() throws Exception {
    assertEquals(0, run("fetch", "--allow-loopback", "--body", "text", "--header", "X-Probe: yes",
        "--timeout-ms", "5000", "--retries", "1", fiveUrls().get(2)));
    JsonNode r = results(1, 1).get(0);
    assertEquals("page /3", r.get("body").asText());
    RecordedRequest seen = server.takeRequest();
    assertEquals("yes", seen.getHeaders().get("X-Probe"));
  }

  @Test
  void headMethodIsSent() throws Exception {
    assertEquals(0, run("fetch", "--allow-loopback", "--method", "HEAD", fiveUrls().get(0)), out());
    results(1, 1);
    assertEquals("HEAD", server.takeRequest().getMethod());
  }

  @Test
  void nonSuccessStatusIsAFailureLineWithTheStatus() throws IOException {
    assertEquals(1, run("fetch", "--allow-loopback", "http://127.0.0.1:" + server.getPort() + "/missing"));
    JsonNode r = results(1, 0).get(0);
    assertEquals(404, r.get("status").asInt());
    assertEquals("HttpStatus", r.get("error").get("type").asText());
  }

  @Test
  void headerWithoutColonIsAUsageError() {
    assertEquals(2, run("fetch", "--header", "NoColon", "http://x/"));
    assertOneLineUsageError(err());
  }

  @Test
  void envMapIsTheOnlyEnvironmentRead() {
    Map<String, String> env = new HashMap<>();
    env.put("FETCHD_SERVER_PROT", "1");
    assertEquals(2, run(InputStream.nullInputStream(), env, "fetch", "http://x/"));
    assertTrue(err().contains("did you mean FETCHD_SERVER_PORT?"), err());
  }
}
