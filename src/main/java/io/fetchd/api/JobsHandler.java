package io.fetchd.api;

import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchRejectedException;
import io.fetchd.batch.BatchTooLargeException;
import io.fetchd.client.BodyMode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The job routes: POST /v1/batches starts a job (202 with {@code Location}); GET
 * /v1/batches/{id}?offset=&limit= reads its state, counts and a page of results in completion
 * order; DELETE /v1/batches/{id} cancels it (pending URLs become {@code Cancelled}, finished ones
 * are kept) and answers its state and counts.
 *
 * <p>Paging: {@code offset} defaults to 0, {@code limit} to {@value #DEFAULT_LIMIT} (at most
 * {@value #MAX_LIMIT}). {@code next} is the offset to ask for next: null once the job is over and
 * every result has been read; while the job runs it is never null (more results will come).
 *
 * <p>Thread rule: reactor thread only; the body-mode table is loop-confined.
 */
final class JobsHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final String PREFIX = "/v1/batches/";

  private final BatchEngine engine;
  private final BatchRequestParser parser;
  /** Body modes of jobs that keep bodies (the engine does not expose a batch's options). */
  private final Map<String, BodyMode> bodyModes = new HashMap<>();

  JobsHandler(BatchEngine engine, BatchRequestParser parser) {
    this.engine = engine;
    this.parser = parser;
  }

  void create(ApiRequest req, Responder out)
      throws ApiException, BatchRejectedException, BatchTooLargeException {
    BatchSpec spec = parser.parse(req.content());
    Batch b = engine.startJob(spec.urls(), spec.options());
    forgetExpired();
    if (spec.options().body() != BodyMode.NONE) {
      bodyModes.put(b.id(), spec.options().body());
    }
    FullHttpResponse r =
        out.jsonResponse(
            HttpResponseStatus.ACCEPTED,
            g -> {
              g.writeStartObject();
              g.writeStringField("batchId", b.id());
              g.writeStringField("state", b.state().apiName());
              g.writeEndObject();
            });
    r.headers().set(HttpHeaderNames.LOCATION, PREFIX + b.id());
    out.send(r);
  }

  private void forgetExpired() {
    for (Iterator<String> it = bodyModes.keySet().iterator(); it.hasNext(); ) {
      if (engine.job(it.next()).isEmpty()) {
        it.remove();
      }
    }
  }

  void get(String id, ApiRequest req, Responder out) throws ApiException {
    Batch b = job(id);
    int offset = param(req, "offset", 0, Integer.MAX_VALUE, 0);
    int limit = param(req, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    BodyMode mode = bodyModes.getOrDefault(id, BodyMode.NONE);
    boolean running = b.state() == io.fetchd.batch.BatchState.RUNNING;
    int completed = b.completed();
    int from = Math.min(offset, completed);
    int to = (int) Math.min((long) offset + limit, completed);
    Integer next = (!running && to >= completed) ? null : Math.max(to, offset);
    int[] i = {-1};
    SlicedResponse.send(
        out,
        HttpResponseStatus.OK,
        (JsonWriter w) -> {
          int k = i[0]++;
          if (k < 0) {
            w.startObject();
            w.field("batchId", b.id());
            w.field("state", running ? "running" : b.state().apiName());
            BatchSummary.writeCountsField(w, b);
            w.name("results").startArray();
          } else if (from + k < to) {
            ResultJson.write(w, b.outcomeInCompletionOrder(from + k), mode);
          } else {
            w.endArray();
            if (next == null) {
              w.name("next").nullValue();
            } else {
              w.field("next", next);
            }
            w.endObject();
            return false;
          }
          return true;
        });
  }

  void delete(String id, Responder out) throws ApiException {
    Batch b = job(id);
    b.cancel();
    try (JsonWriter w = new JsonWriter(out.alloc())) {
      w.startObject();
      w.field("batchId", b.id());
      w.field("state", b.state().apiName());
      BatchSummary.writeCountsField(w, b);
      w.endObject();
      out.send(out.jsonResponse(HttpResponseStatus.OK, w.take()));
    }
  }

  private Batch job(String id) throws ApiException {
    return engine.job(id).orElseThrow(() -> new ApiException(ErrorType.NotFound, "no batch " + id));
  }

  private static int param(ApiRequest req, String name, int min, int max, int dflt) throws ApiException {
    String s = req.queryParam(name);
    if (s == null) {
      return dflt;
    }
    long v = -1;
    if (!s.isEmpty() && s.length() <= 10 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      v = Long.parseLong(s);
    }
    if (v < min || v > max) {
      throw new ApiException(
          ErrorType.InvalidField, name + " must be an integer from " + min + " to " + max);
    }
    return (int) v;
  }
}
