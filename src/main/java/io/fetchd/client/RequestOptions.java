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
    String requestBody) {

  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

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
          null);

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

  public RequestOptions withMethod(FetchMethod m) {
    return new RequestOptions(m, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody);
  }

  public RequestOptions withHeaders(List<Header> h) {
    return new RequestOptions(method, h, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody);
  }

  public RequestOptions withBody(BodyMode b) {
    return new RequestOptions(method, headers, b, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody);
  }

  public RequestOptions withMaxBodyBytes(long n) {
    return new RequestOptions(method, headers, body, n, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody);
  }

  public RequestOptions withSha256(boolean on) {
    return new RequestOptions(method, headers, body, maxBodyBytes, on, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody);
  }

  public RequestOptions withFollowRedirects(boolean on) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, on, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody);
  }

  public RequestOptions withMaxRedirects(int n) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, n, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody);
  }

  public RequestOptions withTimeouts(Timeouts t) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, t, retry, keepHeaders, ipPreference, detectRedirectLoops, requestBody);
  }

  public RequestOptions withKeepHeaders(boolean on) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, on, ipPreference, detectRedirectLoops, requestBody);
  }

  public RequestOptions withRetry(RetryPolicy r) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, r, keepHeaders, ipPreference, detectRedirectLoops, requestBody);
  }

  public RequestOptions withIpPreference(IpPreference p) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, p, detectRedirectLoops, requestBody);
  }

  public RequestOptions withDetectRedirectLoops(boolean on) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, on, requestBody);
  }

  public RequestOptions withRequestBody(String b) {
    return new RequestOptions(method, headers, body, maxBodyBytes, sha256, followRedirects, maxRedirects, timeouts, retry, keepHeaders, ipPreference, detectRedirectLoops, b);
  }
}
