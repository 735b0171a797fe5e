package io.switchboard.conversation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.switchboard.contracts.Actor;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "scheduled_messages")
public class ScheduledMessage extends PanacheEntityBase {

    public enum Status { PENDING, SENT, CANCELLED }

    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "conversation_id")
    public UUID conversationId;
    public String text;
    @Column(name = "send_at")
    public Instant sendAt;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Enumerated(EnumType.STRING)
    @Column(name = "author_kind")
    public Actor.Kind authorKind;
    @Column(name = "author_id")
    public String authorId;
    @Column(name = "message_id")
    public UUID messageId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "sent_at")
    public Instant sentAt;
    /** The Idempotency-Key it was scheduled with, if any: unique per conversation. */
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    public Actor author() {
        return Actor.of(authorKind, authorId);
    }
}
