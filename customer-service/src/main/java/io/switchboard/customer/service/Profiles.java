package io.switchboard.customer.service;

import io.switchboard.contracts.CustomerEvents;
import io.switchboard.customer.api.OriginBody;
import io.switchboard.customer.domain.Customer;

/** Profile rules shared by identify and the REST profile. */
final class Profiles {

    /** A customer always has something to show: the name, else a phone, else an e-mail, else the channel id. */
    static String displayName(String name, Customer c) {
        String shown;
        if (name != null && !name.isBlank()) {
            shown = name.trim();
        } else if (!c.phones.isEmpty()) {
            shown = c.phones.get(0);
        } else if (c.whatsapp != null) {
            shown = c.whatsapp;
        } else if (!c.emails.isEmpty()) {
            shown = c.emails.get(0);
        } else if (c.externalId != null) {
            shown = c.channel + " " + c.externalId;
        } else {
            shown = "Customer";
        }
        return shown.length() > 200 ? shown.substring(0, 200) : shown;
    }

    static void applyOrigin(Customer c, OriginBody o) {
        if (o == null) {
            return;
        }
        c.originLocation = o.location();
        c.originFirstContactAt = o.firstContactAt();
        c.originSite = o.site();
        c.originPageUrl = o.pageUrl();
        c.originReferrer = o.referrer();
        c.originIp = o.ip();
        c.originMedium = o.medium();
        c.originCampaign = o.campaign();
        c.originEntryMethod = o.entryMethod();
    }

    static CustomerEvents.Origin origin(Customer c) {
        return new CustomerEvents.Origin(c.originLocation, c.originFirstContactAt, c.originSite, c.originPageUrl,
                c.originReferrer, c.originIp, c.originMedium, c.originCampaign, c.originEntryMethod);
    }

    private Profiles() {
    }
}
