package io.switchboard.customer.domain;

/** A deal's pipeline stage. A sale is recorded separately (POST …/sale) and does not move the stage. */
public enum DealStage {
    NEW, QUALIFIED, PROPOSAL, NEGOTIATION, WON, LOST
}
