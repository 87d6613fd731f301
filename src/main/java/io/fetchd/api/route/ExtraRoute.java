package io.fetchd.api.route;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.http.ApiRequest;
import io.fetchd.api.http.Responder;
import java.util.Set;

/**
 * A route added to the {@code ApiServer} or a {@code ManagementServer} from outside this package
 * (GET /metrics, GET /probe), so other components plug in without editing the dispatcher. An extra
 * route is matched by exact path after the built-in routes. When tokens are configured, a route
 * that {@linkplain #fetches() fetches} on the caller's behalf always needs a bearer token; any
 * other extra route needs one only when {@link ApiOptions#protectHealthAndMetrics()} is set.
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

  /**
   * True when serving this route makes fetchd fetch on the caller's behalf (GET /probe): it then
   * needs a bearer token whenever tokens are configured, like /v1, whatever {@link
   * ApiOptions#protectHealthAndMetrics()} says. Default false.
   */
  default boolean fetches() {
    return false;
  }

  /** Answers {@code request} through {@code out}. */
  void handle(ApiRequest request, Responder out) throws Exception;
}
