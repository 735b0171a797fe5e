-- From deploy/bench/customers.sh at 100k customers:
-- lead-status tabs sorted by name read one index range instead of filtering the whole name index;
CREATE INDEX customers_tenant_status_name ON customers (tenant_id, status, display_name, id);
-- the list filter probes (customer, list) in the index alone, without visiting member rows.
CREATE INDEX customer_list_members_customer_list ON customer_list_members (customer_id, list_id);
DROP INDEX customer_list_members_customer;
