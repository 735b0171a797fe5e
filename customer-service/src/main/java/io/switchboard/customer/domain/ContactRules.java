package io.switchboard.customer.domain;

import io.switchboard.platform.error.ProblemException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Formats and limits of contact data, in one place for the REST profile and the internal identify call.
 * Values are normalised before they are stored, so identity matching and search see one spelling.
 */
public final class ContactRules {

    public static final int MAX_EMAILS = 10;
    public static final int MAX_PHONES = 10;
    public static final int MAX_ADDRESSES = 5;
    public static final int MAX_ADDRESS_LENGTH = 300;
    public static final int MAX_ATTRIBUTES = 50;
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1000;

    /** Channels conversation-service accepts (INTERFACES.md); an identity's channel must be one of them. */
    public static final Set<String> CHANNELS = Set.of("webchat", "whatsapp", "telegram", "facebook", "instagram",
            "email", "sms", "api");

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().\\-/]");
    // E.164 allows 15 digits; 6 keeps short internal extensions out while accepting small countries' numbers.
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9]{6,15}$");
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("^[A-Za-z][A-Za-z0-9_.\\-]{0,63}$");

    /** "+54 9 11 5555-5555" → "+5491155555555"; the leading + is kept when given. */
    public static String phone(String field, String raw) {
        if (raw == null) {
            return null;
        }
        String compact = PHONE_SEPARATORS.matcher(raw.trim()).replaceAll("");
        if (!PHONE.matcher(compact).matches()) {
            throw ProblemException.invalid(field, "not a phone number (6 to 15 digits, optional leading +)");
        }
        return compact;
    }

    /** The identity key of a phone: digits only, so "+549…" and "549…" are one contact. */
    public static String phoneKey(String normalisedPhone) {
        return normalisedPhone.startsWith("+") ? normalisedPhone.substring(1) : normalisedPhone;
    }

    public static String email(String field, String raw) {
        if (raw == null) {
            return null;
        }
        String e = raw.trim().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw ProblemException.invalid(field, "not an e-mail address");
        }
        return e;
    }

    public static List<String> emails(String field, List<String> raw) {
        return distinct(field, raw, MAX_EMAILS, (f, v) -> email(f, v));
    }

    public static List<String> phones(String field, List<String> raw) {
        return distinct(field, raw, MAX_PHONES, (f, v) -> phone(f, v));
    }

    public static List<String> addresses(String field, List<String> raw) {
        return distinct(field, raw, MAX_ADDRESSES, (f, v) -> {
            String a = v.trim();
            if (a.isEmpty() || a.length() > MAX_ADDRESS_LENGTH) {
                throw ProblemException.invalid(f, "must be 1 to " + MAX_ADDRESS_LENGTH + " characters");
            }
            return a;
        });
    }

    public static String channel(String raw) {
        String c = raw == null ? null : raw.trim().toLowerCase(Locale.ROOT);
        if (c == null || !CHANNELS.contains(c)) {
            throw ProblemException.invalid("channel", "must be one of " + String.join(", ", CHANNELS.stream().sorted().toList()));
        }
        return c;
    }

    /**
     * Extra attributes captured by bots: at most 50, keys like identifiers, values JSON scalars (a string of at most
     * 1000 characters, a finite number, a boolean); null only in a patch, where it removes the key.
     */
    public static void attributes(String field, Map<String, Object> attributes) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw ProblemException.invalid(field, "at most " + MAX_ATTRIBUTES + " attributes");
        }
        attributes.forEach((k, v) -> {
            if (k == null || !ATTRIBUTE_KEY.matcher(k).matches()) {
                throw ProblemException.invalid(field, "key '" + k + "' must start with a letter and use at most 64 of A-Z a-z 0-9 _ . -");
            }
            if (v instanceof String s && s.length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
                throw ProblemException.invalid(field + "." + k, "at most " + MAX_ATTRIBUTE_VALUE_LENGTH + " characters");
            }
            if (v != null && !(v instanceof String || v instanceof Boolean || finite(v))) {
                throw ProblemException.invalid(field + "." + k, "must be a string, a number or a boolean");
            }
        });
    }

    private static boolean finite(Object v) {
        return v instanceof Number n && !(v instanceof Double d && (d.isNaN() || d.isInfinite()))
                && !(v instanceof Float f && (f.isNaN() || f.isInfinite()));
    }

    private interface Normaliser {
        String apply(String field, String value);
    }

    private static List<String> distinct(String field, List<String> raw, int max, Normaliser normaliser) {
        if (raw == null) {
            return null;
        }
        if (raw.size() > max) {
            throw ProblemException.invalid(field, "at most " + max + " entries");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String v = raw.get(i);
            if (v == null) {
                throw ProblemException.invalid(field + "[" + i + "]", "must not be null");
            }
            out.add(normaliser.apply(field + "[" + i + "]", v));
        }
        return List.copyOf(out);
    }

    private ContactRules() {
    }
}
