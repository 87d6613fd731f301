package io.fetchd.api.route;

import io.fetchd.api.http.Responder;
import java.util.function.BooleanSupplier;

/**
 * GET /healthz ({@code 200 {"status":"ok"}} while the process serves) and GET /readyz ({@code 200
 * {"status":"ready"}}, or {@code 503 {"status":"draining"}} once shutdown began).
 *
 * <p>Thread rule: reactor thread only.
 */
public final class HealthHandler {
  private final BooleanSupplier ready;

  public HealthHandler(BooleanSupplier ready) {
    this.ready = ready;
  }

  void healthz(Responder out) {
    out.json(200, g -> status(g, "ok"));
  }

  void readyz(Responder out) {
    if (ready.getAsBoolean()) {
      out.json(200, g -> status(g, "ready"));
    } else {
      out.json(503, g -> status(g, "draining"));
    }
  }

  private static void status(com.fasterxml.jackson.core.JsonGenerator g, String s) throws java.io.IOException {
    g.writeStartObject();
    g.writeStringField("status", s);
    g.writeEndObject();
  }
}
