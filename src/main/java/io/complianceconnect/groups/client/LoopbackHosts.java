package io.complianceconnect.groups.client;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * Loopback detection without DNS: {@code localhost}, a dotted-quad IPv4 address in 127.0.0.0/8 (each part
 * 0 to 255) or an IPv6 loopback literal. A name that merely resolves to loopback does not count.
 */
final class LoopbackHosts {

    private LoopbackHosts() {
    }

    /** @param host a URI's host, IPv6 literals in brackets */
    static boolean isLoopback(String host) {
        Objects.requireNonNull(host, "host");
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            return isIpv6Loopback(h.substring(1, h.length() - 1));
        }
        return isIpv4Loopback(h);
    }

    private static boolean isIpv4Loopback(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return Integer.parseInt(parts[0]) == 127;
    }

    private static boolean isIpv6Loopback(String literal) {
        // An IPv6 literal is parsed without any lookup; anything else is not a literal.
        if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':')) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            return address instanceof Inet6Address && address.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
