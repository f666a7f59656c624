package io.complianceconnect.groups.verify;

import java.util.function.Function;

/** Turns a record value's bytes into its fields by name, as the topic's converter wrote them. */
interface ValueDecoder {

    /**
     * @return the value's fields by name (a field the value lacks is null)
     * @throws IllegalArgumentException if the bytes are not a value of this format
     */
    Function<String, Object> decode(String topic, byte[] value);
}
