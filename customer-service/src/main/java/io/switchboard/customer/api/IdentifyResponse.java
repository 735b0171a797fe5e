package io.switchboard.customer.api;

import java.util.UUID;

public record IdentifyResponse(UUID customerId, boolean created) {
}
