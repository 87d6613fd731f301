package io.fetchd.client;

/**
 * Why a fetch failed: the closed family of failures a user can act on.
 *
 * <p>Each subclass is one reason, with a stable short {@link #type()} name that the REST API and
 * the metrics use (never the message text). A failed fetch's {@code Deferred} errbacks with a
 * {@code Failure} wrapping exactly one of these.
 *
 * <p>A FetchException is an outcome, not a bug: it carries no stack trace (the {@link #type()},
 * the message, the cause and the {@link #details()} say what happened), so a batch of 10,000
 * failed URLs holds 10,000 small objects rather than 10,000 captured stacks, and failing costs no
 * stack walk.
 *
 * <p>Instances are immutable and may be read from any thread.
 */
public abstract sealed class FetchException extends Exception
    permits InvalidUrlException, UnsupportedSchemeException, InvalidRequestException,
        BlockedAddressException, DnsFailureException, ConnectRefusedException,
        ConnectFailedException, FetchTimeoutException, TlsFailureException, HttpStatusException,
        TooManyRedirectsException, RedirectLoopException, BodyTooLargeException,
        ProtocolErrorException, ConnectionResetException, QueueFullException,
        FetchCancelledException, MemoryBudgetExceededException {

  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  protected FetchException(String message) {
    super(message, null, false, false);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  protected FetchException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** What the fetch had done when it failed; set once by the fetcher. */
  private volatile FailureDetails details;

  /**
   * The stable short name of this failure reason, e.g. {@code "ConnectTimeout"}.
   *
   * @return the failure reason's stable name
   */
  public abstract String type();

  /**
   * What the fetch had done when it failed (attempts, hops, phase timings), or null when the
   * failure did not come from a fetch (or not yet: the fetcher attaches it before errbacking).
   *
   * @return the details, or null
   */
  public FailureDetails details() {
    return details;
  }

  /**
   * Attaches the fetch's details; set once by the fetcher, later calls are ignored.
   *
   * @param d the details of the fetch that failed
   */
  public void attachDetails(FailureDetails d) {
    if (details == null) {
      details = d;
    }
  }
}
