package io.switchboard.customer.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Change;
import io.switchboard.contracts.CustomerEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.customer.api.CrmRequests;
import io.switchboard.customer.domain.Customer;
import io.switchboard.customer.domain.Deal;
import io.switchboard.customer.domain.DealStage;
import io.switchboard.customer.domain.Sale;
import io.switchboard.customer.repository.CustomerRepository;
import io.switchboard.customer.repository.NativeSql;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/** Deals and sales belong to the customer aggregate: every command holds the customer's row lock. */
@ApplicationScoped
public class DealService {

    private static final String DEAL_CUSTOMER = "SELECT CAST(customer_id AS text) FROM deals WHERE id = :id AND tenant_id = :t";

    private final CustomerRepository customers;
    private final CustomerEventLog events;

    public DealService(CustomerRepository customers, CustomerEventLog events) {
        this.customers = customers;
        this.events = events;
    }

    public static DealStage parseStage(String stage) {
        try {
            return DealStage.valueOf(stage);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("stage", "must be one of " + Arrays.toString(DealStage.values()));
        }
    }

    @WithTransaction
    public Uni<CrmRequests.DealView> create(Caller caller, UUID customerId, CrmRequests.NewDeal body) {
        DealStage stage = body.stage() == null ? DealStage.NEW : parseStage(body.stage());
        if (body.amount() != null && body.currency() == null) {
            throw ProblemException.invalid("currency", "required with an amount");
        }
        return customers.lock(caller.tenantId(), customerId).chain(c -> {
            Deal d = new Deal();
            d.id = UUID.randomUUID();
            d.tenantId = c.tenantId;
            d.customerId = c.id;
            d.title = body.title().trim();
            d.stage = stage;
            d.amount = body.amount();
            d.currency = body.currency();
            d.createdAt = Instant.now();
            d.updatedAt = d.createdAt;
            return d.persist().chain(() -> events.record(c, EventType.CUSTOMER_DEAL_CREATED, new CustomerEvents.DealCreated(
                    c.id.toString(), d.id.toString(), d.title, stage.name(), d.amount, d.currency, caller.actor())))
                    .replaceWith(view(d));
        });
    }

    @WithSession
    public Uni<List<CrmRequests.DealView>> ofCustomer(Caller caller, UUID customerId) {
        return customers.get(caller.tenantId(), customerId)
                .chain(c -> Deal.<Deal>find("customerId = ?1 order by createdAt", c.id).list())
                .map(deals -> deals.stream().map(DealService::view).toList());
    }

    @WithTransaction
    public Uni<CrmRequests.DealView> changeStage(Caller caller, UUID dealId, String stageName) {
        DealStage stage = parseStage(stageName);
        return locked(caller, dealId, (c, d) -> {
            if (d.stage == stage) {
                return Uni.createFrom().item(view(d));
            }
            var data = new CustomerEvents.DealStageChanged(c.id.toString(), d.id.toString(), d.title,
                    Change.of(d.stage.name(), stage.name()), caller.actor());
            d.stage = stage;
            d.updatedAt = Instant.now();
            return events.record(c, EventType.CUSTOMER_DEAL_STAGE_CHANGED, data).replaceWith(view(d));
        });
    }

    @WithTransaction
    public Uni<CrmRequests.SaleView> sell(Caller caller, UUID dealId, CrmRequests.NewSale body) {
        return locked(caller, dealId, (c, d) -> Sale.count("dealId", d.id).chain(existing -> {
            if (existing > 0) {
                throw ProblemException.conflict("deal " + d.id + " already has its sale");
            }
            String currency = body.currency() != null ? body.currency() : d.currency;
            if (currency == null) {
                throw ProblemException.invalid("currency", "required: the deal has none");
            }
            Sale s = new Sale();
            s.id = UUID.randomUUID();
            s.tenantId = c.tenantId;
            s.dealId = d.id;
            s.customerId = c.id;
            s.amount = body.amount();
            s.currency = currency;
            s.createdAt = Instant.now();
            return s.persist().chain(() -> events.record(c, EventType.CUSTOMER_SALE_CREATED, new CustomerEvents.SaleCreated(
                    c.id.toString(), d.id.toString(), s.id.toString(), s.amount, s.currency, caller.actor())))
                    .replaceWith(new CrmRequests.SaleView(s.id, d.id, c.id, s.amount, s.currency, s.createdAt));
        }));
    }

    /** Finds the deal's customer, locks it, then reads the deal: deal writes are serialised by the customer lock. */
    private <T> Uni<T> locked(Caller caller, UUID dealId, BiFunction<Customer, Deal, Uni<T>> command) {
        return NativeSql.list(DEAL_CUSTOMER, String.class, Map.of("id", dealId, "t", caller.tenantId()))
                .chain(ids -> {
                    if (ids.isEmpty()) {
                        return Uni.createFrom().failure(ProblemException.notFound("deal " + dealId));
                    }
                    return customers.lock(caller.tenantId(), UUID.fromString(ids.get(0)))
                            .chain(c -> Deal.<Deal>findById(dealId).chain(d -> command.apply(c, d)));
                });
    }

    private static CrmRequests.DealView view(Deal d) {
        return new CrmRequests.DealView(d.id, d.customerId, d.title, d.stage.name(), d.amount, d.currency, d.createdAt,
                d.updatedAt);
    }
}
