package io.fetchd.api.json;

import io.fetchd.batch.UrlOutcome;
import io.fetchd.client.BodyMode;
import io.fetchd.client.FailureDetails;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Hop;
import io.fetchd.client.Timings;
import io.fetchd.client.TlsInfo;
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
 * <p>Stateless; any thread (the writer belongs to the caller).
 */
public final class ResultJson {
  // Field names encoded once: writing one is a copy of its bytes.
  private static final JsonWriter.Name INDEX = JsonWriter.Name.of("index");
  private static final JsonWriter.Name URL = JsonWriter.Name.of("url");
  private static final JsonWriter.Name OK = JsonWriter.Name.of("ok");
  private static final JsonWriter.Name STATUS = JsonWriter.Name.of("status");
  private static final JsonWriter.Name FINAL_URL = JsonWriter.Name.of("finalUrl");
  private static final JsonWriter.Name REDIRECTS = JsonWriter.Name.of("redirects");
  private static final JsonWriter.Name CONTENT_TYPE = JsonWriter.Name.of("contentType");
  private static final JsonWriter.Name BYTES = JsonWriter.Name.of("bytes");
  private static final JsonWriter.Name SHA256 = JsonWriter.Name.of("sha256");
  private static final JsonWriter.Name BODY = JsonWriter.Name.of("body");
  private static final JsonWriter.Name ATTEMPTS = JsonWriter.Name.of("attempts");
  private static final JsonWriter.Name CONNECTION_REUSED = JsonWriter.Name.of("connectionReused");
  private static final JsonWriter.Name REDIRECT_CHAIN = JsonWriter.Name.of("redirectChain");
  private static final JsonWriter.Name TLS = JsonWriter.Name.of("tls");
  private static final JsonWriter.Name VERSION = JsonWriter.Name.of("version");
  private static final JsonWriter.Name CIPHER = JsonWriter.Name.of("cipher");
  private static final JsonWriter.Name CERTIFICATE_EXPIRY = JsonWriter.Name.of("certificateExpiry");
  private static final JsonWriter.Name HOP = JsonWriter.Name.of("hop");
  private static final JsonWriter.Name TIMINGS = JsonWriter.Name.of("timings");
  private static final JsonWriter.Name ERROR = JsonWriter.Name.of("error");
  private static final JsonWriter.Name TYPE = JsonWriter.Name.of("type");
  private static final JsonWriter.Name MESSAGE = JsonWriter.Name.of("message");
  private static final JsonWriter.Name QUEUE_MS = JsonWriter.Name.of("queueMs");
  private static final JsonWriter.Name DNS_MS = JsonWriter.Name.of("dnsMs");
  private static final JsonWriter.Name CONNECT_MS = JsonWriter.Name.of("connectMs");
  private static final JsonWriter.Name TLS_MS = JsonWriter.Name.of("tlsMs");
  private static final JsonWriter.Name TTFB_MS = JsonWriter.Name.of("ttfbMs");
  private static final JsonWriter.Name TRANSFER_MS = JsonWriter.Name.of("transferMs");
  private static final JsonWriter.Name TOTAL_MS = JsonWriter.Name.of("totalMs");
  /** The names of {@link Timings}' phases, in its order. */
  private static final JsonWriter.Name[] PHASE_NAMES = {
    QUEUE_MS, DNS_MS, CONNECT_MS, TLS_MS, TTFB_MS, TRANSFER_MS, TOTAL_MS
  };

  private ResultJson() {}

  /** Writes {@code o} as one JSON object; {@code mode} says how a kept body is rendered. */
  public static void write(JsonWriter w, UrlOutcome o, BodyMode mode) {
    w.startObject();
    w.field(INDEX, o.index());
    w.field(URL, o.url());
    w.field(OK, o.ok());
    FetchResult r = o.result();
    FetchException e = o.error();
    FailureDetails d = e == null ? null : e.details();
    if (r != null) {
      w.field(STATUS, r.status());
      w.field(FINAL_URL, r.finalUrl());
      w.field(REDIRECTS, r.redirects());
      if (r.contentType() != null) {
        w.field(CONTENT_TYPE, r.contentType());
      }
      w.field(BYTES, r.bytes());
      if (r.sha256() != null) {
        w.field(SHA256, r.sha256());
      }
      writeBody(w, r, mode);
      w.field(ATTEMPTS, r.attempts());
      w.field(CONNECTION_REUSED, r.connectionReused());
      List<Hop> hops = r.hops();
      writeChain(w, hops.isEmpty() ? hops : hops.subList(0, hops.size() - 1));
      if (r.tls() != null) {
        writeTls(w, r.tls());
      }
      writeTimings(w, TIMINGS, r.timings());
    } else if (d != null) {
      w.field(ATTEMPTS, d.attempts());
      writeChain(w, d.hops());
      writeTimings(w, TIMINGS, d.timings());
    }
    if (e != null) {
      w.name(ERROR).startObject();
      w.field(TYPE, e.type());
      if (e.getMessage() != null) {
        w.field(MESSAGE, e.getMessage());
      }
      w.endObject();
    }
    w.endObject();
  }

  private static void writeBody(JsonWriter w, FetchResult r, BodyMode mode) {
    if (r.body() == null || mode == BodyMode.NONE) {
      return;
    }
    if (mode == BodyMode.TEXT) {
      w.field(BODY, r.bodyText());
    } else {
      w.name(BODY).base64(r.body());
    }
  }

  private static void writeChain(JsonWriter w, List<Hop> hops) {
    w.name(REDIRECT_CHAIN).startArray();
    for (Hop h : hops) {
      w.startObject();
      w.field(URL, h.url());
      w.field(STATUS, h.status());
      writeTimings(w, TIMINGS, h.timings());
      w.endObject();
    }
    w.endArray();
  }

  private static void writeTls(JsonWriter w, TlsInfo t) {
    w.name(TLS).startObject();
    w.field(VERSION, t.protocol());
    w.field(CIPHER, t.cipherSuite());
    if (t.certificateNotAfter() != null) {
      w.field(CERTIFICATE_EXPIRY, t.certificateNotAfter().toString());
    }
    if (t.hopUrl() != null) {
      w.field(HOP, t.hopUrl());
    }
    w.endObject();
  }

  /**
   * Writes {@code t} as an object of millisecond phases; absent phases are left out. One loop with
   * one write site rather than seven: the JIT compiles the writer's code once here, not per phase.
   */
  private static void writeTimings(JsonWriter w, JsonWriter.Name field, Timings t) {
    if (t == null) {
      return;
    }
    w.name(field).startObject();
    Duration[] phases = {t.queue(), t.dns(), t.connect(), t.tls(), t.ttfb(), t.transfer(), t.total()};
    for (int i = 0; i < phases.length; i++) {
      if (phases[i] != null) {
        w.name(PHASE_NAMES[i]).millis(phases[i].toNanos());
      }
    }
    w.endObject();
  }
}
