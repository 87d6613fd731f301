package io.fetchd.metrics;

import io.fetchd.client.FetchMethod;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.Header;
import io.fetchd.client.IpPreference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One blackbox_exporter module of the {@code http} prober: how {@code /probe?module=NAME} fetches
 * and what counts as success, with blackbox 0.23's meanings. Read from a blackbox {@code modules:}
 * file by {@link ProbeModules}. Immutable; any thread.
 *
 * @param name the module's name, as in {@code module=}
 * @param timeout {@code timeout}; {@link Duration#ZERO} when unset (the scrape timeout less the
 *     offset then bounds the probe)
 * @param method {@code method}; default GET
 * @param headers {@code headers}, sent with every request
 * @param body {@code body}, or null
 * @param validStatusCodes {@code valid_status_codes}; empty means any 2xx
 * @param validHttpVersions {@code valid_http_versions} (e.g. {@code HTTP/1.1}); empty means any
 * @param followRedirects {@code follow_redirects} (or the inverse of {@code no_follow_redirects});
 *     default true
 * @param failIfSsl {@code fail_if_ssl}: fail when the final response came over TLS
 * @param failIfNotSsl {@code fail_if_not_ssl}: fail when it did not
 * @param failIfBodyMatches {@code fail_if_body_matches_regexp}
 * @param failIfBodyNotMatches {@code fail_if_body_not_matches_regexp}
 * @param failIfHeaderMatches {@code fail_if_header_matches}
 * @param failIfHeaderNotMatches {@code fail_if_header_not_matches}
 * @param ipProtocol {@code preferred_ip_protocol}: {@code ip4} or {@code ip6} (blackbox's default)
 * @param ipProtocolFallback {@code ip_protocol_fallback}; default true
 * @param bodySizeLimit {@code body_size_limit} in bytes (after decompression); 0 for none
 * @param compression {@code compression}: empty, {@code identity}, {@code gzip} or {@code deflate}
 * @param tls {@code tls_config}
 * @param source the module's configuration as read (YAML), for {@code debug=true}
 */
public record ProbeModule(
    String name,
    Duration timeout,
    FetchMethod method,
    List<Header> headers,
    String body,
    List<Integer> validStatusCodes,
    List<String> validHttpVersions,
    boolean followRedirects,
    boolean failIfSsl,
    boolean failIfNotSsl,
    List<Pattern> failIfBodyMatches,
    List<Pattern> failIfBodyNotMatches,
    List<HeaderMatch> failIfHeaderMatches,
    List<HeaderMatch> failIfHeaderNotMatches,
    String ipProtocol,
    boolean ipProtocolFallback,
    long bodySizeLimit,
    String compression,
    Tls tls,
    String source) {

  /** The module probed when {@code module=} is absent, as blackbox does. */
  public static final String DEFAULT_NAME = "http_2xx";

  /** {@code http_2xx} with blackbox's defaults: GET, any 2xx, redirects followed, IPv6 preferred. */
  public static final ProbeModule HTTP_2XX =
      new ProbeModule(DEFAULT_NAME, Duration.ZERO, FetchMethod.GET, List.of(), null, List.of(), List.of(), true,
          false, false, List.of(), List.of(), List.of(), List.of(), "ip6", true, 0, "", Tls.DEFAULT,
          "prober: http\n");

  /** Checks the components; see the record's description. */
  public ProbeModule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    Objects.requireNonNull(method, "method");
    headers = List.copyOf(headers);
    validStatusCodes = List.copyOf(validStatusCodes);
    validHttpVersions = List.copyOf(validHttpVersions);
    failIfBodyMatches = List.copyOf(failIfBodyMatches);
    failIfBodyNotMatches = List.copyOf(failIfBodyNotMatches);
    failIfHeaderMatches = List.copyOf(failIfHeaderMatches);
    failIfHeaderNotMatches = List.copyOf(failIfHeaderNotMatches);
    if (!ipProtocol.equals("ip4") && !ipProtocol.equals("ip6")) {
      throw new IllegalArgumentException("ipProtocol must be ip4 or ip6, got " + ipProtocol);
    }
    if (bodySizeLimit < 0) {
      throw new IllegalArgumentException("body_size_limit must not be negative, got " + bodySizeLimit);
    }
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(source, "source");
  }

  /** Whether any body regexp is set (the body is then kept to be matched). */
  boolean matchesBody() {
    return !failIfBodyMatches.isEmpty() || !failIfBodyNotMatches.isEmpty();
  }

  /** Whether any header rule is set. */
  boolean matchesHeaders() {
    return !failIfHeaderMatches.isEmpty() || !failIfHeaderNotMatches.isEmpty();
  }

  /** Whether the body is decoded by the probe ({@code compression} other than none or identity). */
  boolean decodes() {
    return compression.equals("gzip") || compression.equals("deflate");
  }

  /** Which address is dialled: blackbox's {@code preferred_ip_protocol} and fallback. */
  IpPreference ipPreference() {
    boolean v6 = ipProtocol.equals("ip6");
    if (ipProtocolFallback) {
      return v6 ? IpPreference.PREFER_IP6 : IpPreference.PREFER_IP4;
    }
    return v6 ? IpPreference.ONLY_IP6 : IpPreference.ONLY_IP4;
  }

  /**
   * One {@code fail_if_header_matches} / {@code fail_if_header_not_matches} rule.
   *
   * @param header the header's name (any case)
   * @param regexp matched anywhere in each value
   * @param allowMissing {@code allow_missing}: a missing header passes instead of failing
   */
  public record HeaderMatch(String header, Pattern regexp, boolean allowMissing) {
    /** Checks the components. */
    public HeaderMatch {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(regexp, "regexp");
    }
  }

  /**
   * {@code tls_config}: what the probe's TLS trusts and offers. Modules with equal settings share
   * one probe fetcher (records compare by value).
   *
   * @param caFile {@code ca_file}, trusted instead of the fetcher's trust; null for that trust
   * @param serverName {@code server_name}, sent as SNI and verified; null for the target's host
   * @param minVersion {@code min_version} as {@link FetcherConfig#TLS_1_2} or {@link
   *     FetcherConfig#TLS_1_3}; null for fetchd's (TLS 1.2, as Go's)
   * @param insecureSkipVerify {@code insecure_skip_verify}: accept any certificate and name
   */
  public record Tls(Path caFile, String serverName, String minVersion, boolean insecureSkipVerify) {
    /** No {@code tls_config}. */
    public static final Tls DEFAULT = new Tls(null, null, null, false);

    /**
     * The probe fetcher's config for these settings.
     *
     * @param base the probe fetcher's config without them
     * @return {@code base} with these settings applied
     */
    public FetcherConfig apply(FetcherConfig base) {
      FetcherConfig c = base.withInsecureSkipVerify(insecureSkipVerify).withTlsServerName(serverName);
      if (caFile != null) {
        c = c.withTrustedCaFile(caFile);
      }
      if (minVersion != null) {
        c = c.withTlsMinVersion(minVersion);
      }
      return c;
    }
  }
}
