package io.switchboard.timeline.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.switchboard.timeline.repository.TimelineQueries.EntryRow;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Response bodies of the timeline (shape promised in docs/INTERFACES.md; fields may only be added). */
public final class TimelineDtos {

    public record ActorDto(String kind, String id) {
    }

    /** Present on a deleted comment: its text is gone, the fact that it was deleted stays. */
    public record DeletionDto(Instant at, ActorDto by) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntryDto(UUID id, String customerId, String type, UUID eventId, Instant occurredAt, long sequence,
            String source, ActorDto actor, String summary, @JsonRawValue String data, DeletionDto deleted) {

        static EntryDto of(EntryRow r) {
            return new EntryDto(r.id(), r.customerId(), r.type(), r.eventId(), r.occurredAt(), r.sequence(),
                    r.source(), r.actorKind() == null ? null : new ActorDto(r.actorKind(), r.actorId()), r.summary(),
                    r.data(), r.deletedAt() == null ? null
                            : new DeletionDto(r.deletedAt(), new ActorDto(r.deletedByKind(), r.deletedById())));
        }
    }

    public record TimelinePage(List<EntryDto> items, String nextCursor) {
    }

    private TimelineDtos() {
    }
}
