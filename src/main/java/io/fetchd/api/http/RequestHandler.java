package io.fetchd.api.http;

/**
 * What a connection's {@link ConnectionDispatcher} hands each complete request to: the route
 * table. It answers through the {@link Responder}, exactly once, and names the route a path
 * belongs to, so that metrics and refusals are labelled by template, never by raw path.
 *
 * <p>Thread rule: reactor thread only.
 */
public interface RequestHandler {
  /**
   * Serves {@code request}; an exception thrown here is answered as the error it maps to ({@link
   * ErrorMapper}).
   */
  void serve(ApiRequest request, Responder out) throws Exception;

  /** The route template of {@code path} (such as {@code /v1/batches/{id}}), or {@link ApiObserver#UNMATCHED}. */
  String template(String path);
}
