package io.switchboard.customer.domain;

import java.util.LinkedHashSet;
import java.util.Set;

/** One way to recognise a contact: CHANNEL "whatsapp:5491155555555", PHONE digits, EMAIL lower-cased. */
public record IdentityKey(Kind kind, String value) {

    /** Declaration order is match priority: the channel identity is the strongest evidence. */
    public enum Kind { CHANNEL, PHONE, EMAIL }

    public static IdentityKey channel(String channel, String externalId) {
        return new IdentityKey(Kind.CHANNEL, channel + ":" + externalId);
    }

    /** The phone and e-mail identities a customer's profile claims (phones, WhatsApp, e-mails). */
    public static Set<IdentityKey> contactKeys(Customer c) {
        Set<IdentityKey> keys = new LinkedHashSet<>();
        c.phones.forEach(p -> keys.add(new IdentityKey(Kind.PHONE, ContactRules.phoneKey(p))));
        if (c.whatsapp != null) {
            keys.add(new IdentityKey(Kind.PHONE, ContactRules.phoneKey(c.whatsapp)));
        }
        c.emails.forEach(e -> keys.add(new IdentityKey(Kind.EMAIL, e)));
        return keys;
    }
}
