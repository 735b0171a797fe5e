package io.switchboard.customer.api;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Bodies and views of lists, deals, sales and related customers. */
public final class CrmRequests {

    public record NewList(@NotBlank @Size(max = 100) String name) {
    }

    public record ListView(UUID id, String name, String createdBy, Instant createdAt) {
    }

    /** stage defaults to NEW; an amount needs its ISO 4217 currency. */
    public record NewDeal(
            @NotBlank @Size(max = 200) String title,
            String stage,
            @DecimalMin("0.00") @Digits(integer = 12, fraction = 2) BigDecimal amount,
            @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code such as USD") String currency) {
    }

    public record StagePatch(@NotNull String stage) {
    }

    public record DealView(UUID id, UUID customerId, String title, String stage, BigDecimal amount, String currency,
            Instant createdAt, Instant updatedAt) {
    }

    /** currency defaults to the deal's. */
    public record NewSale(
            @NotNull @DecimalMin("0.01") @Digits(integer = 12, fraction = 2) BigDecimal amount,
            @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code such as USD") String currency) {
    }

    public record SaleView(UUID id, UUID dealId, UUID customerId, BigDecimal amount, String currency, Instant createdAt) {
    }

    /** Optional body of PUT …/related/{otherId}; relation defaults to RELATED. */
    public record Relation(@Pattern(regexp = "^[A-Z][A-Z_]{0,31}$", message = "must be an upper-case token such as FAMILY")
            String relation) {
    }

    private CrmRequests() {
    }
}
