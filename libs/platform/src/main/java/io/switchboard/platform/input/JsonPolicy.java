package io.switchboard.platform.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The one JSON input policy of every service. What a body says is taken as it is typed:
 * <ul>
 *   <li>no coercion between scalars: 1.5 is not an integer, 2 or "true" is not a boolean, "5" is not a number,
 *       and a number or boolean is not a string;</li>
 *   <li>an empty string is no typed value (a date, a number, a UUID, an enum, an object): it is refused, never
 *       read as "absent";</li>
 *   <li>no string (value or key) may hold a C0 control character other than tab, line feed and carriage return
 *       (PostgreSQL cannot store NUL at all; the others have no business in text a person reads).</li>
 * </ul>
 * A refusal is a {@link MismatchedInputException} carrying the field's path, answered 400 problem+json by
 * {@code ProblemMappers}. Reading what the services wrote themselves (events, stored JSON) may opt out of the
 * control-character check with the reader attribute {@link #STORED_TEXT}: that text passed this policy on its
 * way in, or predates it, and must not stop a consumer.
 */
@Singleton
public class JsonPolicy implements ObjectMapperCustomizer {

    /** Reader attribute: strings are read as stored, without the control-character check. */
    public static final String STORED_TEXT = "switchboard.stored-text";

    static final String CONTROL_MESSAGE = "must not contain control characters";

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Applies the policy to any mapper (the CDI one through {@link #customize}; tests to their own). */
    @SuppressWarnings("deprecation") // MapperFeature.ALLOW_COERCION_OF_SCALARS is still how 2.x switches it off
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        // Integers into floating point stay allowed (1 is a valid 1.0); everything else into a number does not.
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        SimpleModule module = new SimpleModule("switchboard-input");
        module.addDeserializer(String.class, new StrictString());
        module.addKeyDeserializer(String.class, new StrictKey());
        mapper.registerModule(module);
        return mapper;
    }

    /** True when {@code s} holds a C0 control character other than tab, line feed and carriage return. */
    public static boolean hasControl(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    /** Thrown for a string with a control character; the path names the field. */
    public static final class ControlCharacterException extends MismatchedInputException {

        ControlCharacterException(JsonParser p) {
            super(p, CONTROL_MESSAGE);
        }
    }

    static final class StrictString extends StdScalarDeserializer<String> {

        StrictString() {
            super(String.class);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public boolean isCachable() {
            return true;
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String s = p.getText();
                if (ctxt.getAttribute(STORED_TEXT) == null && hasControl(s)) {
                    throw new ControlCharacterException(p);
                }
                return s;
            }
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }

    static final class StrictKey extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (ctxt.getAttribute(STORED_TEXT) == null && hasControl(key)) {
                throw new ControlCharacterException(ctxt.getParser());
            }
            return key;
        }
    }
}
