package io.switchboard.contracts;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue: every event type the suite may publish, named {@code <aggregate>.<snake_past_tense>}.
 * Every event a customer's timeline shows (seed 000) and the contact-history events (seed 001) are here; the seed
 * labels are explained in docs/ARCHITECTURE.md. Adding a type is one constant,
 * one record and one golden fixture ({@code fixtures/<type>.json}).
 */
public enum EventType {
    // conversation-service: conversations (seed 000: chatbot on/off, chat status, marked unread, scheduled message)
    CONVERSATION_CREATED("conversation.created", Aggregate.CONVERSATION, ConversationEvents.Created.class),
    CONVERSATION_MESSAGE_CREATED("conversation.message_created", Aggregate.CONVERSATION, ConversationEvents.MessageCreated.class),
    CONVERSATION_STATUS_CHANGED("conversation.status_changed", Aggregate.CONVERSATION, ConversationEvents.StatusChanged.class),
    CONVERSATION_MARKED_UNREAD("conversation.marked_unread", Aggregate.CONVERSATION, ConversationEvents.MarkedUnread.class),
    CONVERSATION_READ("conversation.read", Aggregate.CONVERSATION, ConversationEvents.Read.class),
    CONVERSATION_ASSIGNED("conversation.assigned", Aggregate.CONVERSATION, ConversationEvents.Assigned.class),
    CONVERSATION_UNASSIGNED("conversation.unassigned", Aggregate.CONVERSATION, ConversationEvents.Unassigned.class),
    CONVERSATION_CHATBOT_ACTIVATED("conversation.chatbot_activated", Aggregate.CONVERSATION, ConversationEvents.ChatbotToggled.class),
    CONVERSATION_CHATBOT_DEACTIVATED("conversation.chatbot_deactivated", Aggregate.CONVERSATION, ConversationEvents.ChatbotToggled.class),
    CONVERSATION_ACTIVITY_OPENED("conversation.activity_opened", Aggregate.CONVERSATION, ConversationEvents.ActivityOpened.class),
    CONVERSATION_ACTIVITY_COMPLETED("conversation.activity_completed", Aggregate.CONVERSATION, ConversationEvents.ActivityCompleted.class),
    CONVERSATION_SCHEDULED_MESSAGE_CREATED("conversation.scheduled_message_created", Aggregate.CONVERSATION, ConversationEvents.ScheduledMessageCreated.class),
    CONVERSATION_SCHEDULED_MESSAGE_SENT("conversation.scheduled_message_sent", Aggregate.CONVERSATION, ConversationEvents.ScheduledMessageSent.class),
    CONVERSATION_SCHEDULED_MESSAGE_CANCELLED("conversation.scheduled_message_cancelled", Aggregate.CONVERSATION, ConversationEvents.ScheduledMessageCancelled.class),

    // conversation-service: bot credentials
    BOT_CREATED("bot.created", Aggregate.BOT, BotEvents.Created.class),
    BOT_DELETED("bot.deleted", Aggregate.BOT, BotEvents.Deleted.class),

    // customer-service (seed 000: customer created/assigned/unassigned, added to list, deal, stage, sale;
    // seed 001: contact created, assignment added/changed/removed, deal links)
    CUSTOMER_CREATED("customer.created", Aggregate.CUSTOMER, CustomerEvents.Created.class),
    CUSTOMER_UPDATED("customer.updated", Aggregate.CUSTOMER, CustomerEvents.Updated.class),
    CUSTOMER_ASSIGNED("customer.assigned", Aggregate.CUSTOMER, CustomerEvents.Assigned.class),
    CUSTOMER_UNASSIGNED("customer.unassigned", Aggregate.CUSTOMER, CustomerEvents.Unassigned.class),
    CUSTOMER_RATING_CHANGED("customer.rating_changed", Aggregate.CUSTOMER, CustomerEvents.RatingChanged.class),
    CUSTOMER_STATUS_CHANGED("customer.status_changed", Aggregate.CUSTOMER, CustomerEvents.StatusChanged.class),
    CUSTOMER_STATUS_CHANGE_SCHEDULED("customer.status_change_scheduled", Aggregate.CUSTOMER, CustomerEvents.StatusChangeScheduled.class),
    CUSTOMER_STATUS_CHANGE_CANCELLED("customer.status_change_cancelled", Aggregate.CUSTOMER, CustomerEvents.StatusChangeCancelled.class),
    CUSTOMER_ADDED_TO_LIST("customer.added_to_list", Aggregate.CUSTOMER, CustomerEvents.ListMembershipChanged.class),
    CUSTOMER_REMOVED_FROM_LIST("customer.removed_from_list", Aggregate.CUSTOMER, CustomerEvents.ListMembershipChanged.class),
    CUSTOMER_DEAL_CREATED("customer.deal_created", Aggregate.CUSTOMER, CustomerEvents.DealCreated.class),
    CUSTOMER_DEAL_STAGE_CHANGED("customer.deal_stage_changed", Aggregate.CUSTOMER, CustomerEvents.DealStageChanged.class),
    CUSTOMER_SALE_CREATED("customer.sale_created", Aggregate.CUSTOMER, CustomerEvents.SaleCreated.class),
    CUSTOMER_RELATED_LINKED("customer.related_linked", Aggregate.CUSTOMER, CustomerEvents.RelationChanged.class),
    CUSTOMER_RELATED_UNLINKED("customer.related_unlinked", Aggregate.CUSTOMER, CustomerEvents.RelationChanged.class),

