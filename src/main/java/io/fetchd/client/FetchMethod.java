package io.fetchd.client;

/** The request methods fetchd sends. Both are idempotent, so both may be retried. */
public enum FetchMethod {
  /** HTTP GET. */
  GET,
  /** HTTP HEAD: the response without its body. */
  HEAD
}
