package io.fetchd.client;

/**
 * The request methods fetchd sends. The batch API and the CLI send GET or HEAD; the others serve
 * blackbox probe modules ({@code method: POST}). Only idempotent methods are retried.
 */
public enum FetchMethod {
  /** HTTP GET. */
  GET,
  /** HTTP HEAD: the response without its body. */
  HEAD,
  /** HTTP POST (probe modules only); never retried. */
  POST,
  /** HTTP PUT (probe modules only). */
  PUT,
  /** HTTP DELETE (probe modules only). */
  DELETE,
  /** HTTP OPTIONS (probe modules only). */
  OPTIONS,
  /** HTTP PATCH (probe modules only); never retried. */
  PATCH;

  /**
   * Whether a request with this method may be sent twice.
   *
   * @return true for all but POST and PATCH
   */
  public boolean idempotent() {
    return this != POST && this != PATCH;
  }
}
