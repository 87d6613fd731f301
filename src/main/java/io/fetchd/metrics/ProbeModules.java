package io.fetchd.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fetchd.client.FetchMethod;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.Header;
import io.fetchd.client.InvalidRequestException;
import io.fetchd.client.url.HeaderValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The probe's modules, read from a blackbox_exporter configuration file ({@code modules:}, as
 * blackbox's {@code --config.file} reads it) or, without a file, blackbox's default {@code
 * http_2xx}. Only the {@code http} prober is supported; every key fetchd does not implement is
 * refused, so a module never silently means less than it says. Immutable; any thread.
 */
public final class ProbeModules {
  /** The module set without a file: {@code http_2xx} alone. */
  public static final ProbeModules DEFAULT =
      new ProbeModules(Map.of(ProbeModule.DEFAULT_NAME, ProbeModule.HTTP_2XX));

  private static final Set<String> MODULE_KEYS = Set.of("prober", "timeout", "http", "tcp", "icmp", "dns", "grpc");
  private static final Set<String> OTHER_PROBERS = Set.of("tcp", "icmp", "dns", "grpc");
  private static final Set<String> HTTP_KEYS = Set.of(
      "valid_status_codes", "valid_http_versions", "preferred_ip_protocol", "ip_protocol_fallback",
      "skip_resolve_phase_with_proxy", "no_follow_redirects", "fail_if_ssl", "fail_if_not_ssl", "method",
      "headers", "fail_if_body_matches_regexp", "fail_if_body_not_matches_regexp", "fail_if_header_matches",
      "fail_if_header_not_matches", "body", "compression", "body_size_limit",
      // prometheus/common's HTTPClientConfig, inline
      "follow_redirects", "enable_http2", "tls_config");
  /** HTTPClientConfig keys blackbox accepts that fetchd does not implement. */
  private static final Set<String> HTTP_REFUSED = Set.of(
      "basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file", "proxy_url", "no_proxy",
      "proxy_from_environment", "proxy_connect_header");
  private static final Set<String> TLS_KEYS = Set.of("ca_file", "server_name", "insecure_skip_verify", "min_version");
  private static final Set<String> TLS_REFUSED = Set.of("cert_file", "key_file", "ca", "cert", "key", "max_version");
  private static final Set<String> MATCH_KEYS = Set.of("header", "regexp", "allow_missing");
  /** Request headers the fetcher writes itself, so a module may not set them. */
  private static final Set<String> OWNED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection");

  private final Map<String, ProbeModule> modules;

  private ProbeModules(Map<String, ProbeModule> modules) {
    this.modules = Map.copyOf(modules);
  }

  /**
   * The module called {@code name}.
   *
   * @param name the {@code module=} parameter
   * @return the module, or null when there is none of that name
   */
  public ProbeModule get(String name) {
    return modules.get(name);
  }

  /**
   * Every module, by name.
   *
   * @return the modules
   */
  public Map<String, ProbeModule> all() {
    return modules;
  }

