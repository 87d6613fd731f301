package io.fetchd.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
  // Field names encoded once (Jackson copies their bytes instead of encoding the String each time).
  private static final SerializedString INDEX = new SerializedString("index");
  private static final SerializedString URL = new SerializedString("url");
  private static final SerializedString OK = new SerializedString("ok");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString FINAL_URL = new SerializedString("finalUrl");
  private static final SerializedString REDIRECTS = new SerializedString("redirects");
  private static final SerializedString CONTENT_TYPE = new SerializedString("contentType");
  private static final SerializedString BYTES = new SerializedString("bytes");
  private static final SerializedString SHA256 = new SerializedString("sha256");
  private static final SerializedString BODY = new SerializedString("body");
  private static final SerializedString ATTEMPTS = new SerializedString("attempts");
  private static final SerializedString CONNECTION_REUSED = new SerializedString("connectionReused");
  private static final SerializedString REDIRECT_CHAIN = new SerializedString("redirectChain");
  private static final SerializedString TLS = new SerializedString("tls");
  private static final SerializedString VERSION = new SerializedString("version");
  private static final SerializedString CIPHER = new SerializedString("cipher");
  private static final SerializedString CERTIFICATE_EXPIRY = new SerializedString("certificateExpiry");
  private static final SerializedString HOP = new SerializedString("hop");
  private static final SerializedString TIMINGS = new SerializedString("timings");
  private static final SerializedString ERROR = new SerializedString("error");
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString MESSAGE = new SerializedString("message");
  private static final SerializedString QUEUE_MS = new SerializedString("queueMs");
  private static final SerializedString DNS_MS = new SerializedString("dnsMs");
  private static final SerializedString CONNECT_MS = new SerializedString("connectMs");
  private static final SerializedString TLS_MS = new SerializedString("tlsMs");
  private static final SerializedString TTFB_MS = new SerializedString("ttfbMs");
  private static final SerializedString TRANSFER_MS = new SerializedString("transferMs");
  private static final SerializedString TOTAL_MS = new SerializedString("totalMs");

  private ResultJson() {}

  /** Writes {@code o} as one JSON object; {@code mode} says how a kept body is rendered. */
  public static void write(JsonGenerator g, UrlOutcome o, BodyMode mode) throws IOException {
    g.writeStartObject();
    g.writeFieldName(INDEX);
    g.writeNumber(o.index());
    g.writeFieldName(URL);
    g.writeString(o.url());
    g.writeFieldName(OK);
    g.writeBoolean(o.ok());
    FetchResult r = o.result();
    FetchException e = o.error();
    FailureDetails d = e == null ? null : e.details();
    if (r != null) {
      g.writeFieldName(STATUS);
      g.writeNumber(r.status());
      g.writeFieldName(FINAL_URL);
      g.writeString(r.finalUrl());
      g.writeFieldName(REDIRECTS);
      g.writeNumber(r.redirects());
      if (r.contentType() != null) {
        g.writeFieldName(CONTENT_TYPE);
        g.writeString(r.contentType());
      }
      g.writeFieldName(BYTES);
      g.writeNumber(r.bytes());
      if (r.sha256() != null) {
        g.writeFieldName(SHA256);
        g.writeString(r.sha256());
      }
      writeBody(g, r, mode);
      g.writeFieldName(ATTEMPTS);
      g.writeNumber(r.attempts());
      g.writeFieldName(CONNECTION_REUSED);
      g.writeBoolean(r.connectionReused());
      List<Hop> hops = r.hops();
      writeChain(g, hops.isEmpty() ? hops : hops.subList(0, hops.size() - 1));
      if (r.tls() != null) {
        writeTls(g, r.tls());
      }
      writeTimings(g, TIMINGS, r.timings());
    } else if (d != null) {
      g.writeFieldName(ATTEMPTS);
      g.writeNumber(d.attempts());
      writeChain(g, d.hops());
      writeTimings(g, TIMINGS, d.timings());
    }
    if (e != null) {
      g.writeFieldName(ERROR);
      g.writeStartObject();
      g.writeFieldName(TYPE);
      g.writeString(e.type());
      if (e.getMessage() != null) {
        g.writeFieldName(MESSAGE);
        g.writeString(e.getMessage());
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
      g.writeFieldName(BODY);
      g.writeString(r.bodyText());
    } else {
      g.writeFieldName(BODY);
      g.writeBinary(r.body());
    }
  }

  private static void writeChain(JsonGenerator g, List<Hop> hops) throws IOException {
    g.writeFieldName(REDIRECT_CHAIN);
    g.writeStartArray();
    for (Hop h : hops) {
      g.writeStartObject();
      g.writeFieldName(URL);
      g.writeString(h.url());
      g.writeFieldName(STATUS);
      g.writeNumber(h.status());
      writeTimings(g, TIMINGS, h.timings());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeTls(JsonGenerator g, TlsInfo t) throws IOException {
    g.writeFieldName(TLS);
    g.writeStartObject();
    g.writeFieldName(VERSION);
    g.writeString(t.protocol());
    g.writeFieldName(CIPHER);
    g.writeString(t.cipherSuite());
    if (t.certificateNotAfter() != null) {
      g.writeFieldName(CERTIFICATE_EXPIRY);
      g.writeString(t.certificateNotAfter().toString());
    }
    if (t.hopUrl() != null) {
      g.writeFieldName(HOP);
      g.writeString(t.hopUrl());
    }
    g.writeEndObject();
  }

  /** Writes {@code t} as an object of millisecond phases; absent phases are left out. */
  private static void writeTimings(JsonGenerator g, SerializableString field, Timings t) throws IOException {
    if (t == null) {
      return;
    }
    g.writeFieldName(field);
    g.writeStartObject();
    phase(g, QUEUE_MS, t.queue());
    phase(g, DNS_MS, t.dns());
    phase(g, CONNECT_MS, t.connect());
    phase(g, TLS_MS, t.tls());
    phase(g, TTFB_MS, t.ttfb());
    phase(g, TRANSFER_MS, t.transfer());
    phase(g, TOTAL_MS, t.total());
    g.writeEndObject();
  }

  private static void phase(JsonGenerator g, SerializableString name, Duration d) throws IOException {
    if (d != null) {
      Json.writeMillis(g, name, d.toNanos());
    }
  }
}
