package io.switchboard.customer.domain;

import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import java.util.Objects;

/**
 * Who may change a customer's assignee (seed 002): an ADMIN, or the current assignee (who may hand the customer
 * to someone else or let it go). An unassigned customer is assigned by an ADMIN; an AGENT may also take it for
 * themself (picking from the queue, as in the chat console), but never assign it to someone else.
 */
public final class AssignmentPolicy {

    public static void checkAssign(Caller caller, String currentAssignee, String newAssignee) {
        if (caller.isAdmin() || caller.id().equals(currentAssignee)) {
            return;
        }
        if (currentAssignee == null && Objects.equals(caller.id(), newAssignee)) {
            return;
        }
        throw ProblemException.forbidden(currentAssignee == null
                ? "only an ADMIN assigns an unassigned customer to someone else; an agent may only take it"
                : "only an ADMIN or the current assignee may change the assignee");
    }

    public static void checkUnassign(Caller caller, String currentAssignee) {
        if (caller.isAdmin() || caller.id().equals(currentAssignee)) {
            return;
        }
        throw ProblemException.forbidden("only an ADMIN or the current assignee may remove the assignee");
    }

    private AssignmentPolicy() {
    }
}
