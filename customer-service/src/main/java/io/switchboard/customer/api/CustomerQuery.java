package io.switchboard.customer.api;

import jakarta.ws.rs.QueryParam;

/** Query parameters of the customer browse (also used by …/neighbours, so prev/next follow the same filter). */
public class CustomerQuery {

    /** One or more of NEW, IN_PROGRESS, SALE, NO_SALE, comma-separated. */
    @QueryParam("status")
    public String status;

    /** {@code me}, {@code unassigned} or an agent id. */
    @QueryParam("assignee")
    public String assignee;

    @QueryParam("list")
    public String list;

    /** Exact stars (0–5). */
    @QueryParam("rating")
    public String rating;

    @QueryParam("minRating")
    public String minRating;

    /** ISO-8601 instants; from inclusive, to exclusive. */
    @QueryParam("createdFrom")
    public String createdFrom;

    @QueryParam("createdTo")
    public String createdTo;

    /** Free text over names, identification, e-mails and phones (at least 2 characters). */
    @QueryParam("q")
    public String q;

    /** createdAt, updatedAt, name, rating; a leading "-" sorts descending. Default -createdAt. */
    @QueryParam("sort")
    public String sort;

    /** 1 to the maximum page size; text here, parsed by Params (an Integer field turned "abc" into a 404). */
    @QueryParam("limit")
    public String limit;

    /** nextCursor of the previous page. */
    @QueryParam("cursor")
    public String cursor;
}
