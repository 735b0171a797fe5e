package io.switchboard.conversation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.switchboard.contracts.ConversationEvents;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An open-channel chat: one per tenant, customer and channel. Changed only through {@link ConversationRules}. */
@Entity
@Table(name = "conversations")
public class Conversation extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "customer_id")
    public UUID customerId;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    @Enumerated(EnumType.STRING)
    public ConversationStatus status;
    @Column(name = "snoozed_until")
    public Instant snoozedUntil;
    @Column(name = "assignee_id")
    public String assigneeId;
    public boolean unread;
    @Column(name = "activity_id")
    public UUID activityId;
    @Column(name = "activity_open")
    public boolean activityOpen;
    @Column(name = "activity_opened_at")
    public Instant activityOpenedAt;
    @Column(name = "chatbot_active")
    public boolean chatbotActive;
    @Column(name = "message_sequence")
    public long messageSequence;
    @Column(name = "last_message_at")
    public Instant lastMessageAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "event_sequence")
    public long eventSequence;

    /** What every conversation.* event carries: the counters downstream are computed from this alone. */
    public ConversationEvents.State state() {
        return new ConversationEvents.State(status.name(), assigneeId, unread, activityOpen, chatbotActive);
    }

    public String idString() {
        return id.toString();
    }

    public String customerIdString() {
        return customerId.toString();
    }
}
