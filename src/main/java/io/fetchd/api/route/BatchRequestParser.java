package io.fetchd.api.route;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fetchd.api.http.ApiException;
import io.fetchd.api.http.ErrorType;
import io.fetchd.api.json.Json;
import io.fetchd.api.json.StrictUtf8;
import io.fetchd.client.BodyMode;
import io.fetchd.client.FetchMethod;
import io.fetchd.client.Header;
import io.fetchd.client.InvalidRequestException;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.url.HeaderValidator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code {"urls":[...],"options":{...}}} with the strict {@link Json#MAPPER}, validates it
 * and merges the options onto the server's defaults within the {@link RequestCeilings}. Every
 * problem is an {@link ApiException} naming the field. Immutable; any thread.
 */
public final class BatchRequestParser {
  /** The request body as bound; null fields were absent (or JSON null, which means the same). */
  record Body(List<String> urls, Options options) {}

  /** {@code options} as bound. */
  record Options(
      Long timeoutMs,
      Long connectTimeoutMs,
      Boolean followRedirects,
      Integer maxRedirects,
      Long maxBodyBytes,
      String body,
      String method,
      Map<String, String> headers,
      Integer retries,
      Boolean sha256) {}

  private final RequestOptions defaults;
  private final RequestCeilings ceilings;
  private final int maxUrls;

  public BatchRequestParser(RequestOptions defaults, RequestCeilings ceilings, int maxUrls) {
    this.defaults = defaults;
    this.ceilings = ceilings;
    this.maxUrls = maxUrls;
  }

  /** Parses and validates {@code content}; does not release it. */
  BatchSpec parse(ByteBuf content) throws ApiException {
    if (!content.isReadable()) {
      throw new ApiException(ErrorType.InvalidJson, "the request body is empty");
    }
    String notUtf8 = StrictUtf8.firstError(content);
    if (notUtf8 != null) {
      throw new ApiException(ErrorType.InvalidJson, notUtf8);
    }
    int nul = content.indexOf(content.readerIndex(), content.writerIndex(), (byte) 0);
    if (nul >= 0) {
      // JSON text never holds a raw NUL (RFC 8259 7); Jackson would read "{\0..." as UTF-16.
      throw new ApiException(
          ErrorType.InvalidJson,
          "the request body holds a NUL byte at byte offset " + (nul - content.readerIndex())
              + ": JSON is UTF-8 text (UTF-16 and UTF-32 are not accepted)");
    }
    Body body;
    try (InputStream in = new ByteBufInputStream(content.duplicate())) {
      body = Json.MAPPER.readValue(in, Body.class);
    } catch (IOException e) {
      throw fromJackson(e);
    }
    if (body == null) {
      throw new ApiException(ErrorType.InvalidJson, "the request body must be a JSON object");
    }
    return new BatchSpec(urls(body.urls()), options(body.options()));
  }

  private List<String> urls(List<String> urls) throws ApiException {
    if (urls == null) {
      throw new ApiException(ErrorType.MissingField, "urls is required");
    }
    if (urls.isEmpty()) {
      throw new ApiException(ErrorType.EmptyUrls, "urls must hold at least one URL");
    }
    if (urls.size() > maxUrls) {
      throw new ApiException(
          ErrorType.TooManyUrls,
          "urls may hold at most " + maxUrls + " URLs, got " + urls.size());
    }
    for (int i = 0; i < urls.size(); i++) {
      if (urls.get(i) == null) {
        throw new ApiException(ErrorType.InvalidField, "urls[" + i + "] must be a string");
      }
    }
    return urls;
  }

  private RequestOptions options(Options o) throws ApiException {
    RequestOptions r = defaults;
    if (o == null) {
      return r;
    }
    if (o.timeoutMs() != null) {
      r = r.withTimeouts(r.timeouts().withDeadline(millis("options.timeoutMs", o.timeoutMs(), ceilings.maxTimeout())));
    }
    if (o.connectTimeoutMs() != null) {
      r = r.withTimeouts(
          r.timeouts().withConnect(millis("options.connectTimeoutMs", o.connectTimeoutMs(), ceilings.maxConnectTimeout())));
    }
    if (o.followRedirects() != null) {
      r = r.withFollowRedirects(o.followRedirects());
    }
    if (o.maxRedirects() != null) {
      r = r.withMaxRedirects((int) bounded("options.maxRedirects", o.maxRedirects(), ceilings.maxRedirects()));
    }
    if (o.maxBodyBytes() != null) {
      r = r.withMaxBodyBytes(bounded("options.maxBodyBytes", o.maxBodyBytes(), ceilings.maxBodyBytes()));
    }
    if (o.retries() != null) {
      r = r.withRetry(r.retry().withMaxRetries((int) bounded("options.retries", o.retries(), ceilings.maxRetries())));
    }
    if (o.body() != null) {
      r = r.withBody(bodyMode(o.body()));
    }
    if (o.sha256() != null) {
      r = r.withSha256(o.sha256());
    }
    if (o.method() != null) {
      r = r.withMethod(method(o.method()));
    }
    if (o.headers() != null) {
      r = r.withHeaders(headers(o.headers()));
    }
    return r;
  }

  private static Duration millis(String field, long ms, Duration ceiling) throws ApiException {
    if (ms <= 0) {
      throw new ApiException(ErrorType.InvalidField, field + " must be a positive integer, got " + ms);
    }
    if (ms > ceiling.toMillis()) {
      throw new ApiException(ErrorType.InvalidField, field + " must be at most " + ceiling.toMillis());
    }
    return Duration.ofMillis(ms);
  }

  private static long bounded(String field, long value, long ceiling) throws ApiException {
    if (value < 0) {
      throw new ApiException(ErrorType.InvalidField, field + " must not be negative, got " + value);
    }
    if (value > ceiling) {
      throw new ApiException(ErrorType.InvalidField, field + " must be at most " + ceiling);
    }
    return value;
  }

  private static BodyMode bodyMode(String s) throws ApiException {
    return switch (s) {
      case "none" -> BodyMode.NONE;
      case "text" -> BodyMode.TEXT;
      case "base64" -> BodyMode.BYTES;
      default -> throw new ApiException(
          ErrorType.InvalidField, "options.body must be one of \"none\", \"text\", \"base64\"");
    };
  }

  private static FetchMethod method(String s) throws ApiException {
    return switch (s) {
      case "GET" -> FetchMethod.GET;
      case "HEAD" -> FetchMethod.HEAD;
      default -> throw new ApiException(ErrorType.InvalidField, "options.method must be \"GET\" or \"HEAD\"");
    };
  }

  private List<Header> headers(Map<String, String> headers) throws ApiException {
    if (headers.size() > ceilings.maxHeaders()) {
      throw new ApiException(
          ErrorType.InvalidField, "options.headers must hold at most " + ceilings.maxHeaders() + " headers");
    }
    List<Header> out = new ArrayList<>(headers.size());
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getValue() == null) {
        throw new ApiException(ErrorType.InvalidField, "options.headers values must be strings");
      }
      try {
        HeaderValidator.validateName(e.getKey());
        out.add(new Header(e.getKey(), HeaderValidator.validateValue(e.getKey(), e.getValue())));
      } catch (InvalidRequestException ex) {
        throw new ApiException(ErrorType.InvalidField, "options.headers: " + ex.getMessage());
      }
    }
    return out;
  }

  /** Maps a Jackson failure to the API's error types, naming the field when Jackson knows it. */
  static ApiException fromJackson(IOException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return new ApiException(ErrorType.UnknownField, "unknown field " + path(u));
    }
    if (e instanceof MismatchedInputException m) {
      if (m.getPath().isEmpty()) {
        return new ApiException(ErrorType.InvalidJson, "the request body must be a JSON object");
      }
      return new ApiException(ErrorType.InvalidField, path(m) + " must be " + expected(m.getTargetType()));
    }
    Throwable root = e;
    while (root.getCause() instanceof JacksonException next && next != root) {
      root = next;
    }
    if (e instanceof JsonMappingException m && root instanceof InputCoercionException) {
      return new ApiException(ErrorType.InvalidField, path(m) + " is out of range");
    }
    if (root instanceof StreamConstraintsException) {
      return new ApiException(
          ErrorType.InvalidJson,
          "the body exceeds a JSON limit (nesting depth " + Json.MAX_NESTING_DEPTH + ", string length "
              + Json.MAX_STRING_LENGTH + ", number length " + Json.MAX_NUMBER_LENGTH + ")");
    }
    if (root instanceof JacksonException j) {
      return new ApiException(ErrorType.InvalidJson, "malformed JSON: " + j.getOriginalMessage());
    }
    return new ApiException(ErrorType.InvalidJson, "the body could not be read as JSON");
  }

  private static String path(JsonMappingException m) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "the body" : sb.toString();
  }

  private static String expected(Class<?> t) {
    if (t == null) {
      return "of another type";
    }
    if (t == String.class) {
      return "a string";
    }
    if (t == Long.class || t == Integer.class || t == long.class || t == int.class) {
      return "an integer";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(t)) {
      return "an array of strings";
    }
    if (Map.class.isAssignableFrom(t)) {
      return "an object whose values are strings";
    }
    return "an object";
  }
}
