package io.fetchd.client;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a fetch that got a final response. A non-2xx final status still produces a
 * result, carried by {@link HttpStatusException#result()}. Immutable (the body array is not
 * copied: do not modify it).
 *
 * @param url the URL asked for (normalised, userinfo removed)
 * @param finalUrl the URL of the final response, after redirects
 * @param status the final response status
 * @param headers the final response headers (after decompression: {@code Content-Encoding} gone)
 * @param contentType the final {@code Content-Type}, or null
 * @param bytes body bytes received (decompressed)
 * @param sha256 lower-case hex SHA-256 of the body, or null when not asked for
 * @param body the body as kept ({@link BodyMode#TEXT} or {@link BodyMode#BYTES}), or null
 * @param attempts attempts made for the final hop (1 without retries)
 * @param attemptLatencies each attempt's duration, failed ones included, in order
 * @param connectionReused whether the final response came over a pooled connection
 * @param hops every request of the fetch, redirects first, the final one last
 * @param tls TLS details of the final hop's connection, or null for plain HTTP
 * @param timings phase timings (see {@link Timings})
 */
public record FetchResult(
    String url,
    String finalUrl,
    int status,
    List<Header> headers,
    String contentType,
    long bytes,
    String sha256,
    byte[] body,
    int attempts,
    List<Duration> attemptLatencies,
    boolean connectionReused,
    List<Hop> hops,
    TlsInfo tls,
    Timings timings) {

  /**
   * Checks the components.
   *
   * @param url the URL asked for (normalised, userinfo removed)
   * @param finalUrl the URL of the final response, after redirects
   * @param status the final response status
   * @param headers the final response headers (after decompression: {@code Content-Encoding} gone)
   * @param contentType the final {@code Content-Type}, or null
   * @param bytes body bytes received (decompressed)
   * @param sha256 lower-case hex SHA-256 of the body, or null when not asked for
   * @param body the body as kept ({@link BodyMode#TEXT} or {@link BodyMode#BYTES}), or null
   * @param attempts attempts made for the final hop (1 without retries)
   * @param attemptLatencies each attempt's duration, failed ones included, in order
   * @param connectionReused whether the final response came over a pooled connection
   * @param hops every request of the fetch, redirects first, the final one last
   * @param tls TLS details of the final hop's connection, or null for plain HTTP
   * @param timings phase timings (see {@link Timings})
   */
  public FetchResult {
    headers = List.copyOf(headers);
    attemptLatencies = List.copyOf(attemptLatencies);
    hops = List.copyOf(hops);
  }

  /**
   * True for a 2xx final status.
   *
   * @return whether the final status is 2xx
   */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /**
   * How many redirects were followed.
   *
   * @return the number of redirects followed
   */
  public int redirects() {
    return Math.max(0, hops.size() - 1);
  }

  /**
   * The first value of header {@code name} (any case), or null.
   *
   * @param name the header name, in any case
   * @return the first value, or null
   */
  public String header(String name) {
    for (Header h : headers) {
      if (h.is(name)) {
        return h.value();
      }
    }
    return null;
  }

  /**
   * The kept body decoded as text with the {@code Content-Type} charset (UTF-8 when absent or
   * unknown), or null when no body was kept.
   *
   * @return the body text, or null
   */
  public String bodyText() {
    return body == null ? null : new String(body, charset());
  }

  private Charset charset() {
    if (contentType != null) {
      for (String part : contentType.split(";")) {
        String p = part.trim();
        if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
          String name = p.substring(8).replace("\"", "").trim();
          try {
            return Charset.forName(name);
          } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
