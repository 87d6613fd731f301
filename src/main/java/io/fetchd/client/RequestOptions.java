package io.fetchd.client;

import java.util.List;
import java.util.Objects;

/**
 * Per-request settings of a fetch. Immutable; change one setting with a {@code with...} method.
 * Invalid values fail at construction with the rule in the message.
 *
 * @param method GET (default) or HEAD
 * @param headers extra request headers, validated when the fetch starts (CR, LF and other
 *     control bytes are refused with {@link InvalidRequestException}); default none
 * @param body what to keep of the body; default {@link BodyMode#NONE}
 * @param maxBodyBytes the most body bytes (after decompression) read before the fetch fails with
 *     {@link BodyTooLargeException}; default 10 MiB
 * @param sha256 compute the body's SHA-256; default true
 * @param followRedirects follow 301/302/303/307/308; default true
 * @param maxRedirects the most redirects followed; default 5, at most 20
 * @param timeouts the named timeouts; default {@link Timeouts#DEFAULTS}
 * @param retry the retry policy; default {@link RetryPolicy#NONE}
 * @param keepHeaders keep the final response's headers in {@link FetchResult#headers()}; the
 *     service turns this off, as its results never show headers and a 100,000-URL batch would
 *     otherwise hold them all; default true
 * @param ipPreference which of a name's addresses is dialled; default {@link IpPreference#ANY}
 * @param detectRedirectLoops fail with {@link RedirectLoopException} on a redirect to a URL already
 *     visited; off, a loop runs until {@code maxRedirects} (as blackbox_exporter and browsers
 *     count it); default true
 * @param requestBody the request body sent (UTF-8) with a {@code Content-Length}, or null for none;
 *     dropped after a 301, 302 or 303 redirect; default null
 * @param decompress advertise {@code Accept-Encoding: gzip, deflate} and decode such bodies (the
 *     caller's {@code Accept-Encoding} is dropped); off, the caller's {@code Accept-Encoding} is
 *     sent as given, none is added, and the body and its headers are kept as received (a blackbox
 *     probe counts wire bytes); default true
 */
public record RequestOptions(
    FetchMethod method,
    List<Header> headers,
    BodyMode body,
    long maxBodyBytes,
    boolean sha256,
    boolean followRedirects,
    int maxRedirects,
    Timeouts timeouts,
    RetryPolicy retry,
    boolean keepHeaders,
    IpPreference ipPreference,
    boolean detectRedirectLoops,
    String requestBody,
    boolean decompress) {

  /** The default {@code maxBodyBytes}: 10 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  /** The defaults listed above. */
  public static final RequestOptions DEFAULTS =
      new RequestOptions(
          FetchMethod.GET,
          List.of(),
          BodyMode.NONE,
          DEFAULT_MAX_BODY_BYTES,
          true,
          true,
          5,
          Timeouts.DEFAULTS,
          RetryPolicy.NONE,
          true,
          IpPreference.ANY,
          true,
          null,
          true);

  /**
   * Checks the components.
   *
   * @param method GET (default) or HEAD
   * @param headers extra request headers, validated when the fetch starts (CR, LF and other control
   *     bytes are refused with {@link InvalidRequestException})
   * @param body what to keep of the body
   * @param maxBodyBytes the most body bytes (after decompression) read before the fetch fails with
   *     {@link BodyTooLargeException}
   * @param sha256 compute the body's SHA-256
   * @param followRedirects follow 301/302/303/307/308
   * @param maxRedirects the most redirects followed
   * @param timeouts the named timeouts
   * @param retry the retry policy
   * @param keepHeaders keep the final response's headers in {@link FetchResult#headers()}
   * @param ipPreference which of a name's addresses is dialled
   * @param detectRedirectLoops fail with {@link RedirectLoopException} on a redirect to a URL
   *     already visited
   * @param requestBody the request body sent (UTF-8), or null for none
   * @param decompress advertise gzip and deflate and decode such bodies
   */
  public RequestOptions {
    Objects.requireNonNull(method, "method");
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + maxBodyBytes);
    }
    if (maxRedirects < 0 || maxRedirects > 20) {
      throw new IllegalArgumentException("maxRedirects must be between 0 and 20, got " + maxRedirects);
    }
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(ipPreference, "ipPreference");
  }

  /**
   * A copy with {@code method} replaced.
   *
   * @param m the new {@code method}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withMethod(FetchMethod m) {
    return new RequestOptions(m, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code headers} replaced.
   *
   * @param h the new {@code headers}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withHeaders(List<Header> h) {
    return new RequestOptions(method, h, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code body} replaced.
   *
   * @param b the new {@code body}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withBody(BodyMode b) {
    return new RequestOptions(method, headers, b, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code maxBodyBytes} replaced.
   *
   * @param n the new {@code maxBodyBytes}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withMaxBodyBytes(long n) {
    return new RequestOptions(method, headers, body, n, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code sha256} replaced.
   *
   * @param on the new {@code sha256}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withSha256(boolean on) {
    return new RequestOptions(method, headers, body, maxBodyBytes, on, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code followRedirects} replaced.
   *
   * @param on the new {@code followRedirects}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withFollowRedirects(boolean on) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, on, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code maxRedirects} replaced.
   *
   * @param n the new {@code maxRedirects}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withMaxRedirects(int n) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, n, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code timeouts} replaced.
   *
   * @param t the new {@code timeouts}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withTimeouts(Timeouts t) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, t, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code keepHeaders} replaced.
   *
   * @param on the new {@code keepHeaders}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withKeepHeaders(boolean on) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, on, ipPreference, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code retry} replaced.
   *
   * @param r the new {@code retry}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withRetry(RetryPolicy r) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, r, keepHeaders, ipPreference, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code ipPreference} replaced.
   *
   * @param p the new {@code ipPreference}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withIpPreference(IpPreference p) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, p, detectRedirectLoops, requestBody, decompress);
  }

  /**
   * A copy with {@code detectRedirectLoops} replaced.
   *
   * @param on the new {@code detectRedirectLoops}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withDetectRedirectLoops(boolean on) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, on, requestBody, decompress);
  }

  /**
   * A copy with {@code requestBody} replaced.
   *
   * @param b the new {@code requestBody}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withRequestBody(String b) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, b, decompress);
  }

  /**
   * A copy with {@code decompress} replaced.
   *
   * @param on the new {@code decompress}
   * @return a copy of this RequestOptions
   */
  public RequestOptions withDecompress(boolean on) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody, on);
  }
}
