package io.switchboard.customer.domain;

/** The lead status of seed 003 (Cliengo): New, In progress, Sale, No sale. */
public enum CustomerStatus {
    NEW, IN_PROGRESS, SALE, NO_SALE
}
