package io.fetchd.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fetchd.client.BodyMode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads fetchd's configuration in three layers, each overriding the one before:
 *
 * <ol>
 *   <li>the built-in defaults (the components' own defaults, see {@link Setting});
 *   <li>a file, YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}), read strictly: an
 *       unknown key, a duplicate key, a value of the wrong type or a second YAML document is an
 *       error;
 *   <li>environment variables {@code FETCHD_<SECTION>_<KEY>} in upper snake case
 *       ({@code FETCHD_SERVER_PORT}, {@code FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK}); lists are
 *       comma-separated. A variable that starts like a section ({@code FETCHD_SERVER_}) but names
 *       no setting is an error, so a typo does not go unnoticed.
 * </ol>
 *
 * <p>Every problem is a {@link ConfigException} with a one-line message naming the setting and
 * where its value came from. Blocking file I/O: call it at startup, never on the reactor. Any
 * thread; no state.
 */
public final class ConfigLoader {
  /** Source of values nobody set. */
  static final String DEFAULT_SOURCE = "built-in default";

  /** {@code FETCHD_} variables that are not settings (read by {@code app}). */
  private static final Set<String> NOT_SETTINGS = Set.of("FETCHD_CONFIG");

  private static final Map<String, Setting> LEAVES = new LinkedHashMap<>();
  private static final Map<String, Set<String>> BRANCHES = new LinkedHashMap<>();

  static {
    BRANCHES.put("", new LinkedHashSet<>());
    for (Setting s : Setting.values()) {
      LEAVES.put(s.path(), s);
      String[] parts = s.path().split("\\.");
      String parent = "";
      for (int i = 0; i < parts.length; i++) {
        BRANCHES.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(parts[i]);
        parent = parent.isEmpty() ? parts[i] : parent + "." + parts[i];
      }
    }
  }

  private final Map<Setting, Object> values = new EnumMap<>(Setting.class);
  private final Map<Setting, String> sources = new EnumMap<>(Setting.class);

  private ConfigLoader() {
    for (Setting s : Setting.values()) {
      values.put(s, s.defaultValue());
      sources.put(s, DEFAULT_SOURCE);
    }
  }

  /**
   * Defaults, then {@code file} if present, then {@code env}.
   *
   * @param file a {@code .yaml}, {@code .yml} or {@code .json} file; it must exist
   * @param env the environment (usually {@link System#getenv()}); only {@code FETCHD_*} is read
   * @throws ConfigException with a one-line message for the first problem found
   */
  public static FetchdConfig load(Optional<Path> file, Map<String, String> env) {
    ConfigLoader loader = new ConfigLoader();
    file.ifPresent(loader::overlayFile);
    loader.overlayEnv(env);
    loader.crossCheck();
    FetchdConfig config = loader.assemble();
    loader.checkMapping(config);
    return config;
  }

  // ------------------------------------------------------------------ file

