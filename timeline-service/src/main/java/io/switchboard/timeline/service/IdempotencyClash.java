package io.switchboard.timeline.service;

import io.switchboard.platform.error.ProblemException;

/**
 * The same Idempotency-Key used concurrently for two different targets (two customers) gets past the lookup,
 * which runs under one customer's lock only; the unique index then refuses the second. Answer 409, not 500.
 */
final class IdempotencyClash {

    static boolean is(Throwable failure, String index) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(index)) {
                return true;
            }
        }
        return false;
    }

    static ProblemException conflict() {
        return ProblemException.conflict("this Idempotency-Key is being used for another request; retry it");
    }

    private IdempotencyClash() {
    }
}
