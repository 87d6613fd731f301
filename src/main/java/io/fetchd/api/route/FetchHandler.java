package io.fetchd.api.route;

import io.fetchd.api.http.ApiException;
import io.fetchd.api.http.ApiRequest;
import io.fetchd.api.http.Responder;
import io.fetchd.batch.Batch;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.BatchListener;
import io.fetchd.batch.BatchRejectedException;
import io.fetchd.batch.BatchTooLargeException;
import io.netty.channel.ChannelFutureListener;

/**
 * POST /v1/fetch: runs a batch and answers with one JSON document whose results are in input
 * order ({@link JsonFetchResponse}), or with {@code Accept: application/x-ndjson} one line per
 * outcome in completion order ({@link NdjsonFetchResponse}). Both are streamed as results become
 * writable. A client that disconnects cancels the rest of its batch. The batch's results are
 * reserved in the memory budget before it starts ({@link UnwrittenResults}): 503 {@code
 * Overloaded} with {@code Retry-After} when the budget cannot take them now, 413 when it never
 * could.
 *
 * <p>Thread rule: reactor thread only.
 */
public final class FetchHandler {
  public static final String NDJSON = "application/x-ndjson";

  private final BatchEngine engine;
  private final BatchRequestParser parser;

  public FetchHandler(BatchEngine engine, BatchRequestParser parser) {
    this.engine = engine;
    this.parser = parser;
  }

  /** What the batch's outcomes are written to. */
  interface FetchResponse extends BatchListener {
    /** The batch has started (it may have finished already); {@code done} runs when answered. */
    void begin(Batch batch, Runnable done);
  }

  void handle(ApiRequest req, Responder out)
      throws ApiException, BatchRejectedException, BatchTooLargeException {
    BatchSpec spec = parser.parse(req.content());
    UnwrittenResults unwritten = UnwrittenResults.admit(engine.budget(), engine.clock(), spec.urls());
    FetchResponse response =
        wantsNdjson(req.header("Accept"))
            ? new NdjsonFetchResponse(out, spec.options().body(), engine.budget(), unwritten)
            : new JsonFetchResponse(out, spec.options().body(), engine.budget(), unwritten);
    Batch batch;
    try {
      batch = engine.start(spec.urls(), spec.options(), response);
    } catch (BatchRejectedException | BatchTooLargeException | RuntimeException e) {
      unwritten.releaseAll();
      throw e;
    }
    ChannelFutureListener cancelOnClose = f -> batch.cancel();
    out.channel().closeFuture().addListener(cancelOnClose);
    response.begin(batch, () -> out.channel().closeFuture().removeListener(cancelOnClose));
  }

  static boolean wantsNdjson(String accept) {
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      String media = part.split(";", 2)[0].trim();
      if (media.equalsIgnoreCase(NDJSON)) {
        return true;
      }
    }
    return false;
  }
}