    // timeline-service (seed 000: note, order note; seed 001: comments, calls, e-mail campaigns)
    TIMELINE_NOTE_CREATED("timeline.note_created", Aggregate.TIMELINE, TimelineEvents.CommentCreated.class),
    TIMELINE_ORDER_NOTE_CREATED("timeline.order_note_created", Aggregate.TIMELINE, TimelineEvents.CommentCreated.class),
    TIMELINE_COMMENT_DELETED("timeline.comment_deleted", Aggregate.TIMELINE, TimelineEvents.CommentDeleted.class),
    TIMELINE_AGENT_MENTIONED("timeline.agent_mentioned", Aggregate.TIMELINE, TimelineEvents.AgentMentioned.class),
    TIMELINE_CALL_LOGGED("timeline.call_logged", Aggregate.TIMELINE, TimelineEvents.CallLogged.class),
    TIMELINE_EMAIL_CAMPAIGN_SENT("timeline.email_campaign_sent", Aggregate.TIMELINE, TimelineEvents.EmailCampaignSent.class),
    TIMELINE_ACTIVITY_LOGGED("timeline.activity_logged", Aggregate.TIMELINE, TimelineEvents.ActivityLogged.class),

    // notification-service
    AGENT_REGISTERED("agent.registered", Aggregate.AGENT, AgentEvents.Registered.class),
    AGENT_AVAILABILITY_CHANGED("agent.availability_changed", Aggregate.AGENT, AgentEvents.AvailabilityChanged.class),
    AGENT_COUNTERS_CHANGED("agent.counters_changed", Aggregate.AGENT_COUNTERS, AgentEvents.CountersChanged.class);

    /** An aggregate kind and the topic its events go to. */
    public enum Aggregate {
        CONVERSATION("conversation", Topics.CONVERSATION_EVENTS),
        BOT("bot", Topics.CONVERSATION_EVENTS),
        CUSTOMER("customer", Topics.CUSTOMER_EVENTS),
        TIMELINE("customer", Topics.TIMELINE_EVENTS),
        AGENT("agent", Topics.AGENT_EVENTS),
        AGENT_COUNTERS("agent", Topics.AGENT_COUNTERS);

        private final String aggregateType;
        private final String topic;

        Aggregate(String aggregateType, String topic) {
            this.aggregateType = aggregateType;
            this.topic = topic;
        }

        /** The outbox's {@code aggregatetype} column (what Debezium's EventRouter routes by). */
        public String aggregateType() {
            return aggregateType;
        }

        public String topic() {
            return topic;
        }
    }

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));

    private final String typeName;
    private final Aggregate aggregate;
    private final Class<? extends Record> dataClass;

    EventType(String typeName, Aggregate aggregate, Class<? extends Record> dataClass) {
        this.typeName = typeName;
        this.aggregate = aggregate;
        this.dataClass = dataClass;
    }

    /** The CloudEvents {@code type}, e.g. {@code conversation.message_created}. */
    public String typeName() {
        return typeName;
    }

    public Aggregate aggregate() {
        return aggregate;
    }

    public String topic() {
        return aggregate.topic();
    }

    public Class<? extends Record> dataClass() {
        return dataClass;
    }

    /** Path of the golden fixture on the classpath. */
    public String fixturePath() {
        return "fixtures/" + typeName + ".json";
    }

    /** Unknown names are empty, never an error: consumers ignore types they do not know. */
    public static Optional<EventType> fromTypeName(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }
}
