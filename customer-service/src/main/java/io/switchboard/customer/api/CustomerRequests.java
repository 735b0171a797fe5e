package io.switchboard.customer.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Request bodies of /api/v1/customers. Formats (e-mail, phone) and attribute limits are checked by ContactRules. */
public final class CustomerRequests {

    /** displayName defaults to "first last", else a phone or e-mail. */
    public record Create(
            @Size(max = 200) String displayName,
            @Size(max = 100) String firstName,
            @Size(max = 100) String lastName,
            @Size(max = 64) String identification,
            List<String> emails,
            List<String> phones,
            @Size(max = 40) String whatsapp,
            List<String> addresses,
            Map<String, Object> attributes,
            @Valid OriginBody origin) {
    }

    /**
     * Partial update: an absent (null) field is left as it is; "" clears a text field, [] clears a list.
     * attributes are merged: a key with a null value is removed.
     */
    public record Patch(
            @Size(max = 200) String displayName,
            @Size(max = 100) String firstName,
            @Size(max = 100) String lastName,
            @Size(max = 64) String identification,
            List<String> emails,
            List<String> phones,
            @Size(max = 40) String whatsapp,
            List<String> addresses,
            Map<String, Object> attributes) {
    }

    public record Assignee(@NotBlank @Size(max = 64) String assigneeId) {
    }

    public record Rating(@NotNull @Min(0) @Max(5) Integer rating) {
    }

    /** Without effectiveAt (or with a time not in the future) the status changes now. */
    public record Status(@NotNull String status, Instant effectiveAt) {
    }

    private CustomerRequests() {
    }
}
