package io.fetchd.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * One request as a route sees it: method, decoded path, query parameters and headers. Valid only
 * during the route's {@code handle} call: the server releases the request (and its body) when
 * {@code handle} returns, so a route that answers later must copy what it needs first.
 *
 * <p>Thread rule: reactor thread only.
 */
public final class ApiRequest {
  private final FullHttpRequest request;
  private final QueryStringDecoder uri;
  private final String path;

  /**
   * @throws IllegalArgumentException if the request target's escapes are malformed
   */
  ApiRequest(FullHttpRequest request) {
    this.request = request;
    this.uri = new QueryStringDecoder(originForm(request.uri()));
    this.path = uri.path();
    uri.parameters();
  }

  /**
   * The origin form (path and query) of a request target: an absolute-form target ({@code
   * http://host/v1/fetch?x}, which RFC 9112 3.2.2 says a server MUST accept) loses its scheme and
   * authority, an empty path becomes {@code /}; any other target is returned as it is.
   */
  public static String originForm(String target) {
    int sep = target.indexOf("://");
    if (sep != 4 && sep != 5) {
      return target;
    }
    String scheme = target.substring(0, sep);
    if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
      return target;
    }
    int from = sep + 3;
    int end = target.length();
    for (int i = from; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    String rest = target.substring(end);
    return rest.startsWith("/") ? rest : "/" + rest;
  }

  /** The method name, e.g. {@code "GET"}. */
  public String method() {
    return request.method().name();
  }

  /** The decoded path, without the query. */
  public String path() {
    return path;
  }

  /** The first value of query parameter {@code name}, or null. */
  public String queryParam(String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Every value of query parameter {@code name}, in order; empty if none. */
  public List<String> queryParams(String name) {
    List<String> values = uri.parameters().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  /** The first value of header {@code name} (any case), or null. */
  public String header(String name) {
    return request.headers().get(name);
  }

  /** The body; owned by the server and valid only during {@code handle}. */
  public ByteBuf content() {
    return request.content();
  }

  public FullHttpRequest netty() {
    return request;
  }
}
