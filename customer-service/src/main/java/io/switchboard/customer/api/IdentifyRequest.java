package io.switchboard.customer.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of POST /internal/v1/customers/identify (INTERFACES.md). Sizes match conversation-service's inbound body.
 * Only channel and externalId can make it a 400: the contact's phone, e-mail and origin are what a channel captured,
 * so unusable values are left out (see IdentifyService), never a reason to lose the customer's message.
 */
public record IdentifyRequest(
        @NotBlank String channel,
        @NotBlank @Size(max = 128) String externalId,
        @Size(max = 200) String name,
        @Size(max = 40) String phone,
        @Size(max = 254) String email,
        @Size(max = 40) String whatsapp,
        OriginBody origin) {
}
