package io.switchboard.platform.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The JSON input policy on a plain mapper: what each rule refuses, and that well-typed input still reads. */
class JsonPolicyTest {

    record Body(String text, Integer count, int primitive, Boolean active, BigDecimal amount, Double ratio,
            OffsetDateTime at, Instant when, UUID id, List<String> tags, Map<String, String> attributes, Inner inner) {
    }

    record Inner(String name) {
    }

    /** Untyped values (read as Object): Jackson's untyped reader hands their strings to the policy's string reader. */
    record Loose(Map<String, Object> values) {
    }

    private final ObjectMapper mapper = JsonPolicy.apply(new ObjectMapper().registerModule(new JavaTimeModule()));

    private Body read(String json) throws Exception {
        return mapper.readValue(json, Body.class);
    }

    private MismatchedInputException refused(String json) {
        return assertThrows(MismatchedInputException.class, () -> read(json), json);
    }

    private static String path(MismatchedInputException e) {
        return String.join(".", e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]").toList());
    }

    @Test
    void wellTypedInputReads() throws Exception {
        Body b = read("""
                {"text":"tab\\tline\\nreturn\\r é ☎","count":3,"primitive":4,"active":true,"amount":12.50,"ratio":1,
                 "at":"2026-01-02T03:04:05Z","when":"2026-01-02T03:04:05Z","id":"00000000-0000-0000-0000-000000000001",
                 "tags":["a",""],"attributes":{"k":"v"},"inner":{"name":""}}""");
        assertEquals("tab\tline\nreturn\r é ☎", b.text());
        assertEquals(3, b.count());
        assertEquals(true, b.active());
        assertEquals(new BigDecimal("12.50"), b.amount());
        assertEquals(1.0, b.ratio(), "an integer is a valid floating-point number");
        assertEquals("", b.inner().name(), "an empty string is still a string");
    }

    @Test
    void untypedValuesKeepTheirJsonTypeAndTheControlCharacterRuleAtAnyDepth() throws Exception {
        Loose ok = mapper.readValue("{\"values\":{\"s\":\"x\",\"n\":42,\"d\":1.5,\"b\":true,\"z\":null}}", Loose.class);
        assertEquals("x", ok.values().get("s"));
        assertEquals(42, ok.values().get("n"));
        assertEquals(1.5, ok.values().get("d"));
        assertEquals(true, ok.values().get("b"));
        assertTrue(ok.values().containsKey("z"));
        for (String json : List.of("{\"values\":{\"s\":\"a\\u0000b\"}}", "{\"values\":{\"l\":[\"a\\u0007\"]}}",
                "{\"values\":{\"o\":{\"deep\":\"\\u0001\"}}}")) {
            assertThrows(MismatchedInputException.class, () -> mapper.readValue(json, Loose.class), json);
        }
    }

    @Test
    void controlCharactersAreRefusedInEveryStringNamingTheField() {
        assertTrue(JsonPolicy.hasControl("a\u0000b"));
        assertEquals("text", path(refused("{\"text\":\"a\\u0000b\"}")));
        assertEquals("text", path(refused("{\"text\":\"\\u0001\"}")));
        assertEquals("text", path(refused("{\"text\":\"\\u001f\"}")));
        assertEquals("tags.[1]", path(refused("{\"tags\":[\"ok\",\"\\u0000\"]}")));
        assertEquals("attributes.k", path(refused("{\"attributes\":{\"k\":\"\\u0000\"}}")));
        assertEquals("inner.name", path(refused("{\"inner\":{\"name\":\"x\\u0007\"}}")));
        assertTrue(path(refused("{\"attributes\":{\"\\u0000\":\"v\"}}")).startsWith("attributes"));
    }

    @Test
    void storedTextMayBeReadWithoutTheControlCheck() throws Exception {
        Inner i = mapper.readerFor(Inner.class).withAttribute(JsonPolicy.STORED_TEXT, Boolean.TRUE)
                .readValue("{\"name\":\"a\\u0001\"}");
        assertEquals("a\u0001", i.name());
    }

    @Test
    void noFloatIntoAnInteger() {
        assertEquals("count", path(refused("{\"count\":1.5}")));
        assertEquals("primitive", path(refused("{\"primitive\":1.5}")));
        refused("{\"count\":1.0}");
    }

    @Test
    void noScalarCoercion() {
        assertEquals("active", path(refused("{\"active\":2}")));
        assertEquals("active", path(refused("{\"active\":1}")));
        assertEquals("active", path(refused("{\"active\":\"true\"}")));
        assertEquals("count", path(refused("{\"count\":\"5\"}")));
        assertEquals("primitive", path(refused("{\"primitive\":\"5\"}")));
        assertEquals("amount", path(refused("{\"amount\":\"12.5\"}")));
        assertEquals("text", path(refused("{\"text\":5}")));
        assertEquals("text", path(refused("{\"text\":true}")));
        assertEquals("text", path(refused("{\"text\":{\"a\":1}}")));
    }

    @Test
    void anEmptyStringIsNoTypedValue() {
        assertEquals("at", path(refused("{\"at\":\"\"}")));
        assertEquals("when", path(refused("{\"when\":\"\"}")));
        assertEquals("id", path(refused("{\"id\":\"\"}")));
        assertEquals("count", path(refused("{\"count\":\"\"}")));
        assertEquals("active", path(refused("{\"active\":\"\"}")));
        assertEquals("amount", path(refused("{\"amount\":\"\"}")));
        assertEquals("inner", path(refused("{\"inner\":\"\"}")));
        assertEquals("tags", path(refused("{\"tags\":\"\"}")));
    }
}
