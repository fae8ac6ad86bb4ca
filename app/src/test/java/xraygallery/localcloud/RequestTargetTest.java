package xraygallery.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTargetTest {

    @Test
    void parse_splitsTheRawPathAndQuery_asSent() {
        assertThat(RequestTarget.parse("/photos/a%2Fb?list-type=2&prefix=a%20b"))
                .isEqualTo(new RequestTarget("/photos/a%2Fb", "list-type=2&prefix=a%20b"));
        assertThat(RequestTarget.parse("/photos/k")).isEqualTo(new RequestTarget("/photos/k", null));
        assertThat(RequestTarget.parse("/photos?")).isEqualTo(new RequestTarget("/photos", ""));
        assertThat(RequestTarget.parse("/photos/k#frag")).isEqualTo(new RequestTarget("/photos/k", null));
    }

    @Test
    void parseableByJetty_escapesDotSegmentsAndEncodedNul_only() {
        assertThat(RequestTarget.parseableByJetty("/photos/../../etc/passwd?x=..%00"))
                .isEqualTo("/photos/%252E%252E/%252E%252E/etc/passwd?x=..%00");
        assertThat(RequestTarget.parseableByJetty("/photos/./a/..;p/b")).isEqualTo("/photos/%252E/a/%252E%252E;p/b");
        assertThat(RequestTarget.parseableByJetty("/photos/nul%00key")).isEqualTo("/photos/nul%2500key");
        assertThat(RequestTarget.parseableByJetty("/photos/%2e%2e/.%2E/x")).isEqualTo("/photos/%252E%252E/%252E%252E/x");
        assertThat(RequestTarget.parseableByJetty("/photos/a..b/.x/a//b/%2e%2e%2f"))
                .isEqualTo("/photos/a..b/.x/a//b/%2e%2e%2f");
        assertThat(RequestTarget.parseableByJetty("/photos/..\\..\\x")).as("a raw backslash is left for Jetty to refuse")
                .isEqualTo("/photos/..\\..\\x");
    }
}
