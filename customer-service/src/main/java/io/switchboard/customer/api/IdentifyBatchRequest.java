package io.switchboard.customer.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of POST /internal/v1/customers/identify-batch (INTERFACES.md): one tenant's contacts, answered in order.
 * Only the envelope is validated here (present, at most {@link #MAX_CONTACTS}); each contact is checked on its
 * own by IdentifyService, so an invalid one fails only its own entry.
 */
public record IdentifyBatchRequest(
        @NotNull @Size(max = IdentifyBatchRequest.MAX_CONTACTS) List<IdentifyRequest> contacts) {

    /** What one call may carry: one transaction of a few set-based statements, bounded in size and time. */
    public static final int MAX_CONTACTS = 500;
}
