package io.fetchd.client.url;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderValidatorTest {

  @ParameterizedTest
  @ValueSource(strings = {"Accept", "X-Request-Id", "content-type", "a", "!#$%&'*+-.^_`|~09AZaz"})
  void tokenNamesAreAccepted(String name) {
    assertDoesNotThrow(() -> HeaderValidator.validateName(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "X Y", "X:Y", "X\r\nY", "X(Y)", "X/Y", "\"X\"", "X@Y", "X,Y",
      "X;Y", "X=Y", "X?Y", "X[Y]", "X{Y}", "X\\Y", "X\u0000", "X\u007f", "Caf\u00e9", "X\tY"})
  void nonTokenNamesAreRejected(String name) {
    assertThrows(HeaderSyntaxException.class, () -> HeaderValidator.validateName(name));
  }

  @Test
  void nameErrorNamesTheHeaderAndCharacterCode() {
    HeaderSyntaxException e =
        assertThrows(HeaderSyntaxException.class, () -> HeaderValidator.validateName("X Bad"));
    assertTrue(e.getMessage().contains("'X Bad'"), e.getMessage());
    assertTrue(e.getMessage().contains("0x20"), e.getMessage());
  }

  @ParameterizedTest(name = "[{index}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "'text/html'            | text/html",
      "'  padded\t '          | padded",
      "'a\tb'                 | a\tb",
      "'caf\u00e9'            | caf\u00e9",
      "''                     | ''",
      "'quoted \"x\", y=(1)'  | quoted \"x\", y=(1)",
  })
  void legalValuesAreReturnedTrimmed(String value, String expected) throws Exception {
    assertEquals(expected, HeaderValidator.validateValue("X-Test", value));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "'a\rb'          | 0x0D",
      "'a\nb'          | 0x0A",
      "'a\r\nX-Evil: 1' | 0x0D",
      "'a\u0000b'      | 0x00",
      "'a\u0001b'      | 0x01",
      "'a\u001fb'      | 0x1F",
      "'a\u007fb'      | 0x7F",
      "'a\u263ab'      | 0x263A",
  })
  void illegalValueCharactersAreRejectedNamingHeaderAndCode(String value, String code) {
    HeaderSyntaxException e = assertThrows(HeaderSyntaxException.class,
        () -> HeaderValidator.validateValue("Authorization", value));
    assertTrue(e.getMessage().contains("'Authorization'"), e.getMessage());
    assertTrue(e.getMessage().contains(code), e.getMessage());
  }

  @Test
  void valueErrorDoesNotEchoTheValue() {
    HeaderSyntaxException e = assertThrows(HeaderSyntaxException.class,
        () -> HeaderValidator.validateValue("Authorization", "Bearer s3cret\n"));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void nameWithControlCharacterIsEscapedInTheMessage() {
    HeaderSyntaxException e = assertThrows(HeaderSyntaxException.class,
        () -> HeaderValidator.validateName("X\r\nInjected"));
    assertFalse(e.getMessage().contains("\r"), e.getMessage());
  }
}