  private void overlayFile(Path file) {
    String name = file.toString();
    String lower = name.toLowerCase(Locale.ROOT);
    ObjectMapper mapper;
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      mapper = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    } else if (lower.endsWith(".json")) {
      mapper = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    } else {
      throw new ConfigException(name, "unsupported config file type; use .yaml, .yml or .json", null);
    }
    JsonNode root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        JsonParser parser = mapper.createParser(reader)) {
      root = mapper.readTree(parser);
      if (parser.nextToken() != null) {
        throw new ConfigException(name, "holds more than one document; put all settings in one", null);
      }
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, "config file not found", null);
    } catch (JsonProcessingException e) {
      throw parseError(name, e);
    } catch (IOException e) {
      throw new ConfigException(name, "cannot read config file: " + e.getMessage(), null);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    walk(root, "", name);
  }

  private void walk(JsonNode node, String prefix, String source) {
    if (!node.isObject()) {
      String where = prefix.isEmpty() ? source : prefix;
      throw new ConfigException(where, "must be a mapping of settings, got " + node.getNodeType().name().toLowerCase(Locale.ROOT), prefix.isEmpty() ? null : source);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      Setting setting = LEAVES.get(path);
      if (setting != null) {
        set(setting, () -> setting.kind().fromNode(field.getValue()), source);
      } else if (BRANCHES.containsKey(path)) {
        if (!field.getValue().isNull()) {
          walk(field.getValue(), path, source);
        }
      } else {
        throw new ConfigException(path, unknownKey(field.getKey(), BRANCHES.get(prefix)), source);
      }
    }
  }

  private static String unknownKey(String key, Set<String> known) {
    for (String k : known) {
      if (distance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 2) {
        return "unknown key; did you mean '" + k + "'?";
      }
    }
    return "unknown key; expected one of " + String.join(", ", known);
  }

  private static ConfigException parseError(String file, JsonProcessingException e) {
    if (e.getProcessor() instanceof JsonParser p && e.getOriginalMessage().startsWith("Duplicate field")) {
      return new ConfigException(path(p.getParsingContext()), "duplicate key at line "
          + e.getLocation().getLineNr(), file);
    }
    List<String> lines = new ArrayList<>();
    for (String line : e.getOriginalMessage().split("\\R")) {
      String t = line.strip();
      if (!t.isEmpty() && !line.startsWith(" ") && !t.equals("^") && !t.startsWith("in '")) {
        lines.add(t);
      }
    }
    String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr() + ": ";
    return new ConfigException(file, "not valid " + (file.toLowerCase(Locale.ROOT).endsWith(".json") ? "JSON" : "YAML")
        + ": " + where + String.join("; ", lines), null);
  }

  private static String path(JsonStreamContext ctx) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
    }
    return String.join(".", parts).replace(".[", "[");
  }

  // ------------------------------------------------------------------ environment

  private void overlayEnv(Map<String, String> env) {
    Map<String, Setting> byEnv = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      byEnv.put(s.envName(), s);
    }
    for (Setting s : Setting.values()) {
      String raw = env.get(s.envName());
      if (raw != null) {
        set(s, () -> s.kind().fromText(raw), s.envName());
      }
    }
    Set<String> sectionPrefixes = new LinkedHashSet<>();
    for (Setting s : Setting.values()) {
      String env0 = s.envName();
      String section = s.path().substring(0, s.path().indexOf('.'));
      sectionPrefixes.add(env0.substring(0, "FETCHD_".length() + snake(section).length() + 1));
    }
    for (String name : env.keySet()) {
      if (!name.startsWith("FETCHD_") || byEnv.containsKey(name) || NOT_SETTINGS.contains(name)) {
        continue;
      }
      for (String prefix : sectionPrefixes) {
        if (name.startsWith(prefix)) {
          throw new ConfigException(name, unknownVariable(name, byEnv.keySet()), null);
        }
      }
    }
  }

  private static String unknownVariable(String name, Set<String> known) {
    for (String k : known) {
      if (distance(k, name) <= 2) {
        return "no such setting; did you mean " + k + "?";
      }
    }
    return "no such setting; see config/fetchd.yaml for the settings and their variables";
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  // ------------------------------------------------------------------ values

  private interface Reader0 {
    Object read();
  }

  private void set(Setting s, Reader0 reader, String source) {
    try {
      values.put(s, s.value(reader.read()));
      sources.put(s, source);
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      String key = s.path();
      if (msg.startsWith("[")) {
        key += msg.substring(0, msg.indexOf(']') + 1);
        msg = msg.substring(msg.indexOf(']') + 2);
      }
      throw new ConfigException(key, msg, source);
    }
  }

  private void crossCheck() {
    atMost(Setting.REQUESTS_DEFAULTS_TIMEOUT_MS, Setting.REQUESTS_CEILINGS_MAX_TIMEOUT_MS);
    atMost(Setting.REQUESTS_DEFAULTS_CONNECT_TIMEOUT_MS, Setting.REQUESTS_CEILINGS_MAX_CONNECT_TIMEOUT_MS);
    atMost(Setting.REQUESTS_DEFAULTS_MAX_REDIRECTS, Setting.REQUESTS_CEILINGS_MAX_REDIRECTS);
    atMost(Setting.REQUESTS_DEFAULTS_MAX_BODY_BYTES, Setting.REQUESTS_CEILINGS_MAX_BODY_BYTES);
    atMost(Setting.REQUESTS_DEFAULTS_RETRIES, Setting.REQUESTS_CEILINGS_MAX_RETRIES);
    atMost(Setting.REQUESTS_DEFAULTS_RETRY_BASE_DELAY_MS, Setting.REQUESTS_DEFAULTS_RETRY_MAX_DELAY_MS);
    atMost(Setting.BATCHES_MAX_URLS_PER_BATCH, Setting.BATCHES_MAX_QUEUED_URLS);
    int mgmt = integer(Setting.METRICS_MANAGEMENT_PORT);
    if (mgmt != 0 && mgmt == integer(Setting.SERVER_PORT)) {
      throw new ConfigException(Setting.METRICS_MANAGEMENT_PORT.path(),
          "must differ from server.port (use 0 to serve metrics on server.port), got " + mgmt,
          sources.get(Setting.METRICS_MANAGEMENT_PORT));
    }
    if (mgmt == 0 && values.get(Setting.METRICS_MANAGEMENT_HOST) != null) {
      throw new ConfigException(Setting.METRICS_MANAGEMENT_HOST.path(),
          "has no effect unless metrics.managementPort is set; remove it or set the port",
          sources.get(Setting.METRICS_MANAGEMENT_HOST));
    }
  }

  /** {@code small <= large}, blaming whichever of the two was set last (not a default). */
  private void atMost(Setting small, Setting large) {
    long a = ((Number) values.get(small)).longValue();
    long b = ((Number) values.get(large)).longValue();
    if (a > b) {
      boolean blameLarge = sources.get(small).equals(DEFAULT_SOURCE);
      Setting blamed = blameLarge ? large : small;
      Setting other = blameLarge ? small : large;
      String rule = blameLarge ? "must be at least " : "must not exceed ";
      throw new ConfigException(blamed.path(), rule + other.path() + ", which is " + values.get(other)
          + " (" + sources.get(other) + "), got " + values.get(blamed), sources.get(blamed));
    }
  }

  private int integer(Setting s) {
    return (Integer) values.get(s);
  }

  private long along(Setting s) {
    return ((Number) values.get(s)).longValue();
  }

  private boolean bool(Setting s) {
    return (Boolean) values.get(s);
  }

  private Duration duration(Setting s) {
    return (Duration) values.get(s);
  }

  private String string(Setting s) {
    return (String) values.get(s);
  }

  @SuppressWarnings("unchecked")
  private List<String> list(Setting s) {
    return (List<String>) values.get(s);
  }

  private FetchdConfig assemble() {
    return new FetchdConfig(
        new FetchdConfig.ServerSection(
            string(Setting.SERVER_HOST),
            integer(Setting.SERVER_PORT),
            integer(Setting.SERVER_MAX_REQUEST_BODY_BYTES),
            integer(Setting.SERVER_MAX_INITIAL_LINE_LENGTH),
            integer(Setting.SERVER_MAX_HEADER_SIZE),
            duration(Setting.SERVER_READ_TIMEOUT),
            duration(Setting.SERVER_DRAIN_TIMEOUT),
            duration(Setting.SERVER_READINESS_GRACE),
            duration(Setting.SERVER_REQUEST_TIMEOUT),
            integer(Setting.SERVER_MIN_REQUEST_BODY_BYTES_PER_SECOND),
            integer(Setting.SERVER_MAX_CONNECTIONS)),
        new FetchdConfig.AuthSection(list(Setting.AUTH_TOKENS), bool(Setting.AUTH_PROTECT_HEALTH_AND_METRICS)),
        new FetchdConfig.ReactorSection(integer(Setting.REACTOR_THREADS), string(Setting.REACTOR_TRANSPORT)),
        new FetchdConfig.FetcherSection(
            integer(Setting.FETCHER_MAX_CONNECTIONS_PER_HOST),
            integer(Setting.FETCHER_MAX_IN_FLIGHT),
            integer(Setting.FETCHER_MAX_QUEUED_PER_ORIGIN),
            duration(Setting.FETCHER_IDLE_TIMEOUT),
            string(Setting.FETCHER_TRUSTED_CA_FILE),
            list(Setting.FETCHER_DNS_SERVERS),
            duration(Setting.FETCHER_DNS_MAX_TTL),
            string(Setting.FETCHER_USER_AGENT)),
        new FetchdConfig.AddressPolicySection(
            bool(Setting.ADDRESS_POLICY_ENABLED),
            list(Setting.ADDRESS_POLICY_ALLOW),
            list(Setting.ADDRESS_POLICY_DENY),
            bool(Setting.ADDRESS_POLICY_ALLOW_LOOPBACK)),
        new FetchdConfig.RequestsSection(
            new FetchdConfig.DefaultsSection(
                along(Setting.REQUESTS_DEFAULTS_TIMEOUT_MS),
                along(Setting.REQUESTS_DEFAULTS_CONNECT_TIMEOUT_MS),
                along(Setting.REQUESTS_DEFAULTS_DNS_TIMEOUT_MS),
                along(Setting.REQUESTS_DEFAULTS_TLS_TIMEOUT_MS),
                along(Setting.REQUESTS_DEFAULTS_FIRST_BYTE_TIMEOUT_MS),
                along(Setting.REQUESTS_DEFAULTS_IDLE_READ_TIMEOUT_MS),
                along(Setting.REQUESTS_DEFAULTS_QUEUE_TIMEOUT_MS),
                bool(Setting.REQUESTS_DEFAULTS_FOLLOW_REDIRECTS),
                integer(Setting.REQUESTS_DEFAULTS_MAX_REDIRECTS),
                along(Setting.REQUESTS_DEFAULTS_MAX_BODY_BYTES),
                (BodyMode) values.get(Setting.REQUESTS_DEFAULTS_BODY),
                bool(Setting.REQUESTS_DEFAULTS_SHA256),
                integer(Setting.REQUESTS_DEFAULTS_RETRIES),
                along(Setting.REQUESTS_DEFAULTS_RETRY_BASE_DELAY_MS),
                along(Setting.REQUESTS_DEFAULTS_RETRY_MAX_DELAY_MS)),
            new FetchdConfig.CeilingsSection(
                along(Setting.REQUESTS_CEILINGS_MAX_TIMEOUT_MS),
                along(Setting.REQUESTS_CEILINGS_MAX_CONNECT_TIMEOUT_MS),
                integer(Setting.REQUESTS_CEILINGS_MAX_REDIRECTS),
                along(Setting.REQUESTS_CEILINGS_MAX_BODY_BYTES),
                integer(Setting.REQUESTS_CEILINGS_MAX_RETRIES),
                integer(Setting.REQUESTS_CEILINGS_MAX_HEADERS))),
        new FetchdConfig.BatchesSection(
            integer(Setting.BATCHES_MAX_URLS_PER_BATCH),
            integer(Setting.BATCHES_MAX_CONCURRENT_BATCHES),
            integer(Setting.BATCHES_MAX_QUEUED_URLS),
            integer(Setting.BATCHES_MAX_IN_FLIGHT_PER_BATCH),
            duration(Setting.BATCHES_JOB_RETENTION),
            integer(Setting.BATCHES_MAX_RETAINED_JOBS)),
        new FetchdConfig.MetricsSection(
            bool(Setting.METRICS_ENABLED),
            string(Setting.METRICS_PATH),
            integer(Setting.METRICS_MANAGEMENT_PORT),
            string(Setting.METRICS_MANAGEMENT_HOST),
            integer(Setting.METRICS_URL_SERIES_CAP),
            duration(Setting.METRICS_URL_SERIES_IDLE_TIMEOUT),
            bool(Setting.METRICS_DROP_QUERY_STRING),
            duration(Setting.METRICS_PROBE_TIMEOUT_OFFSET),
            string(Setting.METRICS_PROBE_MODULES_FILE)),
        new FetchdConfig.MemorySection(along(Setting.MEMORY_BUDGET_BYTES)));
  }

  /**
   * Builds every options record once, so that a rule only a component knows fails here, at
   * startup, rather than later; the per-setting checks above should leave nothing for it.
   */
  private void checkMapping(FetchdConfig c) {
    try {
      c.toApiOptions();
      c.toManagementOptions();
      c.toFetcherConfig();
      c.toRequestOptions();
      c.toCeilings();
      c.toBatchLimits();
      c.toMetricsOptions();
      c.toProbeOptions();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config", e.getMessage(), null);
    }
    try {
      // read here too, so that a module fetchd cannot honour refuses the start with the rest
      io.fetchd.metrics.ProbeModules.load(c.toProbeOptions().modulesFile());
    } catch (io.fetchd.metrics.ProbeModulesException e) {
      throw new ConfigException(Setting.METRICS_PROBE_MODULES_FILE.path(), e.getMessage(), null);
    }
  }

  /** Levenshtein distance, for "did you mean" hints. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
