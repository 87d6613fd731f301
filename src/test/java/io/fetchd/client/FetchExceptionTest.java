package io.fetchd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FetchExceptionTest {
  @Test
  void aFailureReasonCarriesNoStackTraceButKeepsItsMessageAndCause() {
    IOException cause = new IOException("reset by peer");
    FetchException e = new ConnectionResetException("the connection was reset", cause);

    assertEquals(0, e.getStackTrace().length);
    assertEquals("the connection was reset", e.getMessage());
    assertSame(cause, e.getCause());
    assertEquals(0, new InvalidUrlException("not a URL").getStackTrace().length);
  }
}
