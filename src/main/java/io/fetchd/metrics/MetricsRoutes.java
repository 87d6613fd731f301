package io.fetchd.metrics;

import io.fetchd.api.http.ApiRequest;
import io.fetchd.api.http.Responder;
import io.fetchd.api.route.ExtraRoute;
import io.fetchd.defer.Failure;
import io.fetchd.reactor.Reactor;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code GET /metrics} and {@code GET /probe} as the REST server's {@link ExtraRoute}s. The
 * scrape is rendered on the metrics' own scrape thread, never on the loop (a scrape with a
 * thousand URL series is tens of thousands of lines), and answered back on the loop. The probe's
 * fetch runs on the loop as every fetch does; a missing or invalid target is the API's 400
 * {@code BadRequest} error; an unknown {@code module=} is 400 with blackbox's plain text {@code
 * Unknown module "x"}.
 *
 * <p>Thread rule: {@code handle} on the reactor thread (as {@link ExtraRoute} promises).
 */
final class MetricsRoutes {
  private MetricsRoutes() {}

  static ExtraRoute metrics(FetchdMetrics metrics, Reactor reactor, String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("the metrics path must start with '/', got " + path);
    }
    return new ExtraRoute() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public void handle(ApiRequest request, Responder out) {
        Set<String> names = Set.copyOf(request.queryParams("name[]"));
        metrics.scrapeAsync(names).whenComplete((reply, error) -> {
          try {
            reactor.callFromThread(() -> {
              if (error == null) {
                out.text(reply.status(), reply.contentType(), reply.body());
              } else {
                out.error(500, "Internal", "the scrape failed");
              }
            });
          } catch (RejectedExecutionException e) {
            // the loop is gone, and the connection with it
          }
        });
      }
    };
  }

  static ExtraRoute probe(ProbeHandler handler) {
    return new ExtraRoute() {
      @Override
      public String path() {
        return "/probe";
      }

      @Override
      public boolean fetches() {
        return true;
      }

      @Override
      public void handle(ApiRequest request, Responder out) {
        // copied: the request dies with handle()
        String target = request.queryParam("target");
        String scrapeTimeout = request.header("X-Prometheus-Scrape-Timeout-Seconds");
        String module = request.queryParam("module");
        boolean debug = "true".equals(request.queryParam("debug"));
        if (!handler.hasModule(module)) {
          // blackbox's answer, word for word
          out.text(400, HttpReply.PLAIN_TEXT, "Unknown module \"" + module + "\"\n");
          return;
        }
        if (request.queryParam("hostname") != null) {
          out.error(400, "BadRequest", "the hostname parameter is not supported by fetchd's /probe");
          return;
        }
        handler.probe(target, scrapeTimeout, module, debug).addBoth((HttpReply reply, Failure f) -> {
          if (f != null) {
            out.error(500, "Internal", "the probe failed");
          } else if (reply.status() == 400) {
            out.error(400, "BadRequest", reply.body().trim());
          } else {
            out.text(reply.status(), reply.contentType(), reply.body());
          }
          return null;
        });
      }
    };
  }
}
