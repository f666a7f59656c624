package io.complianceconnect.groups.state;

import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatePartitionsTest {

    /**
     * Connect looks offsets up by the bytes of the serialised partition, and serialises partitions it
     * read back (resets, REST) from HashMaps; ours must give the same bytes, in every JVM.
     */
    @Test
    void partitionsSerialiseExactlyAsConnectReSerialisesThem() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), true);
        for (Map<String, Object> partition : List.of(StatePartitions.cursor(), StatePartitions.feed(),
                StatePartitions.groupIndex(17), StatePartitions.members("rbac_group_x", 3))) {
            Map<String, Object> asConnectReadsIt = new HashMap<>();
            partition.forEach((k, v) -> asConnectReadsIt.put(k, v instanceof Integer i ? Long.valueOf(i) : v));
            assertThat(new String(converter.fromConnectData("t", null, List.of("conn", partition))))
                    .isEqualTo(new String(converter.fromConnectData("t", null, List.of("conn", asConnectReadsIt))));
        }
    }
}
