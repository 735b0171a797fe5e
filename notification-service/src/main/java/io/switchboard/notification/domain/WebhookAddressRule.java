package io.switchboard.notification.domain;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may send: the one place of the rule that keeps an ADMIN of any tenant from making the service
 * call into the cluster (SSRF). A URL must be https with a host and no credentials; every address its host
 * resolves to must be public unicast. Pure (no DNS, no I/O): {@code WebhookTargets} resolves and asks this class
 * about each address, at registration and again before every delivery.
 */
public final class WebhookAddressRule {

    /** A prefix of addresses and what it is, for the refusal's message. */
    record Range(byte[] prefix, int bits, String name) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    /** IPv4 ranges that are not public unicast (RFC 6890 and the IANA special-purpose registry). */
    private static final List<Range> REFUSED_V4 = List.of(
            range("0.0.0.0/8", "\"this\" network"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "shared (carrier-grade NAT)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local (cloud metadata)"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.0.2.0/24", "documentation"),
            range("192.88.99.0/24", "6to4 relay anycast"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved or broadcast"));

    /** IPv6 ranges refused by name; anything else outside 2000::/3 is refused as not global unicast. */
    private static final List<Range> REFUSED_V6 = List.of(
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("64:ff9b:1::/48", "local-use NAT64"),
            range("100::/64", "discard-only"),
            range("2001::/23", "IETF protocol assignments (Teredo, benchmarking, ORCHID)"),
            range("2001:db8::/32", "documentation"),
            range("3fff::/20", "documentation"),
            range("fc00::/7", "unique local"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local"),
            range("ff00::/8", "multicast"));

    private static final Range GLOBAL_UNICAST_V6 = range("2000::/3", "global unicast");
    /** IPv6 forms that carry an IPv4 address, which is what they reach: judged by that address. */
    private static final Range MAPPED = range("::ffff:0:0/96", "IPv4-mapped");
    private static final Range NAT64 = range("64:ff9b::/96", "NAT64");
    private static final Range SIX_TO_FOUR = range("2002::/16", "6to4");

    private WebhookAddressRule() {
    }

    /** Null when {@code address} is public unicast, otherwise why it is refused. */
    public static String refusal(InetAddress address) {
        return refusal(address.getAddress());
    }

    /** The same for the raw 4- or 16-byte form (the JDK turns IPv4-mapped addresses into IPv4 ones; a socket may not). */
    public static String refusal(byte[] address) {
        if (address.length == 4) {
            for (Range r : REFUSED_V4) {
                if (r.contains(address)) {
                    return r.name();
                }
            }
            return null;
        }
        if (address.length != 16) {
            return "not an IP address";
        }
        if (MAPPED.contains(address) || NAT64.contains(address)) {
            return embedded(MAPPED.contains(address) ? MAPPED : NAT64, Arrays.copyOfRange(address, 12, 16));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return embedded(SIX_TO_FOUR, Arrays.copyOfRange(address, 2, 6));
        }
        for (Range r : REFUSED_V6) {
            if (r.contains(address)) {
                return r.name();
            }
        }
        return GLOBAL_UNICAST_V6.contains(address) ? null : "not global unicast";
    }

    private static String embedded(Range form, byte[] v4) {
        String why = refusal(v4);
        return why == null ? null : form.name() + " " + why;
    }

    /**
     * The URL's shape: https (or http when {@code allowHttp}), a host, no user info. Throws
     * {@link IllegalArgumentException} with the reason otherwise.
     */
    public static URI checkUrl(String url, boolean allowHttp) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new IllegalArgumentException("must be an https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not carry credentials");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("has no host");
        }
        return uri;
    }

    /** The URL's host without the brackets of an IPv6 literal. */
    public static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    public static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static Range range(String cidr, String name) {
        int slash = cidr.indexOf('/');
        try {
            // A literal: parsed, never looked up.
            byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            if (cidr.contains(":") && prefix.length == 4) { // the JDK shortens ::ffff:a.b.c.d to IPv4
                byte[] full = new byte[16];
                full[10] = (byte) 0xff;
                full[11] = (byte) 0xff;
                System.arraycopy(prefix, 0, full, 12, 4);
                prefix = full;
            }
            return new Range(prefix, Integer.parseInt(cidr.substring(slash + 1)), name);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }
}
