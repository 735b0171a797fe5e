package io.switchboard.conversation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Bodies of POST /api/v1/channels/{channel}/inbound (docs/INTERFACES.md: keep the field names). */
public final class InboundDtos {

    public record Contact(
            @NotBlank @Size(max = 128) String externalId,
            @Size(max = 200) String name,
            @Size(max = 40) String phone,
            @Size(max = 254) String email,
            @Size(max = 40) String whatsapp) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Origin(
            @Size(max = 200) String location,
            OffsetDateTime firstContactAt,
            @Size(max = 255) String site,
            @Size(max = 2048) String pageUrl,
            @Size(max = 2048) String referrer,
            @Size(max = 64) String ip,
            @Size(max = 100) String medium,
            @Size(max = 200) String campaign,
            @Size(max = 40) String entryMethod) {
    }

    /** text: 1 to 4,096 characters, not only blanks. clientMessageId: ≤ 128, unique per conversation. */
    public record InboundMessage(
            @NotNull @Valid Contact contact,
            @Valid Origin origin,
            @NotBlank @Size(max = 4096) String text,
            @Size(max = 128) String clientMessageId) {
    }

    public record InboundAccepted(UUID conversationId, UUID customerId, UUID messageId, long sequence,
            boolean conversationCreated) {
    }

    private InboundDtos() {
    }
}
