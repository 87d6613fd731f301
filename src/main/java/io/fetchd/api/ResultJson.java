package io.fetchd.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.client.FailureDetails;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Hop;
import io.fetchd.client.Timings;
import io.fetchd.client.TlsInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Writes one URL's outcome as the JSON object the REST API and the command line share:
 *
 * <pre>{@code
 * {"index":0, "url":"...", "ok":true, "status":200, "finalUrl":"...", "redirects":0,
 *  "contentType":"text/plain", "bytes":5, "sha256":"...", "body":"...", "attempts":1,
 *  "connectionReused":false, "redirectChain":[{"url","status","timings"}],
 *  "tls":{"version","cipher","certificateExpiry","hop"},
 *  "timings":{"queueMs","dnsMs","connectMs","tlsMs","ttfbMs","transferMs","totalMs"},
 *  "error":{"type":"HttpStatus","message":"..."}}
 * }</pre>
 *
 * <p>Fields describing a response ({@code status} to {@code body}, {@code connectionReused},
 * {@code tls}) are present only when a response came (a success, or a non-2xx final status).
 * {@code body} is present only when asked for and kept: a string for {@link BodyMode#TEXT}, base64
 * of the raw bytes for {@link BodyMode#BYTES}. {@code redirectChain} lists the redirect responses
 * followed (the final response is not in it). Timings are milliseconds with three decimals; a
 * phase that did not happen is absent, never 0. For a failure, {@code attempts}, {@code
 * redirectChain} and {@code timings} come from {@link FetchException#details()} when present;
 * {@code error.type} is {@link FetchException#type()}.
 *
 * <p>Stateless; any thread (the generator belongs to the caller).
 */
public final class ResultJson {
  private ResultJson() {}

  /** Writes {@code o} as one JSON object; {@code mode} says how a kept body is rendered. */
  public static void write(JsonGenerator g, UrlOutcome o, BodyMode mode) throws IOException {
    g.writeStartObject();
    g.writeNumberField("index", o.index());
    g.writeStringField("url", o.url());
    g.writeBooleanField("ok", o.ok());
    FetchResult r = o.result();
    FetchException e = o.error();
    FailureDetails d = e == null ? null : e.details();
    if (r != null) {
      g.writeNumberField("status", r.status());
      g.writeStringField("finalUrl", r.finalUrl());
      g.writeNumberField("redirects", r.redirects());
      if (r.contentType() != null) {
        g.writeStringField("contentType", r.contentType());
      }
      g.writeNumberField("bytes", r.bytes());
      if (r.sha256() != null) {
        g.writeStringField("sha256", r.sha256());
      }
      writeBody(g, r, mode);
      g.writeNumberField("attempts", r.attempts());
      g.writeBooleanField("connectionReused", r.connectionReused());
      List<Hop> hops = r.hops();
      writeChain(g, hops.isEmpty() ? hops : hops.subList(0, hops.size() - 1));
      if (r.tls() != null) {
        writeTls(g, r.tls());
      }
      writeTimings(g, "timings", r.timings());
    } else if (d != null) {
      g.writeNumberField("attempts", d.attempts());
      writeChain(g, d.hops());
      writeTimings(g, "timings", d.timings());
    }
    if (e != null) {
      g.writeObjectFieldStart("error");
      g.writeStringField("type", e.type());
      if (e.getMessage() != null) {
        g.writeStringField("message", e.getMessage());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeBody(JsonGenerator g, FetchResult r, BodyMode mode) throws IOException {
    if (r.body() == null || mode == BodyMode.NONE) {
      return;
    }
    if (mode == BodyMode.TEXT) {
      g.writeStringField("body", r.bodyText());
    } else {
      g.writeFieldName("body");
      g.writeBinary(r.body());
    }
  }

  private static void writeChain(JsonGenerator g, List<Hop> hops) throws IOException {
    g.writeArrayFieldStart("redirectChain");
    for (Hop h : hops) {
      g.writeStartObject();
      g.writeStringField("url", h.url());
      g.writeNumberField("status", h.status());
      writeTimings(g, "timings", h.timings());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeTls(JsonGenerator g, TlsInfo t) throws IOException {
    g.writeObjectFieldStart("tls");
    g.writeStringField("version", t.protocol());
    g.writeStringField("cipher", t.cipherSuite());
    if (t.certificateNotAfter() != null) {
      g.writeStringField("certificateExpiry", t.certificateNotAfter().toString());
    }
    if (t.hopUrl() != null) {
      g.writeStringField("hop", t.hopUrl());
    }
    g.writeEndObject();
  }

  /** Writes {@code t} as an object of millisecond phases; absent phases are left out. */
  public static void writeTimings(JsonGenerator g, String field, Timings t) throws IOException {
    if (t == null) {
      return;
    }
    g.writeObjectFieldStart(field);
    phase(g, "queueMs", t.queue());
    phase(g, "dnsMs", t.dns());
    phase(g, "connectMs", t.connect());
    phase(g, "tlsMs", t.tls());
    phase(g, "ttfbMs", t.ttfb());
    phase(g, "transferMs", t.transfer());
    phase(g, "totalMs", t.total());
    g.writeEndObject();
  }

  private static void phase(JsonGenerator g, String name, Duration d) throws IOException {
    if (d != null) {
      Json.writeMillis(g, name, d.toNanos());
    }
  }
}