  /**
   * Reads {@code file}, or gives {@link #DEFAULT} when it is null.
   *
   * @param file a blackbox configuration file, or null
   * @return the modules it defines
   * @throws ProbeModulesException naming the file and key, when it cannot be read, is not valid
   *     blackbox configuration, or asks for something fetchd does not support
   */
  public static ProbeModules load(Path file) {
    if (file == null) {
      return DEFAULT;
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ProbeModulesException(file + ": cannot read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /**
   * Parses a blackbox configuration's text.
   *
   * @param yaml the file's text
   * @param source the file's name, for messages
   * @return the modules it defines
   * @throws ProbeModulesException naming {@code source} and the key
   */
  public static ProbeModules parse(String yaml, String source) {
    YAMLMapper mapper = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    JsonNode root;
    try {
      root = mapper.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ProbeModulesException(
          source + ": not valid YAML: " + e.getOriginalMessage().replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim());
    }
    Reader r = new Reader(source, mapper);
    if (root == null || root.isNull() || root.isMissingNode()) {
      return new ProbeModules(Map.of());
    }
    r.mapping(root, "");
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("modules")) {
        throw r.error(k, "unknown key (a blackbox configuration has only modules:)");
      }
    }
    JsonNode mods = root.get("modules");
    Map<String, ProbeModule> out = new LinkedHashMap<>();
    if (mods != null && !mods.isNull()) {
      r.mapping(mods, "modules");
      for (Iterator<Map.Entry<String, JsonNode>> it = mods.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), r.module(e.getKey(), e.getValue()));
      }
    }
    return new ProbeModules(out);
  }

  /** Walks one file's tree; every error names the file and the dotted key. */
  private static final class Reader {
    private final String source;
    private final YAMLMapper mapper;

    Reader(String source, YAMLMapper mapper) {
      this.source = source;
      this.mapper = mapper;
    }

    ProbeModulesException error(String key, String problem) {
      return new ProbeModulesException(source + ": " + key + ": " + problem);
    }

    void mapping(JsonNode n, String key) {
      if (!n.isObject()) {
        throw error(key.isEmpty() ? "(top)" : key, "must be a mapping");
      }
    }

    ProbeModule module(String name, JsonNode n) {
      String key = "modules." + name;
      if (n == null || n.isNull()) {
        n = mapper.createObjectNode();
      }
      mapping(n, key);
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!MODULE_KEYS.contains(k)) {
          throw error(key + "." + k, "unknown key");
        }
        if (OTHER_PROBERS.contains(k)) {
          throw error(key + "." + k, "the " + k + " prober is not supported by fetchd (http only)");
        }
      }
      String prober = text(n.get("prober"), key + ".prober");
      if (prober == null || prober.isEmpty()) {
        throw error(key + ".prober", "missing (fetchd supports prober: http)");
      }
      if (!prober.equals("http")) {
        throw error(key + ".prober", "the " + prober + " prober is not supported by fetchd (http only)");
      }
      Duration timeout = duration(n.get("timeout"), key + ".timeout");
      String src;
      try {
        src = mapper.writeValueAsString(n).replaceFirst("^---\\s*\n", "");
      } catch (JsonProcessingException e) {
        src = n.toString();
      }
      JsonNode h = n.get("http");
      if (h == null || h.isNull()) {
        h = mapper.createObjectNode();
      }
      return http(name, timeout, h, key + ".http", src);
    }

    private ProbeModule http(String name, Duration timeout, JsonNode h, String key, String src) {
      mapping(h, key);
      for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (HTTP_REFUSED.contains(k)) {
          throw error(key + "." + k, "not supported by fetchd's /probe");
        }
        if (!HTTP_KEYS.contains(k)) {
          throw error(key + "." + k, "unknown key");
        }
      }
      List<Integer> codes = new ArrayList<>();
      for (JsonNode c : list(h.get("valid_status_codes"), key + ".valid_status_codes")) {
        if (!c.isInt() || c.asInt() < 100 || c.asInt() > 999) {
          throw error(key + ".valid_status_codes", "must be a list of status codes, got " + c);
        }
        codes.add(c.asInt());
      }
      List<String> versions = new ArrayList<>();
      for (JsonNode v : list(h.get("valid_http_versions"), key + ".valid_http_versions")) {
        versions.add(text(v, key + ".valid_http_versions"));
      }
      String ip = text(h.get("preferred_ip_protocol"), key + ".preferred_ip_protocol");
      if (ip == null || ip.isEmpty()) {
        ip = "ip6";
      } else if (!ip.equals("ip4") && !ip.equals("ip6")) {
        throw error(key + ".preferred_ip_protocol", "must be ip4 or ip6, got " + ip);
      }
      boolean fallback = bool(h.get("ip_protocol_fallback"), key + ".ip_protocol_fallback", true);
      if (bool(h.get("skip_resolve_phase_with_proxy"), key + ".skip_resolve_phase_with_proxy", false)) {
        throw error(key + ".skip_resolve_phase_with_proxy", "not supported by fetchd's /probe (no proxy)");
      }
      boolean follow = bool(h.get("follow_redirects"), key + ".follow_redirects", true);
      if (h.has("no_follow_redirects")) {
        follow = !bool(h.get("no_follow_redirects"), key + ".no_follow_redirects", false);
      }
      bool(h.get("enable_http2"), key + ".enable_http2", true); // fetchd speaks HTTP/1.1 either way
      boolean failIfSsl = bool(h.get("fail_if_ssl"), key + ".fail_if_ssl", false);
      boolean failIfNotSsl = bool(h.get("fail_if_not_ssl"), key + ".fail_if_not_ssl", false);
      String m = text(h.get("method"), key + ".method");
      FetchMethod method = FetchMethod.GET;
      if (m != null && !m.isEmpty()) {
        try {
          method = FetchMethod.valueOf(m);
        } catch (IllegalArgumentException e) {
          throw error(key + ".method", "not supported by fetchd: " + m + " (GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH)");
        }
      }
      List<Header> headers = new ArrayList<>();
      String acceptEncoding = null;
      JsonNode hs = h.get("headers");
      if (hs != null && !hs.isNull()) {
        mapping(hs, key + ".headers");
        for (Iterator<Map.Entry<String, JsonNode>> it = hs.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String hk = key + ".headers." + e.getKey();
          if (OWNED_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
            throw error(hk, "not supported by fetchd's /probe (the fetcher sets " + e.getKey() + " itself)");
          }
          String value = text(e.getValue(), hk);
          try {
            HeaderValidator.validateName(e.getKey());
            headers.add(new Header(e.getKey(), HeaderValidator.validateValue(e.getKey(), value == null ? "" : value)));
          } catch (InvalidRequestException bad) {
            throw error(hk, bad.getMessage());
          }
          if (e.getKey().equalsIgnoreCase("accept-encoding")) {
            acceptEncoding = value;
          }
        }
      }
      String body = text(h.get("body"), key + ".body");
      if (body != null && body.isEmpty()) {
        body = null;
      }
      String compression = text(h.get("compression"), key + ".compression");
      compression = compression == null ? "" : compression.toLowerCase(Locale.ROOT);
      if (compression.equals("br")) {
        throw error(key + ".compression", "br is not supported by fetchd (gzip, deflate, identity)");
      }
      if (!Set.of("", "identity", "gzip", "deflate").contains(compression)) {
        throw error(key + ".compression", "unsupported compression algorithm " + compression);
      }
      if (acceptEncoding != null && !compressionAccepted(compression, acceptEncoding)) {
        throw error(key + ".headers.Accept-Encoding",
            "\"" + acceptEncoding + "\" does not accept compression: " + compression);
      }
      long limit = bytes(h.get("body_size_limit"), key + ".body_size_limit");
      ProbeModule.Tls tls = tls(h.get("tls_config"), key + ".tls_config");
      return new ProbeModule(name, timeout, method, headers, body, codes, versions, follow, failIfSsl, failIfNotSsl,
          patterns(h.get("fail_if_body_matches_regexp"), key + ".fail_if_body_matches_regexp"),
          patterns(h.get("fail_if_body_not_matches_regexp"), key + ".fail_if_body_not_matches_regexp"),
          matches(h.get("fail_if_header_matches"), key + ".fail_if_header_matches"),
          matches(h.get("fail_if_header_not_matches"), key + ".fail_if_header_not_matches"),
          ip, fallback, limit, compression, tls, src);
    }

    private ProbeModule.Tls tls(JsonNode t, String key) {
      if (t == null || t.isNull()) {
        return ProbeModule.Tls.DEFAULT;
      }
      mapping(t, key);
      for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (TLS_REFUSED.contains(k)) {
          throw error(key + "." + k, "not supported by fetchd's /probe");
        }
        if (!TLS_KEYS.contains(k)) {
          throw error(key + "." + k, "unknown key");
        }
      }
      String ca = text(t.get("ca_file"), key + ".ca_file");
      Path caFile = null;
      if (ca != null && !ca.isEmpty()) {
        caFile = Path.of(ca);
        if (!Files.isReadable(caFile)) {
          throw error(key + ".ca_file", "cannot read " + ca);
        }
      }
      String serverName = text(t.get("server_name"), key + ".server_name");
      if (serverName != null && serverName.isEmpty()) {
        serverName = null;
      }
      String min = text(t.get("min_version"), key + ".min_version");
      String minVersion = null;
      if (min != null && !min.isEmpty()) {
        minVersion = switch (min) {
          case "TLS12" -> FetcherConfig.TLS_1_2;
          case "TLS13" -> FetcherConfig.TLS_1_3;
          case "TLS10", "TLS11" -> throw error(key + ".min_version",
              min + " is not supported by fetchd (it speaks TLS 1.2 and 1.3 only: TLS12, TLS13)");
          default -> throw error(key + ".min_version", "unknown TLS version: " + min);
        };
      }
      boolean insecure = bool(t.get("insecure_skip_verify"), key + ".insecure_skip_verify", false);
      return new ProbeModule.Tls(caFile, serverName, minVersion, insecure);
    }

    private List<ProbeModule.HeaderMatch> matches(JsonNode n, String key) {
      List<ProbeModule.HeaderMatch> out = new ArrayList<>();
      int i = 0;
      for (JsonNode m : list(n, key)) {
        String k = key + "[" + i++ + "]";
        mapping(m, k);
        for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
          String f = it.next();
          if (!MATCH_KEYS.contains(f)) {
            throw error(k + "." + f, "unknown key");
          }
        }
        String header = text(m.get("header"), k + ".header");
        if (header == null || header.isEmpty()) {
          throw error(k + ".header", "header name must be set for HTTP header matchers");
        }
        String re = text(m.get("regexp"), k + ".regexp");
        if (re == null || re.isEmpty()) {
          throw error(k + ".regexp", "regexp must be set for HTTP header matchers");
        }
        out.add(new ProbeModule.HeaderMatch(header, regexp(re, k + ".regexp"),
            bool(m.get("allow_missing"), k + ".allow_missing", false)));
      }
      return out;
    }

    private List<Pattern> patterns(JsonNode n, String key) {
      List<Pattern> out = new ArrayList<>();
      for (JsonNode p : list(n, key)) {
        out.add(regexp(text(p, key), key));
      }
      return out;
    }

    /** Go's RE2 syntax as Java's: {@code (?P<name>} is written {@code (?<name>}. */
    private Pattern regexp(String re, String key) {
      try {
        return Pattern.compile(re.replace("(?P<", "(?<"));
      } catch (PatternSyntaxException e) {
        throw error(key, "Could not compile regular expression \"" + re + "\": " + e.getDescription());
      }
    }

    private List<JsonNode> list(JsonNode n, String key) {
      if (n == null || n.isNull()) {
        return List.of();
      }
      if (!n.isArray()) {
        throw error(key, "must be a list");
      }
      List<JsonNode> out = new ArrayList<>();
      n.forEach(out::add);
      return out;
    }

    private String text(JsonNode n, String key) {
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isValueNode()) {
        throw error(key, "must be a single value");
      }
      return n.asText();
    }

    private boolean bool(JsonNode n, String key, boolean dflt) {
      if (n == null || n.isNull()) {
        return dflt;
      }
      if (n.isBoolean()) {
        return n.asBoolean();
      }
      if (n.isTextual() && (n.asText().equals("true") || n.asText().equals("false"))) {
        return n.asText().equals("true");
      }
      throw error(key, "must be true or false, got " + n);
    }

    private Duration duration(JsonNode n, String key) {
      if (n == null || n.isNull()) {
        return Duration.ZERO;
      }
      if (n.isIntegralNumber()) {
        return Duration.ofNanos(n.asLong()); // yaml.v3 reads a bare number as nanoseconds
      }
      try {
        Duration d = GoDuration.parse(n.asText());
        if (d.isNegative()) {
          throw error(key, "must not be negative, got " + n.asText());
        }
        return d;
      } catch (IllegalArgumentException e) {
        throw error(key, e.getMessage());
      }
    }

    private long bytes(JsonNode n, String key) {
      if (n == null || n.isNull()) {
        return 0;
      }
      long v;
      if (n.isIntegralNumber()) {
        v = n.asLong();
      } else {
        try {
          v = Base2Bytes.parse(n.asText());
        } catch (IllegalArgumentException e) {
          throw error(key, e.getMessage());
        }
      }
      // blackbox: a negative limit means none
      return v < 0 ? 0 : v;
    }
  }

  /** Blackbox's check that {@code Accept-Encoding} admits the {@code compression} expected. */
  static boolean compressionAccepted(String compression, String acceptEncoding) {
    if (compression.isEmpty() || acceptEncoding.isEmpty()) {
      return true;
    }
    record Q(String encoding, double quality) {}
    List<Q> qs = new ArrayList<>();
    for (String part : acceptEncoding.split(",", -1)) {
      int semi = part.lastIndexOf(';');
      if (semi < 0) {
        qs.add(new Q(part.trim(), 1));
      } else {
        String q = part.substring(semi + 1).trim();
        if (q.startsWith("q=")) {
          q = q.substring(2);
        }
        double quality;
        try {
          quality = Math.round(Double.parseDouble(q) * 1000) / 1000.0;
        } catch (NumberFormatException e) {
          quality = 0;
        }
        qs.add(new Q(part.substring(0, semi).trim(), quality));
      }
    }
    List<Q> sorted = new ArrayList<>(qs);
    sorted.sort((a, b) -> Double.compare(b.quality(), a.quality())); // stable
    for (Q q : sorted) {
      if (q.encoding().equals(compression) || q.encoding().equals("*")) {
        return q.quality() > 0;
      }
    }
    return false;
  }

  /** Go's {@code time.ParseDuration}: {@code 1h2m3.5s}, {@code 500ms}, {@code 10us}. */
  static final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {}

    static Duration parse(String s) {
      String t = s.trim();
      boolean negative = t.startsWith("-");
      if (negative || t.startsWith("+")) {
        t = t.substring(1);
      }
      if (t.equals("0")) {
        return Duration.ZERO;
      }
      var m = PART.matcher(t);
      int at = 0;
      double nanos = 0;
      while (at < t.length() && m.find(at) && m.start() == at) {
        double v = Double.parseDouble(m.group(1));
        nanos += v * switch (m.group(2)) {
          case "ns" -> 1;
          case "us", "µs", "μs" -> 1e3;
          case "ms" -> 1e6;
          case "s" -> 1e9;
          case "m" -> 60e9;
          default -> 3600e9;
        };
        at = m.end();
      }
      if (at != t.length() || t.isEmpty()) {
        throw new IllegalArgumentException("not a duration: \"" + s + "\" (such as 5s, 1m30s, 500ms)");
      }
      Duration d = Duration.ofNanos((long) nanos);
      return negative ? d.negated() : d;
    }
  }

  /** alecthomas/units' {@code Base2Bytes}: {@code 512B}, {@code 1KB} = {@code 1KiB} = 1024, ... */
  static final class Base2Bytes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTPE]?)(i?)B");

    private Base2Bytes() {}

    static long parse(String s) {
      String t = s.trim();
      if (t.matches("-?\\d+")) {
        return Long.parseLong(t);
      }
      var m = SIZE.matcher(t);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a size: \"" + s + "\" (such as 512B, 10KB, 1MiB)");
      }
      int power = m.group(2).isEmpty() ? 0 : "KMGTPE".indexOf(m.group(2)) + 1;
      return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power));
    }
  }
}
