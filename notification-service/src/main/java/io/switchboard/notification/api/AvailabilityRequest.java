package io.switchboard.notification.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record AvailabilityRequest(
        @NotNull @Pattern(regexp = "ONLINE|BUSY|OFFLINE", message = "must be ONLINE, BUSY or OFFLINE") String availability) {
}
