package io.fetchd.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a metrics route answers: status, content type and body, for the REST server to write.
 * Immutable; any thread.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type} header value
 * @param body the body text (UTF-8 on the wire)
 */
public record HttpReply(int status, String contentType, String body) {
  /** The Prometheus text exposition format, version 0.0.4. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** Plain text, for errors. */
  public static final String PLAIN_TEXT = "text/plain; charset=utf-8";

  public HttpReply {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  /** The body as UTF-8 bytes. */
  public byte[] bodyBytes() {
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
