package io.complianceconnect.groups.state;

import java.util.function.Consumer;

/**
 * The text format of the packed state inside offsets: one entry a line, fields separated by tabs.
 * Connect offsets may only hold primitive values, so lists are packed into strings; ids are
 * escaped so that no value the API might return can break the format.
 */
final class OffsetText {

    private OffsetText() {
    }

    /** The characters the tab-separated text (member buckets; index versions 1 to 3) escapes. */
    static final String TEXT_RESERVED = "%\t\n";

    /** Appends {@code value} with each character of {@code reserved} (which holds {@code %}) as {@code %XX}. */
    static void appendEscaped(StringBuilder out, String value, String reserved) {
        // The usual case (tagged ids): one bulk copy instead of a check per character.
        boolean plain = true;
        for (int i = 0; i < reserved.length() && plain; i++) {
            plain = value.indexOf(reserved.charAt(i)) < 0;
        }
        if (plain) {
            out.append(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (reserved.indexOf(c) >= 0) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                out.append(c);
            }
        }
    }

    static String unescape(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                out.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String hex(long value) {
        return Long.toHexString(value);
    }

    static long parseHex(String text) {
        return Long.parseUnsignedLong(text, 16);
    }

    /** Calls {@code onFields} with the tab-separated fields of each non-empty line. */
    static void forEachEntry(String packed, Consumer<String[]> onFields) {
        if (packed == null || packed.isEmpty()) {
            return;
        }
        int start = 0;
        while (start < packed.length()) {
            int end = packed.indexOf('\n', start);
            if (end < 0) {
                end = packed.length();
            }
            if (end > start) {
                onFields.accept(packed.substring(start, end).split("\t", -1));
            }
            start = end + 1;
        }
    }
}
