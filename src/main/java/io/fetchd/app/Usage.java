package io.fetchd.app;

/** The help texts. Constants; any thread. */
final class Usage {
  private Usage() {}

  static final String MAIN = """
      Usage: fetchd [COMMAND] [OPTIONS]

      fetchd fetches batches of URLs concurrently on one event loop.

      Commands:
        serve    run the REST service (the default when no command is given)
        fetch    fetch URLs once and print one JSON line per URL as it completes

      Options:
        -h, --help       show this help (also: fetchd COMMAND --help)
        -V, --version    print the version

      Configuration: --config PATH, else $FETCHD_CONFIG, else ./config/fetchd.yaml if present,
      else built-in defaults; any setting can be overridden by FETCHD_<SECTION>_<KEY>
      (e.g. FETCHD_SERVER_PORT=9090). See config/fetchd.yaml for every setting.

      Exit status: 0 success, 1 failure (a URL failed, or the service could not run),
      2 usage or configuration error.
      """;

  static final String SERVE = """
      Usage: fetchd serve [--config PATH]

      Runs the REST service until SIGTERM or SIGINT, then drains: running batches get
      server.drainTimeout to finish before the rest is cancelled. Prints
      "fetchd <version> listening on http://HOST:PORT" once listening.

      Options:
        --config PATH    YAML or JSON config file (default: $FETCHD_CONFIG, else
                         ./config/fetchd.yaml if present, else built-in defaults)
        -h, --help       show this help
      """;

  static final String FETCH = """
      Usage: fetchd fetch [OPTIONS] [URL...]
             fetchd fetch [OPTIONS] --file PATH
             fetchd fetch [OPTIONS] -  < urls.txt

      Fetches the URLs as one batch. Prints one JSON line per URL on standard output as soon as
      it completes (the REST API's result shape), then {"summary":{...}}. When standard error is
      a terminal, a progress line is drawn there.

      Input:
        URL...                   URLs to fetch
        --file PATH              read URLs from PATH, one per line; blank lines and lines
                                 starting with # are skipped ('-' for standard input)
        -                        read URLs from standard input, like --file -

      Request options (defaults from the requests.defaults settings; each value at most its
      requests.ceilings setting, as for the API):
        --method GET|HEAD        request method (default GET)
        --header 'Name: value'   extra request header; repeatable
        --body none|text|base64  what to keep of each body (default none: size and SHA-256)
        --no-sha256              do not hash bodies (results carry no sha256)
        --timeout-ms N           deadline of each URL's whole fetch, redirects and retries included
        --connect-timeout-ms N   TCP connect timeout
        --max-redirects N        most redirects followed (0 to requests.ceilings.maxRedirects, 10)
        --no-follow              do not follow redirects
        --max-body-bytes N       most body bytes read per URL
        --retries N              retries on connect failures, early resets, 429/502/503/504
                                 (0 to requests.ceilings.maxRetries, 5)
        --concurrency N          fetches at once (default batches.maxInFlightPerBatch)

      Other options:
        --allow-loopback         allow 127.0.0.0/8 and ::1 (local testing only)
        --fail-on any|none       exit 1 if any URL failed (any, the default), or never (none)
        --config PATH            YAML or JSON config file
        -h, --help               show this help

      Exit status: 0 all URLs succeeded (or --fail-on none), 1 some URL failed,
      2 usage or configuration error.
      """;
}
