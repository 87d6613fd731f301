package io.fetchd.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fetchd.api.json.Json;
import io.fetchd.batch.BatchRejectedException;
import io.fetchd.batch.BatchTooLargeException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.Map;

/**
 * The one place where failures become HTTP error responses: {@link ApiException}s by their
 * {@link ErrorType}, the engine's refusals as {@code Overloaded} or {@code TooManyUrls}, anything
 * else as {@code Internal} (logged here, with no detail sent). Stateless; any thread.
 */
final class ErrorMapper {
  private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());

  private ErrorMapper() {}

  /** Maps any throwable to the API error it is answered with; unexpected ones are logged. */
  static ApiException map(Throwable t) {
    if (t instanceof ApiException e) {
      return e;
    }
    if (t instanceof BatchRejectedException e) {
      long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      return new ApiException(ErrorType.Overloaded, e.getMessage())
          .withHeader("Retry-After", Long.toString(seconds));
    }
    if (t instanceof BatchTooLargeException e) {
      return new ApiException(ErrorType.TooManyUrls, e.getMessage());
    }
    LOG.log(System.Logger.Level.ERROR, "unexpected failure while serving a request", t);
    return new ApiException(ErrorType.Internal, "internal error");
  }

  /** Writes the error body {@code {"error":{"type","message"}}}. */
  static void writeBody(JsonGenerator g, ApiException e) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("error");
    g.writeStringField("type", e.type().name());
    if (e.getMessage() != null) {
      g.writeStringField("message", e.getMessage());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * A complete error response for {@code e}. The caller owns the returned message (and its
   * buffer). {@code keepAlive} is ignored when the error asks for the connection to close.
   */
  static FullHttpResponse response(ByteBufAllocator alloc, HttpVersion version, ApiException e) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            version, e.type().status(), Json.render(alloc, g -> writeBody(g, e)));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    for (Map.Entry<String, String> h : e.headers().entrySet()) {
      r.headers().set(h.getKey(), h.getValue());
    }
    return r;
  }
}
