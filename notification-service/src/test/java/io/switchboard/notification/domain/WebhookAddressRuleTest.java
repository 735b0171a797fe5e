package io.switchboard.notification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook address rule, address by address: plain JUnit, only literals (nothing is looked up or connected). */
class WebhookAddressRuleTest {

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            // IPv4: every special range, at its first and last address
            "0.0.0.0            | \"this\" network",
            "0.255.255.255      | \"this\" network",
            "10.0.0.0           | private",
            "10.255.255.255     | private",
            "100.64.0.0         | shared (carrier-grade NAT)",
            "100.127.255.255    | shared (carrier-grade NAT)",
            "127.0.0.1          | loopback",
            "127.255.255.254    | loopback",
            "169.254.169.254    | link-local (cloud metadata)",
            "169.254.0.0        | link-local (cloud metadata)",
            "172.16.0.0         | private",
            "172.31.255.255     | private",
            "192.0.0.8          | IETF protocol assignments",
            "192.0.2.1          | documentation",
            "192.88.99.1        | 6to4 relay anycast",
            "192.168.0.1        | private",
            "192.168.255.255    | private",
            "198.18.0.1         | benchmarking",
            "198.19.255.255     | benchmarking",
            "198.51.100.7       | documentation",
            "203.0.113.7        | documentation",
            "224.0.0.1          | multicast",
            "239.255.255.250    | multicast",
            "240.0.0.1          | reserved or broadcast",
            "255.255.255.255    | reserved or broadcast",
            // IPv6
            "::                 | unspecified",
            "::1                | loopback",
            "fc00::1            | unique local",
            "fd12:3456:789a::1  | unique local",
            "fe80::1            | link-local",
            "febf:ffff::1       | link-local",
            "fec0::1            | site-local",
            "ff02::1            | multicast",
            "ff0e::1            | multicast",
            "2001:db8::1        | documentation",
            "3fff::1            | documentation",
            "2001::1            | IETF protocol assignments (Teredo, benchmarking, ORCHID)",
            "2001:2::1          | IETF protocol assignments (Teredo, benchmarking, ORCHID)",
            "100::1             | discard-only",
            "64:ff9b:1::a       | local-use NAT64",
            "::2                | not global unicast",
            "4000::1            | not global unicast",
            // IPv6 forms that carry an IPv4 address are judged by it
            "::ffff:127.0.0.1       | IPv4-mapped loopback",
            "::ffff:169.254.169.254 | IPv4-mapped link-local (cloud metadata)",
            "::ffff:10.1.2.3        | IPv4-mapped private",
            "::ffff:0.0.0.0         | IPv4-mapped \"this\" network",
            "64:ff9b::a9fe:a9fe     | NAT64 link-local (cloud metadata)",
            "64:ff9b::7f00:1        | NAT64 loopback",
            "2002:c0a8:0101::1      | 6to4 private",
            "2002:7f00:0001::1      | 6to4 loopback",
            "::127.0.0.1            | not global unicast",
    })
    void refused(String literal, String why) throws Exception {
        assertEquals(why, WebhookAddressRule.refusal(bytes(literal)), literal);
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {
            "1.1.1.1", "8.8.8.8", "93.184.215.14",
            "9.255.255.255", "11.0.0.0",             // around 10/8
            "100.63.255.255", "100.128.0.0",         // around 100.64/10
            "126.255.255.255", "128.0.0.0",          // around 127/8
            "169.253.255.255", "169.255.0.0",        // around 169.254/16
            "172.15.255.255", "172.32.0.0",          // around 172.16/12
            "192.167.255.255", "192.169.0.0",        // around 192.168/16
            "198.17.255.255", "198.20.0.0",          // around 198.18/15
            "223.255.255.255",                       // below multicast
            "2606:4700:4700::1111", "2a00:1450:4001:81b::200e", "2001:4860:4860::8888",
            "2000::1", "3ffe:ffff::1",               // edges of 2000::/3 outside the named ranges
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1", // carriers of a public IPv4
    })
    void publicAddresses(String literal) throws Exception {
        assertNull(WebhookAddressRule.refusal(bytes(literal)), literal);
    }

    @Test
    void theJdkFormOfAMappedAddressIsJudgedTheSame() throws Exception {
        InetAddress mapped = InetAddress.getByName("::ffff:169.254.169.254"); // the JDK hands out 169.254.169.254
        assertNotNull(WebhookAddressRule.refusal(mapped));
        assertNotNull(WebhookAddressRule.refusal(new byte[] {1, 2, 3}));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "http://bot.example.com/h     | must be an https URL",
            "ftp://bot.example.com/h      | must be an https URL",
            "bot.example.com/h            | must be an https URL",
            "https://user:pw@bot.example.com/h | must not carry credentials",
            "https:///h                   | has no host",
            "https://bot example.com/h    | is not a valid URL",
    })
    void badUrls(String url, String why) {
        assertEquals(why, assertThrows(IllegalArgumentException.class, () -> WebhookAddressRule.checkUrl(url, false))
                .getMessage());
    }

    @Test
    void urlsAndTheirHostAndPort() {
        URI v6 = WebhookAddressRule.checkUrl("https://[::1]:8443/h", false);
        assertEquals("::1", WebhookAddressRule.host(v6));
        assertEquals(8443, WebhookAddressRule.port(v6));
        assertEquals(443, WebhookAddressRule.port(WebhookAddressRule.checkUrl("HTTPS://bot.example.com/h", false)));
        assertEquals(80, WebhookAddressRule.port(WebhookAddressRule.checkUrl("http://127.0.0.1/h", true)));
    }

    /** The wire form: an IPv6 literal stays 16 bytes, also when the JDK would shorten a mapped one to IPv4. */
    private static byte[] bytes(String literal) throws Exception {
        byte[] b = InetAddress.getByName(literal).getAddress();
        if (literal.contains(":") && b.length == 4) {
            byte[] full = new byte[16];
            full[10] = (byte) 0xff;
            full[11] = (byte) 0xff;
            System.arraycopy(b, 0, full, 12, 4);
            return full;
        }
        return b;
    }
}
