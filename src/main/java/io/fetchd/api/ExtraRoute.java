package io.fetchd.api;

import java.util.Set;

/**
 * A route added to the {@link ApiServer} or a {@link ManagementServer} from outside this package
 * (GET /metrics, GET /probe), so other components plug in without editing the router. An extra route is matched by exact path after
 * the built-in routes; it needs a bearer token only when {@link
 * ApiOptions#protectHealthAndMetrics()} is set and tokens are configured.
 *
 * <p>Thread rule: {@link #handle} is called on the reactor thread, once per request; it must be
 * fast, must not block, and must answer through {@code out} exactly once (now or later, on the
 * reactor thread). An exception it throws becomes a 500 {@code Internal} error and is logged.
 */
public interface ExtraRoute {
  /** The exact path served, e.g. {@code "/metrics"}; must start with '/'. */
  String path();

  /** The methods served; default GET only. Other methods get 405 with an {@code Allow} header. */
  default Set<String> methods() {
    return Set.of("GET");
  }

  /** Answers {@code request} through {@code out}. */
  void handle(ApiRequest request, Responder out) throws Exception;
}
