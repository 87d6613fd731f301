package io.fetchd.batch;

/** Where a batch is in its life. */
public enum BatchState {
  /** Some URLs have no outcome yet. */
  RUNNING,
  /** Every URL has an outcome. */
  DONE,
  /** Cancelled: URLs that had no outcome then ended as {@code Cancelled}. */
  CANCELLED;

  /** The lower-case name the API uses. */
  public String apiName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
