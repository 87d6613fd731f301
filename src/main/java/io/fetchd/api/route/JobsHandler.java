package io.fetchd.api.route;

import io.fetchd.api.http.ApiException;
import io.fetchd.api.http.ApiRequest;
import io.fetchd.api.http.ErrorType;
import io.fetchd.api.http.Responder;
import io.fetchd.api.json.EncodedOutcomes;
import io.fetchd.api.json.JsonWriter;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchRejectedException;
import io.fetchd.batch.BatchTooLargeException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The job routes: POST /v1/batches starts a job (202 with {@code Location}); GET
 * /v1/batches/{id}?offset=&limit= reads its state, counts and a page of results in completion
 * order; DELETE /v1/batches/{id} cancels a running job (pending URLs become {@code Cancelled},
 * finished ones are kept) or deletes a finished one, and answers its state and counts. Jobs live
 * in a {@link JobStore}: encoded, bounded by the memory budget, time and count; a job that went is
 * 410 {@code Gone}, an id never seen 404.
 *
 * <p>Paging: {@code offset} defaults to 0, {@code limit} to {@value #DEFAULT_LIMIT} (at most
 * {@value #MAX_LIMIT}). {@code next} is the offset to ask for next: null once the job is over and
 * every result has been read; while the job runs it is never null (more results will come).
 *
 * <p>Thread rule: reactor thread only.
 */
public final class JobsHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final String PREFIX = "/v1/batches/";

  private final BatchEngine engine;
  private final BatchRequestParser parser;
  private final JobStore store;

  public JobsHandler(BatchEngine engine, BatchRequestParser parser) {
    this.engine = engine;
    this.parser = parser;
    this.store = new JobStore(engine.budget(), engine.clock(), engine.limits());
  }

  /** The job store (for tests in this package). */
  JobStore store() {
    return store;
  }

  void create(ApiRequest req, Responder out)
      throws ApiException, BatchRejectedException, BatchTooLargeException {
    BatchSpec spec = parser.parse(req.content());
    Job job = store.start(engine, spec);
    FullHttpResponse r =
        out.jsonResponse(
            HttpResponseStatus.ACCEPTED,
            g -> {
              g.writeStartObject();
              g.writeStringField("batchId", job.id());
              g.writeStringField("state", job.state().apiName());
              g.writeEndObject();
            });
    r.headers().set(HttpHeaderNames.LOCATION, PREFIX + job.id());
    out.send(r);
  }

  void get(String id, ApiRequest req, Responder out) throws ApiException {
    Job job = store.find(id);
    int offset = param(req, "offset", 0, Integer.MAX_VALUE, 0);
    int limit = param(req, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    boolean running = job.running();
    int completed = job.completed();
    int from = Math.min(offset, completed);
    int to = (int) Math.min((long) offset + limit, completed);
    Integer next = (!running && to >= completed) ? null : Math.max(to, offset);
    EncodedOutcomes results = job.outcomes();
    String state = job.state().apiName();
    int[] i = {-1};
    SlicedResponse.send(
        out,
        HttpResponseStatus.OK,
        (JsonWriter w) -> {
          int k = i[0]++;
          if (k < 0) {
            w.startObject();
            w.field("batchId", id);
            w.field("state", state);
            job.writeCountsField(w);
            w.name("results").startArray();
          } else if (from + k < to) {
            results.writeTo(w, from + k);
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

  /**
   * Cancels a running job (it stays readable, as {@code cancelled}); deletes a finished one (its
   * memory goes back at once and it is 410 from then on). Answers its state and counts either way.
   */
  void delete(String id, Responder out) throws ApiException {
    Job job = store.find(id);
    if (job.running()) {
      job.cancel();
    } else {
      store.delete(job);
    }
    try (JsonWriter w = new JsonWriter(out.alloc())) {
      w.startObject();
      w.field("batchId", id);
      w.field("state", job.state().apiName());
      job.writeCountsField(w);
      w.endObject();
      out.send(out.jsonResponse(HttpResponseStatus.OK, w.take()));
    }
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
