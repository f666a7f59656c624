package io.complianceconnect.groups.simulator;

import java.util.List;
import java.util.Random;

/** Word lists and id formats for directories that look like a real company's. */
final class SampleData {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int ID_LENGTH = 22;

    static final List<String> DEPARTMENTS = List.of("Engineering", "Sales", "Marketing", "Finance", "Legal",
            "Security", "Customer Support", "Design", "Data Science", "Product", "People Ops", "IT",
            "Research", "Operations", "Compliance", "Procurement", "Facilities", "Developer Relations");
    static final List<String> QUALIFIERS = List.of("EMEA", "APAC", "Americas", "Platform", "Contractors",
            "Admins", "Leads", "Interns", "Berlin", "London", "New York", "Tokyo", "On-call", "Reviewers",
            "Managers", "Pilot", "Enterprise", "Mobile", "Infrastructure", "Analysts");
    static final List<String> FIRST_NAMES = List.of("ada", "alan", "grace", "linus", "margaret", "dennis",
            "barbara", "ken", "frances", "edsger", "radia", "tim", "katherine", "john", "hedy", "donald",
            "sophie", "niklaus", "shafi", "leslie", "anita", "vint", "karen", "bjarne", "jean", "guido",
            "mary", "james", "yukihiro", "elena", "priya", "wei", "amara", "diego", "fatima", "lars");
    static final List<String> LAST_NAMES = List.of("lovelace", "turing", "hopper", "torvalds", "hamilton",
            "ritchie", "liskov", "thompson", "allen", "dijkstra", "perlman", "berners-lee", "johnson",
            "mccarthy", "lamarr", "knuth", "wilson", "wirth", "goldwasser", "lamport", "borg", "cerf",
            "sparck-jones", "stroustrup", "bartik", "van-rossum", "keller", "gosling", "matsumoto", "garcia",
            "patel", "zhang", "okafor", "fernandez", "haddad", "nilsson");
    static final String EMAIL_DOMAIN = "example.com";

    private SampleData() {
    }

    /** A tagged id such as {@code rbac_group_7Hq2...}: the prefix and 22 random base-62 characters. */
    static String taggedId(String prefix, Random random) {
        StringBuilder id = new StringBuilder(prefix.length() + ID_LENGTH).append(prefix);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return id.toString();
    }

    static <T> T pick(List<T> from, Random random) {
        return from.get(random.nextInt(from.size()));
    }

    /** A group name such as "Engineering", "Sales - EMEA" or "Design Pilot 3". */
    static String groupName(Random random) {
        String department = pick(DEPARTMENTS, random);
        int shape = random.nextInt(10);
        if (shape < 2) {
            return department;
        }
        String qualifier = pick(QUALIFIERS, random);
        if (shape < 7) {
            return department + " - " + qualifier;
        }
        return department + " " + qualifier + " " + (2 + random.nextInt(30));
    }

    /** A description, empty for about one group in six (the API allows that). */
    static String groupDescription(String name, Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "Access group for " + name + ".";
            case 2 -> "Synced from the identity provider; do not edit by hand.";
            case 3 -> "Everyone in " + name + ", including contractors.";
            case 4 -> "Owned by the " + name + " leads. Request access in the #it-help channel.";
            default -> name + " (quarterly reviewed)";
        };
    }

    /** The local part of an email, e.g. {@code grace.hopper}; the caller makes it unique. */
    static String emailLocalPart(Random random) {
        return pick(FIRST_NAMES, random) + "." + pick(LAST_NAMES, random);
    }
}
