-- Origin data arrives from channels through conversation-service, whose inbound body allows these sizes;
-- the columns take what that path accepts, so a long campaign name never costs a customer's message.
ALTER TABLE customers
    ALTER COLUMN origin_ip TYPE VARCHAR(64),
    ALTER COLUMN origin_medium TYPE VARCHAR(100),
    ALTER COLUMN origin_campaign TYPE VARCHAR(200),
    ALTER COLUMN origin_entry_method TYPE VARCHAR(40);
