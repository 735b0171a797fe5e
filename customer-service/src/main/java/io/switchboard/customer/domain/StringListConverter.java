package io.switchboard.customer.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of strings as a JSON array in a TEXT column. Hibernate Reactive maps JSON columns to Vert.x JsonObject,
 * which cannot hold a top-level array, so the lists are text the application encodes.
 */
@Converter
public class StringListConverter implements AttributeConverter<List<String>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<String> list) {
        try {
            return JSON.writeValueAsString(list == null ? List.of() : list);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public List<String> convertToEntityAttribute(String text) {
        try {
            return text == null ? new ArrayList<>() : new ArrayList<>(JSON.readValue(text, TYPE));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
