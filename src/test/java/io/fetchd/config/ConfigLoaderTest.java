package io.fetchd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import io.fetchd.client.BodyMode;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.client.policy.BlockReason;
import io.fetchd.metrics.MetricsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static FetchdConfig load(Path file, Map<String, String> env) {
    return ConfigLoader.load(Optional.ofNullable(file), env);
  }

  private static ConfigException failure(Path file, Map<String, String> env) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(file, env));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  private static Optional<BlockReason> check(AddressPolicy p, String ip, int port) throws IOException {
    return p.check(InetAddress.getByName(ip), port);
  }

  // ------------------------------------------------------------------ defaults

  @Test
  void defaultsAreTheComponentsOwnDefaults() {
    FetchdConfig c = load(null, Map.of());
    assertEquals(ApiOptions.DEFAULTS, c.toApiOptions());
    assertEquals(RequestOptions.DEFAULTS.withKeepHeaders(false), c.toRequestOptions(),
        "the service's requests are the client's defaults, minus the headers it never shows");
    assertEquals(RequestCeilings.DEFAULTS, c.toCeilings());
    assertEquals(BatchLimits.DEFAULTS, c.toBatchLimits());
    assertEquals(1, c.reactorThreads());
    FetcherConfig f = c.toFetcherConfig();
    FetcherConfig d = FetcherConfig.DEFAULTS;
    assertEquals(d.withAddressPolicy(f.addressPolicy()), f);
    assertTrue(f.addressPolicy().enabled());
    assertTrue(f.addressPolicy().allowRules().isEmpty());
    assertTrue(f.addressPolicy().denyRules().isEmpty());
  }

  @Test
  void defaultsHaveMetricsSettingsForTheMetricsComponent() {
    FetchdConfig.MetricsSection m = load(null, Map.of()).metrics();
    assertEquals(new FetchdConfig.MetricsSection(true, "/metrics", 0, null, 1000, Duration.ofMinutes(10), true,
        Duration.ofMillis(500), null), m);
  }

  @Test
  void readinessGraceDefaultsToFiveSeconds() {
    assertEquals(Duration.ofSeconds(5), load(null, Map.of()).server().readinessGrace());
  }

  @Test
  void readinessGraceComesFromFileAndEnvironment() throws IOException {
    Path f = file("c.yaml", "server:\n  readinessGrace: 7s\n");
    assertEquals(Duration.ofSeconds(7), load(f, Map.of()).server().readinessGrace());
    assertEquals(Duration.ofMillis(2500),
        load(f, Map.of("FETCHD_SERVER_READINESS_GRACE", "2500ms")).server().readinessGrace());
  }

  @Test
  void readinessGraceWithoutUnitIsAnError() {
    ConfigException e = failure(null, Map.of("FETCHD_SERVER_READINESS_GRACE", "5"));
    assertEquals("server.readinessGrace: must be a duration with a unit (ms, s, m, h, d) like 250ms, 30s or 10m,"
        + " got '5' (from FETCHD_SERVER_READINESS_GRACE)", e.getMessage());
  }

  @Test
  void withoutManagementPortThereAreNoManagementOptions() {
    assertEquals(Optional.empty(), load(null, Map.of()).toManagementOptions());
  }

  @Test
  void managementPortGetsTheApiRequestRulesOnServerHost() {
    FetchdConfig c = load(null, Map.of("FETCHD_METRICS_MANAGEMENT_PORT", "9102", "FETCHD_SERVER_HOST", "0.0.0.0",
        "FETCHD_AUTH_TOKENS", "t1", "FETCHD_AUTH_PROTECT_HEALTH_AND_METRICS", "true"));
    assertEquals(Optional.of(c.toApiOptions().withPort(9102)), c.toManagementOptions());
    assertEquals("0.0.0.0", c.toManagementOptions().orElseThrow().host());
    assertTrue(c.toManagementOptions().orElseThrow().protectHealthAndMetrics());
  }

  @Test
  void managementHostOverridesServerHost() throws IOException {
    Path f = file("c.yaml", "server:\n  host: 0.0.0.0\nmetrics:\n  managementPort: 9102\n  managementHost: 127.0.0.1\n");
    assertEquals("127.0.0.1", load(f, Map.of()).toManagementOptions().orElseThrow().host());
    assertEquals("0.0.0.0", load(f, Map.of()).toApiOptions().host());
  }

  @Test
  void managementHostWithoutManagementPortIsAnError() {
    ConfigException e = failure(null, Map.of("FETCHD_METRICS_MANAGEMENT_HOST", "127.0.0.1"));
    assertEquals("metrics.managementHost: has no effect unless metrics.managementPort is set; remove it or set the"
        + " port (from FETCHD_METRICS_MANAGEMENT_HOST)", e.getMessage());
  }

  @Test
  void managementPortZeroMayEqualServerPortZero() {
    FetchdConfig c = load(null, Map.of("FETCHD_SERVER_PORT", "0", "FETCHD_METRICS_MANAGEMENT_PORT", "0"));
    assertEquals(Optional.empty(), c.toManagementOptions());
  }

  @Test
  void metricsSettingsMapOntoMetricsOptions() {
    FetchdConfig c = load(null, Map.of("FETCHD_METRICS_URL_SERIES_CAP", "10",
        "FETCHD_METRICS_URL_SERIES_IDLE_TIMEOUT", "1m", "FETCHD_METRICS_DROP_QUERY_STRING", "false"));
    assertEquals(MetricsOptions.DEFAULTS.withMaxUrlSeries(10).withSeriesIdleTimeout(Duration.ofMinutes(1))
        .withKeepQueryString(true), c.toMetricsOptions());
    assertEquals(MetricsOptions.DEFAULTS, load(null, Map.of()).toMetricsOptions());
  }

  @Test
  void defaultsRefuseLoopback() throws IOException {
    AddressPolicy p = load(null, Map.of()).toFetcherConfig().addressPolicy();
    assertEquals(Optional.of(BlockReason.LOOPBACK), check(p, "127.0.0.1", 80));
  }

  @Test
  void shippedConfigFileEqualsBuiltInDefaults() {
    Path shipped = Path.of("config/fetchd.yaml");
    assertTrue(Files.isRegularFile(shipped), "run from the project root: " + shipped.toAbsolutePath());
    assertEquals(load(null, Map.of()), load(shipped, Map.of()));
  }

  @Test
  void shippedConfigFileListsEverySettingOnceWithAComment() throws IOException {
    Path shipped = Path.of("config/fetchd.yaml");
    JsonNode root = new YAMLMapper().readTree(shipped.toFile());
    List<String> leaves = new ArrayList<>();
    collectLeaves(root, "", leaves);
    TreeSet<String> expected = new TreeSet<>();
    for (Key k : ConfigLoader.SCHEMA.keys()) {
      expected.add(k.path());
    }
    assertEquals(expected, new TreeSet<>(leaves));
    for (String line : Files.readAllLines(shipped)) {
      if (line.matches("\\s+[a-zA-Z]+: \\S.*")) {
        assertTrue(line.contains(" # "), "every setting has a comment: " + line);
      }
    }
  }

  private static void collectLeaves(JsonNode n, String prefix, List<String> out) {
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject()) {
        collectLeaves(e.getValue(), path, out);
      } else {
        out.add(path);
      }
    }
  }

  // ------------------------------------------------------------------ layers

  @Test
  void memoryBudgetIsAutomaticByDefaultAndSetFromTheEnvironment() {
    FetchdConfig auto = load(null, Map.of());
    assertEquals(0, auto.memory().budgetBytes());
    assertEquals(48L << 20, auto.memoryBudgetBytes(96L << 20, 200L << 20), "half of the smaller pool");
    FetchdConfig set = load(null, Map.of("FETCHD_MEMORY_BUDGET_BYTES", "1000000"));
    assertEquals(1_000_000, set.memoryBudgetBytes(96L << 20, 96L << 20));
  }

  @Test
  void yamlFileOverlaysDefaults() throws IOException {
    Path f = file("c.yaml", """
        server:
          port: 9090
        fetcher:
          idleTimeout: 2500ms
        requests:
          defaults:
            body: base64
            sha256: false
            timeoutMs: 30000
        """);
    FetchdConfig c = load(f, Map.of());
    assertEquals(9090, c.server().port());
    assertEquals("127.0.0.1", c.server().host());
    assertEquals(Duration.ofMillis(2500), c.toFetcherConfig().idleTimeout());
    assertEquals(BodyMode.BYTES, c.toRequestOptions().body());
    assertEquals(false, c.toRequestOptions().sha256());
    assertEquals(Duration.ofSeconds(30), c.toRequestOptions().timeouts().deadline());
    assertEquals(Duration.ofSeconds(5), c.toRequestOptions().timeouts().connect());
  }

  @Test
  void jsonFileOverlaysDefaults() throws IOException {
    Path f = file("c.json", "{\"batches\": {\"maxUrlsPerBatch\": 50, \"jobRetention\": \"1h\"}}");
    BatchLimits limits = load(f, Map.of()).toBatchLimits();
    assertEquals(50, limits.maxUrlsPerBatch());
    assertEquals(Duration.ofHours(1), limits.jobRetention());
  }

  @Test
  void environmentWinsOverFile() throws IOException {
    Path f = file("c.yaml", "server:\n  port: 9090\nfetcher:\n  maxConnectionsPerHost: 4\n");
    FetchdConfig c = load(f, Map.of("FETCHD_SERVER_PORT", "9191", "FETCHD_FETCHER_MAX_CONNECTIONS_PER_HOST", "8"));
    assertEquals(9191, c.server().port());
    assertEquals(8, c.toFetcherConfig().maxConnectionsPerHost());
  }

  @Test
  void environmentListsAreCommaSeparated() {
    FetchdConfig c = load(null, Map.of("FETCHD_AUTH_TOKENS", "alpha, beta,,gamma "));
    assertEquals(List.of("alpha", "beta", "gamma"), c.toApiOptions().authTokens());
  }

  @Test
  void everySettingCanBeSetFromItsEnvironmentVariable() {
    Map<String, String> env = new HashMap<>();
    for (Key k : ConfigLoader.SCHEMA.keys()) {
      env.put(k.env(), k.kind().text(k.defaultValue()));
    }
    assertEquals(load(null, Map.of()), load(null, env));
  }

  private static String envName(String path) {
    return ConfigLoader.SCHEMA.key(path).env();
  }

  @Test
  void environmentNamesAreUpperSnakeCaseOfThePath() {
    assertEquals("FETCHD_SERVER_PORT", envName("server.port"));
    assertEquals("FETCHD_FETCHER_MAX_CONNECTIONS_PER_HOST", envName("fetcher.maxConnectionsPerHost"));
    assertEquals("FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK", envName("addressPolicy.allowLoopback"));
    assertEquals("FETCHD_REQUESTS_DEFAULTS_TIMEOUT_MS", envName("requests.defaults.timeoutMs"));
    assertEquals("FETCHD_AUTH_TOKENS", envName("auth.tokens"));
  }

  @Test
  void unrelatedAndNonSettingVariablesAreIgnored() {
    FetchdConfig c = load(null, Map.of("FETCHD_CONFIG", "x.yaml", "FETCHD_LOG_LEVEL", "debug", "PATH", "/bin"));
    assertEquals(load(null, Map.of()), c);
  }

  // ------------------------------------------------------------------ errors

  @Test
  void badPortFromEnvironmentIsOneLineNamingKeyAndVariable() {
    ConfigException e = failure(null, Map.of("FETCHD_SERVER_PORT", "70000"));
    assertEquals("server.port: must be between 0 and 65535, got 70000 (from FETCHD_SERVER_PORT)", e.getMessage());
    assertEquals("server.port", e.key());
  }

  @Test
  void badPortFromFileNamesTheFile() throws IOException {
    Path f = file("c.yaml", "server:\n  port: -1\n");
    assertEquals("server.port: must be between 0 and 65535, got -1 (from " + f + ")", failure(f, Map.of()).getMessage());
  }

  @Test
  void unknownKeyInFileIsNamedWithASuggestion() throws IOException {
    Path f = file("c.yaml", "server:\n  prot: 9090\n");
    ConfigException e = failure(f, Map.of());
    assertEquals("server.prot", e.key());
    assertEquals("server.prot: unknown key; did you mean 'port'? (from " + f + ")", e.getMessage());
  }

  @Test
  void unknownSectionIsNamed() throws IOException {
    ConfigException e = failure(file("c.yaml", "logging:\n  level: debug\n"), Map.of());
    assertEquals("logging", e.key());
    assertTrue(e.getMessage().contains("expected one of server, auth, reactor"), e.getMessage());
  }

  @Test
  void unknownVariableInASectionIsAnErrorWithASuggestion() {
    ConfigException e = failure(null, Map.of("FETCHD_SERVER_PROT", "1"));
    assertEquals("FETCHD_SERVER_PROT: no such setting; did you mean FETCHD_SERVER_PORT?", e.getMessage());
  }

  @Test
  void duplicateKeyInYamlIsAnError() throws IOException {
    Path f = file("c.yaml", "server:\n  port: 1\n  host: 0.0.0.0\n  port: 2\n");
    ConfigException e = failure(f, Map.of());
    assertEquals("server.port", e.key());
    assertEquals("server.port: duplicate key at line 4 (from " + f + ")", e.getMessage());
  }

  @Test
  void duplicateKeyInJsonIsAnError() throws IOException {
    ConfigException e = failure(file("c.json", "{\"reactor\": {\"threads\": 1, \"threads\": 2}}"), Map.of());
    assertEquals("reactor.threads", e.key());
  }

  @Test
  void durationWithoutUnitIsAnError() throws IOException {
    Path f = file("c.yaml", "server:\n  readTimeout: 30\n");
    assertEquals("server.readTimeout: must be text, got 30 (from " + f + ")", failure(f, Map.of()).getMessage());
  }

  @Test
  void durationWithUnknownUnitIsAnError() {
    ConfigException e = failure(null, Map.of("FETCHD_SERVER_DRAIN_TIMEOUT", "20 seconds"));
    assertEquals("server.drainTimeout: must be a duration with a unit (ms, s, m, h, d) like 250ms, 30s or 10m,"
        + " got '20 seconds' (from FETCHD_SERVER_DRAIN_TIMEOUT)", e.getMessage());
  }

  @Test
  void zeroWherePositiveNeededIsAnError() {
    ConfigException e = failure(null, Map.of("FETCHD_SERVER_READ_TIMEOUT", "0s"));
    assertEquals("server.readTimeout: must be longer than 0, got 0 (from FETCHD_SERVER_READ_TIMEOUT)", e.getMessage());
  }

  @Test
  void quotedNumberInFileIsATypeError() throws IOException {
    Path f = file("c.yaml", "server:\n  port: \"8080\"\n");
    assertEquals("server.port: must be a whole number, got '8080' (from " + f + ")", failure(f, Map.of()).getMessage());
  }

  @Test
  void notABooleanIsAnError() {
    ConfigException e = failure(null, Map.of("FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK", "maybe"));
    assertEquals("addressPolicy.allowLoopback: must be true or false, got 'maybe'"
        + " (from FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK)", e.getMessage());
  }

  @Test
  void unknownBodyModeIsAnError() {
    ConfigException e = failure(null, Map.of("FETCHD_REQUESTS_DEFAULTS_BODY", "bytes"));
    assertEquals("requests.defaults.body: must be one of none, text, base64, got 'bytes'"
        + " (from FETCHD_REQUESTS_DEFAULTS_BODY)", e.getMessage());
  }

  @Test
  void defaultAboveARaisedCeilingBlamesTheCeiling() {
    ConfigException e = failure(null, Map.of("FETCHD_REQUESTS_CEILINGS_MAX_TIMEOUT_MS", "30000"));
    assertEquals("requests.ceilings.maxTimeoutMs: must be at least requests.defaults.timeoutMs, which is 60000"
        + " (built-in default), got 30000 (from FETCHD_REQUESTS_CEILINGS_MAX_TIMEOUT_MS)", e.getMessage());
  }

  @Test
  void managementPortEqualToServerPortIsAnError() {
    ConfigException e = failure(null, Map.of("FETCHD_METRICS_MANAGEMENT_PORT", "8080"));
    assertEquals("metrics.managementPort", e.key());
    assertEquals("metrics.managementPort: must differ from server.port (use 0 to serve metrics on server.port),"
        + " got 8080 (from FETCHD_METRICS_MANAGEMENT_PORT)", e.getMessage());
  }

  @Test
  void malformedYamlIsOneLineNamingTheFile() throws IOException {
    Path f = file("c.yaml", "server: [1\n");
    ConfigException e = failure(f, Map.of());
    assertEquals(f.toString(), e.key());
    assertTrue(e.getMessage().startsWith(f + ": not valid YAML: line "), e.getMessage());
  }

  @Test
  void secondYamlDocumentIsAnError() throws IOException {
    Path f = file("c.yaml", "server:\n  port: 1\n---\nserver:\n  port: 2\n");
    assertTrue(failure(f, Map.of()).getMessage().contains("more than one document"));
  }

  @Test
  void missingFileIsAnError() {
    Path f = dir.resolve("nope.yaml");
    assertEquals(f + ": config file not found", failure(f, Map.of()).getMessage());
  }

  @Test
  void unsupportedExtensionIsAnError() throws IOException {
    Path f = file("c.toml", "x = 1");
    assertTrue(failure(f, Map.of()).getMessage().contains("use .yaml, .yml or .json"));
  }

  @Test
  void emptyFileMeansDefaults() throws IOException {
    assertEquals(load(null, Map.of()), load(file("c.yaml", "# nothing\n"), Map.of()));
  }

  // ------------------------------------------------------------------ address policy, DNS, auth

  @Test
  void portScopedAllowRuleAllowsOnlyItsPort() throws IOException {
    Path f = file("c.yaml", "addressPolicy:\n  allow: [\"127.0.0.1/32:8081\", 10.1.0.0/16]\n");
    AddressPolicy p = load(f, Map.of()).toFetcherConfig().addressPolicy();
    assertEquals(Optional.empty(), check(p, "127.0.0.1", 8081));
    assertEquals(Optional.of(BlockReason.LOOPBACK), check(p, "127.0.0.1", 8082));
    assertEquals(Optional.empty(), check(p, "10.1.2.3", 443));
  }

  @Test
  void invalidAllowRuleIsNamedWithItsIndex() {
    ConfigException e = failure(null, Map.of("FETCHD_ADDRESS_POLICY_ALLOW", "10.0.0.0/8,127.0.0.1/33"));
    assertTrue(e.getMessage().startsWith("addressPolicy.allow[1]: invalid allow rule '127.0.0.1/33'"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(from FETCHD_ADDRESS_POLICY_ALLOW)"), e.getMessage());
  }

  @Test
  void allowLoopbackAddsIpv4AndIpv6Loopback() throws IOException {
    AddressPolicy p = load(null, Map.of("FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK", "true")).toFetcherConfig().addressPolicy();
    assertEquals(Optional.empty(), check(p, "127.0.0.1", 8080));
    assertEquals(Optional.empty(), check(p, "127.9.9.9", 1));
    assertEquals(Optional.empty(), check(p, "::1", 8080));
    assertEquals(Optional.of(BlockReason.PRIVATE), check(p, "10.0.0.1", 80));
  }

  @Test
  void denyRuleWinsOverAllowLoopback() throws IOException {
    AddressPolicy p = load(null, Map.of("FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK", "true",
        "FETCHD_ADDRESS_POLICY_DENY", "127.0.0.2")).toFetcherConfig().addressPolicy();
    assertEquals(Optional.of(BlockReason.DENY_LIST), check(p, "127.0.0.2", 80));
  }

  @Test
  void dnsServersAreIpLiteralsWithOptionalPort() throws IOException {
    Path f = file("c.yaml", "fetcher:\n  dnsServers: [\"1.1.1.1:5353\", \"[::1]:53\", 9.9.9.9]\n");
    assertEquals(
        List.of(new InetSocketAddress(InetAddress.getByName("1.1.1.1"), 5353),
            new InetSocketAddress(InetAddress.getByName("::1"), 53),
            new InetSocketAddress(InetAddress.getByName("9.9.9.9"), 53)),
        load(f, Map.of()).toFetcherConfig().dnsServers());
  }

  @Test
  void dnsServerGivenByNameIsAnError() {
    ConfigException e = failure(null, Map.of("FETCHD_FETCHER_DNS_SERVERS", "dns.google:53"));
    assertTrue(e.getMessage().startsWith("fetcher.dnsServers[0]: must be an IP address and port"), e.getMessage());
  }

  @Test
  void missingTrustedCaFileIsAnError() {
    ConfigException e = failure(null, Map.of("FETCHD_FETCHER_TRUSTED_CA_FILE", "/nonexistent/ca.pem"));
    assertEquals("fetcher.trustedCaFile: cannot read file '/nonexistent/ca.pem' (from FETCHD_FETCHER_TRUSTED_CA_FILE)",
        e.getMessage());
  }

  @Test
  void nullTrustedCaFileMeansTheJdkTrustStore() throws IOException {
    assertNull(load(file("c.yaml", "fetcher:\n  trustedCaFile: ~\n"), Map.of()).toFetcherConfig().trustedCaFile());
  }

  @Test
  void emptyUserAgentMeansTheVersionedDefault() {
    assertEquals(FetcherConfig.DEFAULTS.userAgent(), load(null, Map.of()).toFetcherConfig().userAgent());
    assertEquals("probe/1", load(null, Map.of("FETCHD_FETCHER_USER_AGENT", "probe/1")).toFetcherConfig().userAgent());
  }

  @Test
  void userAgentTheClientWouldRefuseIsRefusedAtLoadNamingTheSetting() {
    ConfigException e = failure(null, Map.of("FETCHD_FETCHER_USER_AGENT", "probe\u2713"));
    assertEquals("fetcher.userAgent: invalid value for header 'User-Agent': non-octet character 0x2713 at index 5"
        + " (from FETCHD_FETCHER_USER_AGENT)", e.getMessage());
  }

  @Test
  void blankTokenIsAnErrorThatDoesNotEchoTokens() throws IOException {
    Path f = file("c.yaml", "auth:\n  tokens: [s3cret, \" \"]\n");
    ConfigException e = failure(f, Map.of());
    assertEquals("auth.tokens[1]: must not be blank (from " + f + ")", e.getMessage());
  }

  @Test
  void tokensNeverAppearInToString() {
    FetchdConfig c = load(null, Map.of("FETCHD_AUTH_TOKENS", "s3cret-token"));
    assertFalse(c.toString().contains("s3cret-token"), c.toString());
  }

  // ------------------------------------------------------------------ durations

  @Test
  void durationsParseEveryUnitAndFormatBack() {
    Map<String, Duration> table = Map.of(
        "250ms", Duration.ofMillis(250), "30s", Duration.ofSeconds(30), "10m", Duration.ofMinutes(10),
        "1h", Duration.ofHours(1), "2d", Duration.ofDays(2), "0", Duration.ZERO, "1500ms", Duration.ofMillis(1500));
    table.forEach((text, d) -> {
      assertEquals(d, ConfigDurations.parse(text), text);
      assertEquals(text, ConfigDurations.format(d), text);
    });
  }

  @Test
  void aProbeModuleFetchdCannotHonourRefusesTheStartNamingTheSettingFileAndKey() throws IOException {
    Path bb = file("blackbox.yml", "modules:\n  ping:\n    prober: icmp\n");
    ConfigException e = failure(null, Map.of("FETCHD_METRICS_PROBE_MODULES_FILE", bb.toString()));
    assertEquals("metrics.probeModulesFile", e.key());
    assertEquals("metrics.probeModulesFile: " + bb
        + ": modules.ping.prober: the icmp prober is not supported by fetchd (http only)", e.getMessage());
  }

  @Test
  void aProbeModulesFileIsCarriedToTheProbeOptions() throws IOException {
    Path bb = file("blackbox.yml", "modules:\n  web:\n    prober: http\n");
    FetchdConfig c = load(null, Map.of("FETCHD_METRICS_PROBE_MODULES_FILE", bb.toString()));
    assertEquals(bb, c.toProbeOptions().modulesFile());
  }
}
