package io.fetchd.client;

/**
 * The request methods fetchd sends. The batch API and the CLI send GET or HEAD; the others serve
 * blackbox probe modules ({@code method: POST}). Only idempotent methods are retried.
 */
public enum FetchMethod {
  GET,
  HEAD,
  POST,
  PUT,
  DELETE,
  OPTIONS,
  PATCH;

  /** True for the methods that may be sent twice: all but POST and PATCH. */
  public boolean idempotent() {
    return this != POST && this != PATCH;
  }
}
