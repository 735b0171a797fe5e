package io.switchboard.notification.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code eventTypes}: catalogue names (e.g. conversation.message_created) or "*" for every type. */
public record WebhookRequest(
        @NotBlank @Size(max = 2000) String url, // its scheme and address: WebhookAddressRule
        @NotEmpty @Size(max = 50) List<@NotBlank String> eventTypes) {
}
