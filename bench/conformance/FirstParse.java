import io.fetchd.client.url.FetchUrl;

/**
 * Start-up cost of IDNA: the time of the first FetchUrl.parse of a URL in a fresh JVM, and of a
 * second one, in microseconds. Run with the source launcher against a built jar:
 * java -cp target/fetchd.jar bench/conformance/FirstParse.java 'https://faß.example/'
 */
public final class FirstParse {
  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "https://faß.example/";
    long t0 = System.nanoTime();
    String first = FetchUrl.parse(url).toString();
    long t1 = System.nanoTime();
    FetchUrl.parse(url.replace("example", "example2"));
    long t2 = System.nanoTime();
    System.out.printf("first_us=%d second_us=%d %s%n", (t1 - t0) / 1000, (t2 - t1) / 1000, first);
  }
}
