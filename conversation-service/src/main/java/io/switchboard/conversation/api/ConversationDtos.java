package io.switchboard.conversation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.switchboard.contracts.Actor;
import io.switchboard.conversation.domain.Conversation;
import io.switchboard.conversation.domain.Message;
import io.switchboard.conversation.domain.ScheduledMessage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of /api/v1/conversations; entities are mapped here, never serialised. */
public final class ConversationDtos {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConversationView(UUID id, UUID customerId, String channel, String status, Instant snoozedUntil,
            String assigneeId, boolean unread, boolean activityOpen, Instant activityOpenedAt, boolean chatbotActive,
            long lastMessageSequence, Instant lastMessageAt, Instant createdAt, Instant updatedAt) {

        public static ConversationView of(Conversation c) {
            return new ConversationView(c.id, c.customerId, c.channel.wireName(), c.status.name(), c.snoozedUntil,
                    c.assigneeId, c.unread, c.activityOpen, c.activityOpenedAt, c.chatbotActive, c.messageSequence,
                    c.lastMessageAt, c.createdAt, c.updatedAt);
        }
    }

    public record Counts(long mine, long unassigned, long all) {
    }

    public record ConversationPage(List<ConversationView> items, String nextCursor, Counts counts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageView(UUID id, UUID conversationId, long sequence, String direction, Actor author, String text,
            String clientMessageId, Instant createdAt) {

        public static MessageView of(Message m) {
            return new MessageView(m.id, m.conversationId, m.sequence, m.direction.name(), m.author(), m.text,
                    m.clientMessageId, m.createdAt);
        }
    }

    /** nextAfter: pass as {@code after} for the next page; null on the last page. */
    public record MessagePage(List<MessageView> items, Long nextAfter) {
    }

    /** text: 1 to 4,096 characters, not only blanks. */
    public record NewMessage(@NotBlank @Size(max = 4096) String text, @Size(max = 128) String clientMessageId) {
    }

    /** until: required for SNOOZED (in the future), refused for the others. */
    public record StatusChange(
            @NotNull @Pattern(regexp = "OPEN|PENDING|SNOOZED|RESOLVED", message = "must be OPEN, PENDING, SNOOZED or RESOLVED") String status,
            OffsetDateTime until) {
    }

    /** agentId: omitted by an agent taking the chat for themselves. */
    public record AssigneeChange(@Size(min = 1, max = 64) String agentId) {
    }

    public record ChatbotChange(@NotNull Boolean active) {
    }

    public record NewScheduledMessage(@NotBlank @Size(max = 4096) String text, @NotNull OffsetDateTime sendAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduledMessageView(UUID id, UUID conversationId, String text, Instant sendAt, String status,
            Actor author, UUID messageId, Instant createdAt, Instant sentAt) {

        public static ScheduledMessageView of(ScheduledMessage s) {
            return new ScheduledMessageView(s.id, s.conversationId, s.text, s.sendAt, s.status.name(), s.author(),
                    s.messageId, s.createdAt, s.sentAt);
        }
    }

    public record AutoAssignmentSettings(
            @NotNull @Pattern(regexp = "OFF|ROUND_ROBIN|FEWEST_OPEN_ACTIVITIES", message = "must be OFF, ROUND_ROBIN or FEWEST_OPEN_ACTIVITIES") String mode,
            @NotNull @Min(1) @Max(1000) Integer cap) {
    }

    private ConversationDtos() {
    }
}
