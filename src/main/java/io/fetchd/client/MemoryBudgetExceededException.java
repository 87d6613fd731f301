package io.fetchd.client;

/**
 * Raised when a body kept for the result ({@code body: text|base64}) could not be held: the
 * service's memory budget ({@code memory.budgetBytes}) had no room for its bytes as they arrived.
 * Only that URL fails; retry it later, or with {@code body: none}.
 */
public final class MemoryBudgetExceededException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public MemoryBudgetExceededException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "MemoryBudgetExceeded";
  }
}
