package io.qmkdc.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.qmkdc.kme.Etsi014;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * JSON of the 014 endpoint: strict (unknown fields, strings for numbers, fractions for integers are refused), at
 * most 8 levels deep and 1,000-character strings, so a hostile body costs little before it is refused.
 */
final class KeyDeliveryJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(8).maxStringLength(1000).maxNumberLength(12).build());
    }

    private KeyDeliveryJson() {
    }

    /** The parsed body, or an {@link Etsi014.Error} naming what is wrong. */
    static Object parse(String text, Class<?> type) {
        try {
            Object v = JSON.readValue(text, type);
            return v == null ? Etsi014.Error.of("body: a JSON object is required") : v;
        } catch (UnrecognizedPropertyException e) {
            return Etsi014.Error.of("body: unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return Etsi014.Error.of((field.isEmpty() ? "body" : field) + ": wrong type");
        } catch (JsonProcessingException e) {
            return Etsi014.Error.of("body: not valid JSON for this request",
                    e.getOriginalMessage().length() > 200 ? e.getOriginalMessage().substring(0, 200) : e.getOriginalMessage());
        }
    }

    /** An optional integer query parameter: empty inner when absent, empty outer when not an integer. */
    static Optional<Optional<Integer>> intParam(String name, Optional<String> value) {
        if (value.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        String v = value.get();
        if (!v.matches("-?[0-9]{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(Integer.parseInt(v)));
    }

    static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }
}
