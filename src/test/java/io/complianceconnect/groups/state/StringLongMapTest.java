package io.complianceconnect.groups.state;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class StringLongMapTest {

    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        Random random = new Random(42);
        StringLongMap map = new StringLongMap();
        Map<String, Long> reference = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            String key = "user_" + random.nextInt(5_000);
            if (random.nextInt(3) == 0) {
                assertThat(map.remove(key)).isEqualTo(reference.remove(key) != null);
            } else {
                long value = random.nextLong();
                map.put(key, value);
                reference.put(key, value);
            }
        }
        assertThat(map.size()).isEqualTo(reference.size());
        reference.forEach((k, v) -> assertThat(map.get(k, 0)).isEqualTo(v));
        Map<String, Long> iterated = new HashMap<>();
        map.forEach(iterated::put);
        assertThat(iterated).isEqualTo(reference);
        assertThat(map.sortedKeys()).isSorted().hasSize(reference.size());
    }

    @Test
    void absentKeysAnswerTheGivenDefault() {
        StringLongMap map = new StringLongMap();
        map.put("a", 7);
        assertThat(map.get("b", -1)).isEqualTo(-1);
        assertThat(map.containsKey("a")).isTrue();
        assertThat(map.remove("b")).isFalse();
    }
}
