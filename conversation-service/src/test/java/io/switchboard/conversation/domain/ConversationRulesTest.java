package io.switchboard.conversation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.contracts.Actor;
import io.switchboard.contracts.ConversationEvents;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.outbox.Outbox;
import io.switchboard.platform.security.Caller;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The attention rules of an open-channel chat (docs/ARCHITECTURE.md), as a plain unit test of {@link ConversationRules}:
 * no Quarkus, no database. Each row of the table is a conversation's state before, one action, the state after and
 * the events that action records, in order.
 */
class ConversationRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final Actor CUSTOMER = Actor.of(Actor.Kind.CUSTOMER, "cust-1");
    private static final Actor AGENT = Actor.of(Actor.Kind.AGENT, "ana");
    private static final Actor BOT = Actor.of(Actor.Kind.BOT, "bot-1");

    enum Action {
        CUSTOMER_WRITES, AGENT_REPLIES, BOT_REPLIES, READ, MARK_UNREAD, COMPLETE_ACTIVITY, RESOLVE, CHATBOT_ON,
        CHATBOT_OFF, WAKE
    }

    @ParameterizedTest(name = "{4} on {0} bot={1} unread={2} activity={3} -> {5} bot={6} unread={7} activity={8}: {9}")
    @CsvSource(delimiter = '|', textBlock = """
            # status | bot   | unread | activity | action            | status   | bot   | unread | activity | events
            # Unread: set by every customer message, cleared by an agent's reply or "read", set by hand.
              OPEN     | false | false  | false    | CUSTOMER_WRITES   | OPEN     | false | true   | true     | message_created activity_opened
              OPEN     | false | true   | true     | CUSTOMER_WRITES   | OPEN     | false | true   | true     | message_created
              OPEN     | false | true   | true     | AGENT_REPLIES     | OPEN     | false | false  | true     | message_created
              OPEN     | false | true   | true     | BOT_REPLIES       | OPEN     | false | true   | true     | message_created
              OPEN     | false | true   | true     | READ              | OPEN     | false | false  | true     | read
              OPEN     | false | false  | true     | READ              | OPEN     | false | false  | true     |
              OPEN     | false | false  | true     | MARK_UNREAD       | OPEN     | false | true   | true     | marked_unread
              OPEN     | false | true   | true     | MARK_UNREAD       | OPEN     | false | true   | true     |
            # Activity (green): stays open after a reply, closed by the agent or by resolving; the next message opens one.
              OPEN     | false | false  | true     | COMPLETE_ACTIVITY | OPEN     | false | false  | false    | activity_completed
              OPEN     | false | false  | false    | CUSTOMER_WRITES   | OPEN     | false | true   | true     | message_created activity_opened
              OPEN     | false | false  | true     | RESOLVE           | RESOLVED | false | false  | false    | status_changed activity_completed
              OPEN     | false | false  | false    | RESOLVE           | RESOLVED | false | false  | false    | status_changed
            # A customer message reopens a dormant chat: to PENDING while a chatbot has it, else OPEN.
              RESOLVED | false | false  | false    | CUSTOMER_WRITES   | OPEN     | false | true   | true     | status_changed message_created activity_opened
              RESOLVED | true  | false  | false    | CUSTOMER_WRITES   | PENDING  | true  | true   | true     | status_changed message_created activity_opened
              SNOOZED  | false | false  | true     | CUSTOMER_WRITES   | OPEN     | false | true   | true     | status_changed message_created
              PENDING  | true  | false  | false    | CUSTOMER_WRITES   | PENDING  | true  | true   | true     | message_created activity_opened
              SNOOZED  | false | false  | false    | WAKE              | OPEN     | false | false  | false    | status_changed
              SNOOZED  | true  | false  | false    | WAKE              | PENDING  | true  | false  | false    | status_changed
            # Chatbot: on moves OPEN to PENDING, off moves PENDING to OPEN; an agent's reply hands the chat over.
              OPEN     | false | false  | false    | CHATBOT_ON        | PENDING  | true  | false  | false    | chatbot_activated status_changed
              PENDING  | true  | false  | false    | CHATBOT_OFF       | OPEN     | false | false  | false    | chatbot_deactivated status_changed
              RESOLVED | false | false  | false    | CHATBOT_ON        | RESOLVED | true  | false  | false    | chatbot_activated
              SNOOZED  | true  | false  | false    | CHATBOT_OFF       | SNOOZED  | false | false  | false    | chatbot_deactivated
              OPEN     | true  | false  | false    | CHATBOT_ON        | OPEN     | true  | false  | false    |
              PENDING  | true  | true   | true     | AGENT_REPLIES     | OPEN     | false | false  | true     | message_created chatbot_deactivated status_changed
              PENDING  | true  | true   | true     | BOT_REPLIES       | PENDING  | true  | true   | true     | message_created
            """)
    void attentionRules(ConversationStatus status, boolean bot, boolean unread, boolean activity, Action action,
            ConversationStatus expectedStatus, boolean expectedBot, boolean expectedUnread, boolean expectedActivity,
            String expectedEvents) {
        Conversation c = conversation(status, bot, unread, activity);
        long sequenceBefore = c.eventSequence;
        EventBatch events = new EventBatch();

        apply(action, c, events);

        assertEquals(expectedStatus, c.status, "status");
        assertEquals(expectedBot, c.chatbotActive, "chatbot");
        assertEquals(expectedUnread, c.unread, "unread");
        assertEquals(expectedActivity, c.activityOpen, "activity open");
        List<Outbox.Pending> pending = events.pending();
        List<String> expected = expectedEvents == null ? List.of()
                : Arrays.stream(expectedEvents.trim().split("\\s+")).map(t -> "conversation." + t).toList();
        assertEquals(expected, pending.stream().map(p -> p.type().typeName()).toList(), "events");
        for (int i = 0; i < pending.size(); i++) {
            assertEquals(sequenceBefore + i + 1, pending.get(i).sequence(), "sequences are gap-free, one per event");
            assertEquals(c.idString(), pending.get(i).aggregateId());
        }
        assertEquals(sequenceBefore + pending.size(), c.eventSequence);
        if (!pending.isEmpty()) {
            assertEquals(c.state(), stateOf(pending.get(pending.size() - 1)), "the last event carries the final state");
        }
    }

    @Test
    void eachEventCarriesTheStateRightAfterItsOwnChange() {
        Conversation c = conversation(ConversationStatus.RESOLVED, false, false, false);
        EventBatch events = new EventBatch();
        ConversationRules.customerWrote(c, incoming(), NOW, events);

        List<ConversationEvents.State> states = events.pending().stream().map(ConversationRulesTest::stateOf).toList();
        // status_changed: reopened, but the message (and its unread flag) has not arrived yet
        assertEquals(new ConversationEvents.State("OPEN", null, false, false, false), states.get(0));
        // message_created: unread now, activity not yet open
        assertEquals(new ConversationEvents.State("OPEN", null, true, false, false), states.get(1));
        // activity_opened
        assertEquals(new ConversationEvents.State("OPEN", null, true, true, false), states.get(2));
    }

    @Test
    void aCustomerMessageReportsWhetherItReopenedTheChat() {
        assertTrue(ConversationRules.customerWrote(conversation(ConversationStatus.SNOOZED, false, false, false),
                incoming(), NOW, new EventBatch()));
        assertEquals(false, ConversationRules.customerWrote(conversation(ConversationStatus.OPEN, false, false, false),
                incoming(), NOW, new EventBatch()));
        assertEquals(false, ConversationRules.customerWrote(conversation(ConversationStatus.PENDING, true, false, false),
                incoming(), NOW, new EventBatch()));
    }

    @Test
    void messagesGetGapFreeSequencesAndTheConversationsLastMessageTime() {
        Conversation c = conversation(ConversationStatus.OPEN, false, false, false);
        Message first = incoming();
        Message reply = Message.create(Message.Direction.OUTGOING, AGENT, "hello", null);
        Message bot = Message.create(Message.Direction.OUTGOING, BOT, "menu", null);
        ConversationRules.customerWrote(c, first, NOW, new EventBatch());
        ConversationRules.agentReplied(c, reply, NOW.plusSeconds(1), new EventBatch());
        ConversationRules.outgoing(c, bot, NOW.plusSeconds(2), new EventBatch());

        assertEquals(List.of(1L, 2L, 3L), List.of(first.sequence, reply.sequence, bot.sequence));
        assertEquals(3, c.messageSequence);
        assertEquals(c.id, bot.conversationId);
        assertEquals(c.tenantId, bot.tenantId);
        assertEquals(NOW.plusSeconds(2), c.lastMessageAt);
    }

    @Test
    void aNewActivityAfterACompletedOneHasItsOwnIdAndOpeningTime() {
        Conversation c = conversation(ConversationStatus.OPEN, false, false, false);
        ConversationRules.customerWrote(c, incoming(), NOW, new EventBatch());
        UUID firstActivity = c.activityId;
        assertNotNull(firstActivity);
        assertEquals(NOW, c.activityOpenedAt);

        EventBatch completion = new EventBatch();
        ConversationRules.completeActivity(c, AGENT, NOW.plusSeconds(60), completion);
        var completed = (ConversationEvents.ActivityCompleted) completion.pending().get(0).data();
        assertEquals(firstActivity.toString(), completed.activityId());

        ConversationRules.customerWrote(c, incoming(), NOW.plusSeconds(120), new EventBatch());
        assertNotEquals(firstActivity, c.activityId);
        assertEquals(NOW.plusSeconds(120), c.activityOpenedAt);
    }

    @Test
    void completingWithoutAnOpenActivityIsAConflict() {
        Conversation c = conversation(ConversationStatus.OPEN, false, false, false);
        EventBatch events = new EventBatch();
        ProblemException e = assertThrows(ProblemException.class,
                () -> ConversationRules.completeActivity(c, AGENT, NOW, events));
        assertEquals(409, e.status());
        assertTrue(events.isEmpty());
    }

    @ParameterizedTest(name = "{0} -> {1} until {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # from   | to       | until (seconds from now; empty = none) | HTTP status (0 = allowed)
              OPEN     | SNOOZED  | 3600  | 0
              OPEN     | SNOOZED  |       | 400
              OPEN     | SNOOZED  | 0     | 400
              OPEN     | SNOOZED  | -60   | 400
              OPEN     | PENDING  | 3600  | 400
              OPEN     | OPEN     |       | 409
              RESOLVED | OPEN     |       | 0
              RESOLVED | PENDING  |       | 409
              RESOLVED | SNOOZED  | 3600  | 409
              SNOOZED  | SNOOZED  | 7200  | 0
              PENDING  | RESOLVED |       | 0
            """)
    void manualStatusChanges(ConversationStatus from, ConversationStatus to, Long untilSeconds, int expectedStatus) {
        Conversation c = conversation(from, false, false, false);
        Instant until = untilSeconds == null ? null : NOW.plusSeconds(untilSeconds);
        EventBatch events = new EventBatch();
        if (expectedStatus == 0) {
            ConversationRules.changeStatus(c, to, until, AGENT, NOW, events);
            assertEquals(to, c.status);
            assertEquals(to == ConversationStatus.SNOOZED ? until : null, c.snoozedUntil);
            var changed = (ConversationEvents.StatusChanged) events.pending().get(0).data();
            assertEquals(from.name(), changed.status().from());
            assertEquals(to.name(), changed.status().to());
        } else {
            ProblemException e = assertThrows(ProblemException.class,
                    () -> ConversationRules.changeStatus(c, to, until, AGENT, NOW, events));
            assertEquals(expectedStatus, e.status());
            assertEquals(from, c.status, "a refused change leaves the conversation as it was");
            assertTrue(events.isEmpty());
        }
    }

    @Test
    void leavingSnoozeForgetsTheWakeUpTime() {
        Conversation c = conversation(ConversationStatus.OPEN, false, false, false);
        ConversationRules.changeStatus(c, ConversationStatus.SNOOZED, NOW.plusSeconds(600), AGENT, NOW, new EventBatch());
        assertEquals(NOW.plusSeconds(600), c.snoozedUntil);
        ConversationRules.customerWrote(c, incoming(), NOW, new EventBatch());
        assertNull(c.snoozedUntil);
    }

    @Test
    void assigningTheCurrentAssigneeAgainOrUnassigningNobodyRecordsNothing() {
        Conversation c = conversation(ConversationStatus.OPEN, false, false, false);
        EventBatch events = new EventBatch();
        ConversationRules.unassign(c, AGENT, events);
        assertTrue(events.isEmpty());

        ConversationRules.assign(c, "ana", AGENT, events);
        ConversationRules.assign(c, "ana", AGENT, events);
        ConversationRules.assign(c, "bob", AGENT, events);
        ConversationRules.unassign(c, AGENT, events);
        assertEquals(List.of("conversation.assigned", "conversation.assigned", "conversation.unassigned"),
                events.pending().stream().map(p -> p.type().typeName()).toList());
        var second = (ConversationEvents.Assigned) events.pending().get(1).data();
        assertEquals("ana", second.assignee().from());
        assertEquals("bob", second.assignee().to());
        assertNull(c.assigneeId);
    }

    @ParameterizedTest(name = "{0} {1} assigns {3} on a chat of {2}: {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # caller role | caller | current assignee (empty = none) | new assignee | allowed
              ADMIN       | boss   |                                  | ana          | true
              ADMIN       | boss   | bob                              | ana          | true
              AGENT       | ana    |                                  | ana          | true
              AGENT       | ana    |                                  | bob          | false
              AGENT       | ana    | ana                              | ana          | true
              AGENT       | ana    | ana                              | bob          | false
              AGENT       | ana    | bob                              | ana          | false
            """)
    void whoMayAssign(String role, String callerId, String current, String target, boolean allowed) {
        Conversation c = conversation(ConversationStatus.OPEN, false, false, false);
        c.assigneeId = current;
        Caller caller = new Caller("t-1", callerId, Set.of(role));
        if (allowed) {
            ConversationRules.checkMayAssign(c, target, caller);
        } else {
            assertEquals(403, assertThrows(ProblemException.class,
                    () -> ConversationRules.checkMayAssign(c, target, caller)).status());
        }
    }

    @ParameterizedTest(name = "{0} {1} releases a chat of {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # caller role | caller | current assignee (empty = none) | allowed
              ADMIN       | boss   | bob                              | true
              AGENT       | ana    | ana                              | true
              AGENT       | ana    |                                  | true
              AGENT       | ana    | bob                              | false
            """)
    void whoMayUnassign(String role, String callerId, String current, boolean allowed) {
        Conversation c = conversation(ConversationStatus.OPEN, false, false, false);
        c.assigneeId = current;
        Caller caller = new Caller("t-1", callerId, Set.of(role));
        if (allowed) {
            ConversationRules.checkMayUnassign(c, caller);
        } else {
            assertEquals(403, assertThrows(ProblemException.class,
                    () -> ConversationRules.checkMayUnassign(c, caller)).status());
        }
    }

    @Test
    void nowIsAtPostgresPrecision() {
        Instant now = ConversationRules.now();
        assertEquals(now.truncatedTo(ChronoUnit.MICROS), now);
    }

    private static void apply(Action action, Conversation c, EventBatch events) {
        switch (action) {
            case CUSTOMER_WRITES -> ConversationRules.customerWrote(c, incoming(), NOW, events);
            case AGENT_REPLIES -> ConversationRules.agentReplied(c,
                    Message.create(Message.Direction.OUTGOING, AGENT, "on it", null), NOW, events);
            case BOT_REPLIES -> ConversationRules.outgoing(c,
                    Message.create(Message.Direction.OUTGOING, BOT, "menu", null), NOW, events);
            case READ -> ConversationRules.read(c, AGENT, events);
            case MARK_UNREAD -> ConversationRules.markUnread(c, AGENT, events);
            case COMPLETE_ACTIVITY -> ConversationRules.completeActivity(c, AGENT, NOW, events);
            case RESOLVE -> ConversationRules.changeStatus(c, ConversationStatus.RESOLVED, null, AGENT, NOW, events);
            case CHATBOT_ON -> ConversationRules.setChatbot(c, true, AGENT, events);
            case CHATBOT_OFF -> ConversationRules.setChatbot(c, false, AGENT, events);
            case WAKE -> ConversationRules.wake(c, events);
        }
    }

    private static Message incoming() {
        return Message.create(Message.Direction.INCOMING, CUSTOMER, "hola", null);
    }

    private static Conversation conversation(ConversationStatus status, boolean bot, boolean unread, boolean activity) {
        Conversation c = new Conversation();
        c.id = UUID.randomUUID();
        c.tenantId = "t-1";
        c.customerId = UUID.randomUUID();
        c.channel = Channel.WHATSAPP;
        c.status = status;
        c.snoozedUntil = status == ConversationStatus.SNOOZED ? NOW.plusSeconds(3600) : null;
        c.chatbotActive = bot;
        c.unread = unread;
        c.activityOpen = activity;
        if (activity) {
            c.activityId = UUID.randomUUID();
            c.activityOpenedAt = NOW.minusSeconds(300);
        }
        c.eventSequence = 7;
        c.createdAt = NOW.minusSeconds(3600);
        return c;
    }

    private static ConversationEvents.State stateOf(Outbox.Pending p) {
        try {
            for (var component : p.data().getClass().getRecordComponents()) {
                if (component.getName().equals("state")) {
                    return (ConversationEvents.State) component.getAccessor().invoke(p.data());
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(p.type().typeName() + " carries no state");
    }
}
