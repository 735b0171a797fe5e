package io.switchboard.timeline.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Actor;
import io.switchboard.contracts.EventType;
import io.switchboard.contracts.TimelineEvents;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.outbox.Outbox;
import io.switchboard.platform.security.Caller;
import io.switchboard.timeline.domain.Comment;
import io.switchboard.timeline.domain.Mentions;
import io.switchboard.timeline.repository.CommentRepository;
import io.switchboard.timeline.repository.TimelineAggregates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Comments: the row and its events in one transaction, under the customer's timeline lock. The timeline entry
 * is not written here; it comes back through our own consumer of timeline.events, like every other entry.
 */
@ApplicationScoped
public class CommentService {

    public record NewComment(String text, UUID dealId, List<String> mentions, List<UUID> attachmentIds) {
    }

    /** The comment and whether this call created it (false: a repeat of the same Idempotency-Key). */
    public record Created(Comment comment, boolean created) {
    }

    private static final int EXCERPT = 140;

    private final TimelineAggregates aggregates;
    private final CommentRepository comments;
    private final Outbox outbox;

    public CommentService(TimelineAggregates aggregates, CommentRepository comments, Outbox outbox) {
        this.aggregates = aggregates;
        this.comments = comments;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Created> create(Caller caller, String customer, NewComment body, String idempotencyKey) {
        Actor author = caller.actor();
        Set<String> mentioned = Mentions.of(body.text(), body.mentions(), author.id());
        if (mentioned.size() > Mentions.MAX) {
            throw ProblemException.invalid("mentions", "at most " + Mentions.MAX + " agents");
        }
        Set<UUID> attachments = new LinkedHashSet<>(body.attachmentIds() == null ? List.of() : body.attachmentIds());
        String tenant = caller.tenantId();
        return aggregates.customerKnown(tenant, customer).chain(known -> {
            if (!known) {
                throw ProblemException.notFound("customer " + customer);
            }
            return aggregates.lock(tenant, customer);
        }).chain(last -> (idempotencyKey == null ? Uni.createFrom().<Comment>nullItem()
                : comments.findByIdempotencyKey(tenant, author.id(), idempotencyKey)).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(new Created(existing, false));
            }
            return references(tenant, customer, body.dealId(), mentioned, attachments).chain(() -> {
                // Microseconds: what PostgreSQL keeps, so the answer equals what a later read returns.
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                Comment c = new Comment(UUID.randomUUID(), tenant, customer, body.dealId(), body.text(),
                        List.copyOf(mentioned), List.copyOf(attachments), author.kind().name(), author.id(), now,
                        null, null, null);
                return comments.insert(c, idempotencyKey)
                        .chain(() -> publishCreated(c, author, last))
                        .replaceWith(new Created(c, true));
            });
        })).onFailure(f -> IdempotencyClash.is(f, "comments_idempotency")).transform(f -> IdempotencyClash.conflict());
    }

    /**
     * What the comment points at must exist in the tenant: its attachments (uploaded first), the agents it mentions
     * (the directory, as registered in notification-service) and its deal (this customer's, once its
     * deal_created is on the timeline). 422 names what is missing; nothing is written.
     */
    private Uni<Void> references(String tenant, String customer, UUID dealId, Set<String> mentioned, Set<UUID> attachments) {
        return comments.countAttachments(tenant, attachments).chain(found -> {
            if (found != attachments.size()) {
                throw unprocessable("attachmentIds: every attachment must be uploaded to this tenant first");
            }
            return comments.unknownAgents(tenant, mentioned);
        }).chain(unknown -> {
            if (!unknown.isEmpty()) {
                throw unprocessable("mentions: not agents of this tenant: " + String.join(", ", unknown));
            }
            return dealId == null ? Uni.createFrom().item(true) : comments.dealKnown(tenant, customer, dealId);
        }).invoke(dealKnown -> {
            if (!dealKnown) {
                throw unprocessable("dealId: the customer has no deal " + dealId);
            }
        }).replaceWithVoid();
    }

    private static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Unprocessable Content", detail, null, null);
    }

    private Uni<Void> publishCreated(Comment c, Actor author, long last) {
        EventType type = c.dealId() == null ? EventType.TIMELINE_NOTE_CREATED : EventType.TIMELINE_ORDER_NOTE_CREATED;
        String commentId = c.id().toString();
        List<String> attachmentIds = c.attachmentIds().stream().map(UUID::toString).toList();
        long seq = last + 1;
        Uni<?> chain = outbox.append(type, c.tenantId(), c.customerId(), c.customerId(), seq,
                new TimelineEvents.CommentCreated(c.customerId(), commentId,
                        c.dealId() == null ? null : c.dealId().toString(), c.text(), c.mentions(), attachmentIds, author));
        List<String> mentions = new ArrayList<>(c.mentions());
        String excerpt = c.text().length() <= EXCERPT ? c.text() : c.text().substring(0, EXCERPT - 1) + "…";
        for (String agent : mentions) {
            long s = ++seq;
            chain = chain.chain(() -> outbox.append(EventType.TIMELINE_AGENT_MENTIONED, c.tenantId(), c.customerId(),
                    c.customerId(), s, new TimelineEvents.AgentMentioned(c.customerId(), commentId, agent, excerpt, author)));
        }
        long finalSeq = seq;
        return chain.chain(() -> aggregates.advance(c.tenantId(), c.customerId(), finalSeq));
    }

    /** Author or ADMIN. Deleting twice is harmless: the second call publishes nothing. */
    @WithTransaction
    public Uni<Void> delete(Caller caller, String customer, UUID commentId) {
        String tenant = caller.tenantId();
        Actor actor = caller.actor();
        return comments.find(tenant, customer, commentId).chain(c -> {
            if (c == null) {
                throw ProblemException.notFound("comment " + commentId);
            }
            if (!caller.isAdmin() && !c.authorId().equals(caller.id())) {
                throw ProblemException.forbidden("only the author or an ADMIN may delete a comment");
            }
            // Read again under the lock: a concurrent delete may have won.
            return aggregates.lock(tenant, customer).chain(last -> comments.find(tenant, customer, commentId)
                    .chain(locked -> locked.deletedAt() != null ? Uni.createFrom().voidItem()
                            : markDeleted(tenant, customer, commentId, actor, last)));
        });
    }

    private Uni<Void> markDeleted(String tenant, String customer, UUID commentId, Actor actor, long last) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return comments.markDeleted(commentId, now, actor.kind().name(), actor.id())
                .chain(() -> outbox.append(EventType.TIMELINE_COMMENT_DELETED, tenant, customer, customer, last + 1,
                        new TimelineEvents.CommentDeleted(customer, commentId.toString(), actor)))
                .chain(() -> aggregates.advance(tenant, customer, last + 1));
    }
}
