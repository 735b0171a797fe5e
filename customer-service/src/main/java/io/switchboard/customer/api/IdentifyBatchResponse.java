package io.switchboard.customer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** Answer of identify-batch: one entry per contact, in request order. */
public record IdentifyBatchResponse(List<Result> results) {

    /** Either {@code {customerId, created}} or, for a contact refused on its own, {@code {error}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(UUID customerId, Boolean created, String error) {

        public static Result of(IdentifyResponse r) {
            return new Result(r.customerId(), r.created(), null);
        }

        public static Result error(String error) {
            return new Result(null, null, error);
        }
    }
}
