package io.switchboard.customer.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The customer aggregate root. Deals, lists, relations and scheduled changes number their events on this row. */
@Entity
@Table(name = "customers")
public class Customer extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "last_name")
    public String lastName;

    public String identification;

    @Convert(converter = StringListConverter.class)
    public List<String> emails = new ArrayList<>();

    @Convert(converter = StringListConverter.class)
    public List<String> phones = new ArrayList<>();

    public String whatsapp;

    @Convert(converter = StringListConverter.class)
    public List<String> addresses = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> attributes = new LinkedHashMap<>();

    @Column(updatable = false)
    public String channel;

    @Column(name = "external_id", updatable = false)
    public String externalId;

    @Column(name = "origin_location")
    public String originLocation;
    @Column(name = "origin_first_contact_at")
    public Instant originFirstContactAt;
    @Column(name = "origin_site")
    public String originSite;
    @Column(name = "origin_page_url")
    public String originPageUrl;
    @Column(name = "origin_referrer")
    public String originReferrer;
    @Column(name = "origin_ip")
    public String originIp;
    @Column(name = "origin_medium")
    public String originMedium;
    @Column(name = "origin_campaign")
    public String originCampaign;
    @Column(name = "origin_entry_method")
    public String originEntryMethod;

    public int rating;

    @Enumerated(EnumType.STRING)
    public CustomerStatus status = CustomerStatus.NEW;

    @Column(name = "assignee_id")
    public String assigneeId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_interaction_at")
    public Instant lastInteractionAt;

    @Column(name = "event_sequence", nullable = false)
    public long eventSequence;
}
