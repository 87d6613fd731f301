package io.fetchd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fetchd.client.FetchMethod;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.Header;
import io.fetchd.client.IpPreference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading blackbox's {@code modules:} file: each option's meaning, and each refusal. */
class ProbeModulesTest {
  @TempDir Path dir;

  private static ProbeModule only(String yaml) {
    ProbeModules m = ProbeModules.parse(yaml, "bb.yml");
    assertEquals(1, m.all().size());
    return m.all().values().iterator().next();
  }

  private static String refusal(String yaml) {
    ProbeModulesException e = assertThrows(ProbeModulesException.class, () -> ProbeModules.parse(yaml, "bb.yml"));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertTrue(e.getMessage().startsWith("bb.yml: "), "names the file: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void withoutAFileTheOnlyModuleIsHttp2xxWithBlackboxDefaults() {
    ProbeModules m = ProbeModules.load(null);
    assertSame(ProbeModules.DEFAULT, m);
    ProbeModule d = m.get("http_2xx");
    assertEquals(FetchMethod.GET, d.method());
    assertTrue(d.validStatusCodes().isEmpty());
    assertTrue(d.followRedirects());
    assertEquals(IpPreference.PREFER_IP6, d.ipPreference());
    assertEquals(Duration.ZERO, d.timeout());
    assertNull(m.get("tcp_connect"));
  }

  @Test
  void aModuleWithOnlyTheProberHasBlackboxDefaults() {
    ProbeModule m = only("modules:\n  web:\n    prober: http\n");
    assertEquals("web", m.name());
    assertEquals(ProbeModule.HTTP_2XX.method(), m.method());
    assertTrue(m.followRedirects());
    assertTrue(m.ipProtocolFallback());
    assertEquals("ip6", m.ipProtocol());
    assertEquals(0, m.bodySizeLimit());
    assertEquals("", m.compression());
    assertEquals(ProbeModule.Tls.DEFAULT, m.tls());
    assertTrue(m.source().contains("prober: \"http\"") || m.source().contains("prober: http"), m.source());
  }

  @Test
  void everyHttpOptionIsRead() throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, "not read here");
    ProbeModule m = only("""
        modules:
          full:
            prober: http
            timeout: 1m2.5s
            http:
              valid_status_codes: [200, 404]
              valid_http_versions: ["HTTP/1.1"]
              method: POST
              headers:
                X-Token: secret
                Accept-Encoding: gzip, br;q=0.5
              body: '{"a":1}'
              follow_redirects: false
              fail_if_ssl: true
              fail_if_not_ssl: true
              fail_if_body_matches_regexp: ["error"]
              fail_if_body_not_matches_regexp: ["ok(?P<n>\\\\d)"]
              fail_if_header_matches:
                - header: Server
                  regexp: nginx
              fail_if_header_not_matches:
                - header: X-Kind
                  regexp: "^a"
                  allow_missing: true
              preferred_ip_protocol: ip4
              ip_protocol_fallback: false
              body_size_limit: 1KB
              compression: gzip
              enable_http2: false
              tls_config:
                ca_file: %s
                server_name: probe.test
                min_version: TLS13
                insecure_skip_verify: true
        """.formatted(ca));
    assertEquals(Duration.ofMillis(62_500), m.timeout());
    assertEquals(List.of(200, 404), m.validStatusCodes());
    assertEquals(List.of("HTTP/1.1"), m.validHttpVersions());
    assertEquals(FetchMethod.POST, m.method());
    assertEquals(List.of(new Header("X-Token", "secret"), new Header("Accept-Encoding", "gzip, br;q=0.5")), m.headers());
    assertEquals("{\"a\":1}", m.body());
    assertFalse(m.followRedirects());
    assertTrue(m.failIfSsl());
    assertTrue(m.failIfNotSsl());
    assertTrue(m.failIfBodyMatches().get(0).matcher("an error here").find());
    assertTrue(m.failIfBodyNotMatches().get(0).matcher("ok7").find(), "RE2's (?P<name>) is read");
    assertEquals("Server", m.failIfHeaderMatches().get(0).header());
    assertFalse(m.failIfHeaderMatches().get(0).allowMissing());
    assertTrue(m.failIfHeaderNotMatches().get(0).allowMissing());
    assertEquals(IpPreference.ONLY_IP4, m.ipPreference());
    assertEquals(1024, m.bodySizeLimit());
    assertEquals("gzip", m.compression());
    assertEquals(new ProbeModule.Tls(ca, "probe.test", FetcherConfig.TLS_1_3, true), m.tls());
  }

  @Test
  void noFollowRedirectsIsTheDeprecatedInverse() {
    assertFalse(only("modules:\n  a:\n    prober: http\n    http:\n      no_follow_redirects: true\n").followRedirects());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"ip6,true,PREFER_IP6", "ip4,true,PREFER_IP4", "ip6,false,ONLY_IP6", "ip4,false,ONLY_IP4"})
  void ipProtocolAndFallbackChooseThePreference(String protocol, boolean fallback, IpPreference expected) {
    ProbeModule m = only("modules:\n  a:\n    prober: http\n    http:\n      preferred_ip_protocol: " + protocol
        + "\n      ip_protocol_fallback: " + fallback + "\n");
    assertEquals(expected, m.ipPreference());
  }

  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({"16B,16", "1KB,1024", "1KiB,1024", "2MB,2097152", "100,100", "-1,0"})
  void bodySizeLimitsAreBase2(String given, long bytes) {
    assertEquals(bytes, only("modules:\n  a:\n    prober: http\n    http:\n      body_size_limit: " + given + "\n")
        .bodySizeLimit());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"500ms,500", "1.5s,1500", "2m,120000", "1h,3600000", "0,0"})
  void timeoutsAreGoDurations(String given, long millis) {
    assertEquals(Duration.ofMillis(millis), only("modules:\n  a:\n    prober: http\n    timeout: " + given + "\n").timeout());
  }

  @Test
  void anEmptyFileHasNoModules() {
    assertTrue(ProbeModules.parse("", "bb.yml").all().isEmpty());
    assertTrue(ProbeModules.parse("modules:\n", "bb.yml").all().isEmpty());
  }

  @Test
  void aFileIsReadFromDisk() throws Exception {
    Path f = dir.resolve("blackbox.yml");
    Files.writeString(f, "modules:\n  one:\n    prober: http\n  two:\n    prober: http\n");
    assertEquals(2, ProbeModules.load(f).all().size());
  }

  @Test
  void aMissingFileIsRefusedNamingIt() {
    Path f = dir.resolve("absent.yml");
    ProbeModulesException e = assertThrows(ProbeModulesException.class, () -> ProbeModules.load(f));
    assertTrue(e.getMessage().startsWith(f + ": cannot read"), e.getMessage());
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("probes: {}", "probes: unknown key"),
        Arguments.of("modules: [a]", "modules: must be a mapping"),
        Arguments.of("modules:\n  a:\n    prober: http\n    retries: 3", "modules.a.retries: unknown key"),
        Arguments.of("modules:\n  a:\n    prober: tcp", "modules.a.prober: the tcp prober is not supported by fetchd (http only)"),
        Arguments.of("modules:\n  a:\n    prober: icmp", "modules.a.prober: the icmp prober is not supported"),
        Arguments.of("modules:\n  a:\n    prober: dns", "modules.a.prober: the dns prober is not supported"),
        Arguments.of("modules:\n  a:\n    prober: grpc", "modules.a.prober: the grpc prober is not supported"),
        Arguments.of("modules:\n  a:\n    prober: http\n    tcp: {}", "modules.a.tcp: the tcp prober is not supported"),
        Arguments.of("modules:\n  a:\n    timeout: 5s", "modules.a.prober: missing"),
        Arguments.of("modules:\n  a:\n    prober: http\n    timeout: soon", "modules.a.timeout: not a duration"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      colour: red", "modules.a.http.colour: unknown key"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      basic_auth: {username: u}", "modules.a.http.basic_auth: not supported by fetchd's /probe"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      bearer_token: t", "modules.a.http.bearer_token: not supported"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      authorization: {credentials: t}", "modules.a.http.authorization: not supported"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      oauth2: {}", "modules.a.http.oauth2: not supported"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      proxy_url: http://p:3128", "modules.a.http.proxy_url: not supported"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      skip_resolve_phase_with_proxy: true", "modules.a.http.skip_resolve_phase_with_proxy: not supported"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      valid_status_codes: 200", "modules.a.http.valid_status_codes: must be a list"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      valid_status_codes: [ok]", "modules.a.http.valid_status_codes: must be a list of status codes"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      preferred_ip_protocol: ipx", "modules.a.http.preferred_ip_protocol: must be ip4 or ip6"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      fail_if_ssl: maybe", "modules.a.http.fail_if_ssl: must be true or false"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      method: TRACE", "modules.a.http.method: not supported by fetchd: TRACE"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      headers: {Host: example.com}", "modules.a.http.headers.Host: not supported by fetchd's /probe"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      headers: {Content-Length: '3'}", "modules.a.http.headers.Content-Length: not supported"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      headers: {'X Bad': v}", "modules.a.http.headers.X Bad:"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      compression: br", "modules.a.http.compression: br is not supported by fetchd"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      compression: lz4", "modules.a.http.compression: unsupported compression algorithm lz4"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      compression: gzip\n      headers: {Accept-Encoding: br}", "modules.a.http.headers.Accept-Encoding: \"br\" does not accept compression: gzip"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      body_size_limit: lots", "modules.a.http.body_size_limit: not a size"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      fail_if_body_matches_regexp: ['(']", "modules.a.http.fail_if_body_matches_regexp: Could not compile regular expression"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      fail_if_header_matches: [{regexp: x}]", "modules.a.http.fail_if_header_matches[0].header: header name must be set"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      fail_if_header_not_matches: [{header: X}]", "modules.a.http.fail_if_header_not_matches[0].regexp: regexp must be set"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      fail_if_header_matches: [{header: X, regexp: x, when: now}]", "modules.a.http.fail_if_header_matches[0].when: unknown key"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      tls_config: {cert_file: c.pem}", "modules.a.http.tls_config.cert_file: not supported by fetchd's /probe"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      tls_config: {key_file: k.pem}", "modules.a.http.tls_config.key_file: not supported"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      tls_config: {max_version: TLS12}", "modules.a.http.tls_config.max_version: not supported"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      tls_config: {flavour: x}", "modules.a.http.tls_config.flavour: unknown key"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      tls_config: {min_version: TLS10}", "modules.a.http.tls_config.min_version: TLS10 is not supported by fetchd"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      tls_config: {min_version: TLS99}", "modules.a.http.tls_config.min_version: unknown TLS version: TLS99"),
        Arguments.of("modules:\n  a:\n    prober: http\n    http:\n      tls_config: {ca_file: /nonexistent/ca.pem}", "modules.a.http.tls_config.ca_file: cannot read /nonexistent/ca.pem"),
        Arguments.of("modules:\n  a:\n    prober: http\n  a:\n    prober: http", "not valid YAML: Duplicate field 'a'"),
        Arguments.of("modules: {a: [", "not valid YAML"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("refusals")
  void unsupportedOrInvalidKeysAreRefusedInOneLineNamingFileAndKey(String yaml, String expected) {
    String message = refusal(yaml);
    assertTrue(message.startsWith("bb.yml: " + expected), message);
  }

  @ParameterizedTest(name = "{0} accepts {1}: {2}")
  @CsvSource(delimiter = '|', value = {
    "gzip|gzip|true", "gzip|br, gzip;q=0.5|true", "gzip|gzip;q=0|false", "gzip|*|true", "gzip|br|false",
    "deflate|gzip, deflate|true", "gzip|''|true", "''|br|true",
  })
  void acceptEncodingMustAdmitTheCompressionAsBlackboxChecksIt(String compression, String accept, boolean ok) {
    assertEquals(ok, ProbeModules.compressionAccepted(compression, accept));
  }
}
