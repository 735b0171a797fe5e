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
@Table(name = "messages")
public class Message extends PanacheEntityBase {

    public enum Direction { INCOMING, OUTGOING, SYSTEM }

    /** Text length limits (characters) for every message, incoming or outgoing. */
    public static final int MAX_TEXT = 4096;
    public static final int MAX_CLIENT_ID = 128;

    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "conversation_id")
    public UUID conversationId;
    public long sequence;
    @Enumerated(EnumType.STRING)
    public Direction direction;
    @Enumerated(EnumType.STRING)
    @Column(name = "author_kind")
    public Actor.Kind authorKind;
    @Column(name = "author_id")
    public String authorId;
    public String text;
    @Column(name = "client_message_id")
    public String clientMessageId;
    @Column(name = "created_at")
    public Instant createdAt;

    /** A new message with its own id; {@link ConversationRules} gives it its place in the conversation. */
    public static Message create(Direction direction, Actor author, String text, String clientMessageId) {
        Message m = new Message();
        m.id = UUID.randomUUID();
        m.direction = direction;
        m.authorKind = author.kind();
        m.authorId = author.id();
        m.text = text;
        m.clientMessageId = clientMessageId;
        return m;
    }

    public Actor author() {
        return Actor.of(authorKind, authorId);
    }
}
