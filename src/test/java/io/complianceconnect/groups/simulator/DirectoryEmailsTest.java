package io.complianceconnect.groups.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The emails {@link Directory#populate} gives its users: a pool larger than the ~1,300 name
 * combinations repeats names, and repeats are numbered from 2 without gaps, skipping numbers that
 * users created before already have.
 */
class DirectoryEmailsTest {

    private static final Pattern EMAIL = Pattern.compile("([a-z-]+\\.[a-z-]+)([0-9]*)@example\\.com");

    @Test
    void repeatedNamesAreNumberedFromTwoWithoutGapsAroundEmailsTakenBefore() {
        Directory directory = new Directory(Clock.systemUTC(), 5);
        String existing = directory.createGroup("Existing");
        directory.addMember(existing, "ada.lovelace2@example.com");
        directory.addMember(existing, "alan.turing@example.com");

        directory.populate(1, 6_000); // 6,000 distinct users in one group: each name about 4-5 times

        List<String> emails = new ArrayList<>();
        directory.groups().forEach(g -> directory.members(g.id()).forEach(m -> emails.add(m.email())));
        assertThat(emails).hasSize(6_002);
        assertThat(new HashSet<>(emails)).hasSize(6_002);

        Map<String, List<Integer>> numbersByName = new TreeMap<>();
        for (String email : emails) {
            Matcher m = EMAIL.matcher(email);
            assertThat(m.matches()).as("email shape").isTrue();
            int number = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
            numbersByName.computeIfAbsent(m.group(1), name -> new ArrayList<>()).add(number);
        }
        assertThat(numbersByName.values().stream().mapToInt(List::size).max().orElse(0)).isGreaterThan(2);
        numbersByName.forEach((name, numbers) -> {
            numbers.sort(Integer::compare);
            List<Integer> expected = new ArrayList<>();
            for (int n = 1; n <= numbers.size(); n++) {
                expected.add(n);
            }
            assertThat(numbers).as("numbers of %s", name).isEqualTo(expected);
        });
    }
}
