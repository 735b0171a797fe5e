package io.switchboard.customer.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignmentPolicyTest {

    private static final Caller ADMIN = new Caller("t", "boss", Set.of("ADMIN"));
    private static final Caller ANA = new Caller("t", "ana", Set.of("AGENT"));

    @Test
    void adminMayDoAnything() {
        assertDoesNotThrow(() -> AssignmentPolicy.checkAssign(ADMIN, null, "ana"));
        assertDoesNotThrow(() -> AssignmentPolicy.checkAssign(ADMIN, "bob", "ana"));
        assertDoesNotThrow(() -> AssignmentPolicy.checkUnassign(ADMIN, "bob"));
    }

    @Test
    void currentAssigneeMayHandOverOrLetGo() {
        assertDoesNotThrow(() -> AssignmentPolicy.checkAssign(ANA, "ana", "bob"));
        assertDoesNotThrow(() -> AssignmentPolicy.checkUnassign(ANA, "ana"));
    }

    @Test
    void agentMayTakeAnUnassignedCustomerOnlyForThemself() {
        assertDoesNotThrow(() -> AssignmentPolicy.checkAssign(ANA, null, "ana"));
        assertEquals(403, assertThrows(ProblemException.class, () -> AssignmentPolicy.checkAssign(ANA, null, "bob")).status());
    }

    @Test
    void otherAgentsAreForbidden() {
        assertEquals(403, assertThrows(ProblemException.class, () -> AssignmentPolicy.checkAssign(ANA, "bob", "ana")).status());
        assertEquals(403, assertThrows(ProblemException.class, () -> AssignmentPolicy.checkUnassign(ANA, "bob")).status());
    }
}
