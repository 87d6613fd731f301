package io.fetchd.client.url;

import java.util.Locale;

/**
 * RFC 3986 section 5 reference resolution, with the WHATWG rule for special schemes that
 * {@code http:/p} (the base's own scheme, no {@code //}) is relative. The resolved text is
 * re-parsed by {@link UrlParser}, which removes dot segments and validates everything.
 *
 * <p>Stateless; any thread.
 */
final class ReferenceResolver {

  private ReferenceResolver() {}

  static FetchUrl resolve(FetchUrl base, String reference)
      throws UrlSyntaxException, UrlSchemeException {
    UrlChars.rejectControlsAndWhitespace(reference, "redirect reference");
    String ref = reference;
    int colon = UrlParser.schemeEnd(ref);
    if (colon >= 0) {
      String scheme = ref.substring(0, colon).toLowerCase(Locale.ROOT);
      String rest = ref.substring(colon + 1);
      if (!scheme.equals(base.scheme()) || startsWithTwoSlashes(rest)) {
        return UrlParser.parse(ref);
      }
      ref = rest;
    }
    if (startsWithTwoSlashes(ref)) {
      return UrlParser.parse(base.scheme() + ":" + ref);
    }
    if (!ref.isEmpty() && UrlParser.isSlash(ref.charAt(0))) {
      return UrlParser.parse(base.authorityPrefix() + ref);
    }
    if (ref.isEmpty() || ref.charAt(0) == '#') {
      return UrlParser.parse(base.authorityPrefix() + base.requestTarget());
    }
    if (ref.charAt(0) == '?') {
      return UrlParser.parse(base.authorityPrefix() + base.path() + ref);
    }
    String directory = base.path().substring(0, base.path().lastIndexOf('/') + 1);
    return UrlParser.parse(base.authorityPrefix() + directory + ref);
  }

  private static boolean startsWithTwoSlashes(String text) {
    return text.length() >= 2 && UrlParser.isSlash(text.charAt(0)) && UrlParser.isSlash(text.charAt(1));
  }
}
