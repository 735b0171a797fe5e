-- Token buckets shared by a service's replicas: bots' rate limits and tenants' quotas (SharedBuckets). Replicas lease
-- tokens a few at a time (rate_lease) and spend them from memory. UNLOGGED: a bucket is worth no WAL; after a crash
-- the buckets start full.
CREATE UNLOGGED TABLE rate_buckets (
    key         VARCHAR(200)     PRIMARY KEY,
    tokens      DOUBLE PRECISION NOT NULL,
    refilled_at TIMESTAMPTZ      NOT NULL
);

-- Refills the bucket for the time since its last lease (up to p_burst), then grants up to p_wanted whole tokens if it
-- holds at least p_need (the first waiting request's amount), else none. wait_seconds: when nothing was granted, how
-- long until the bucket holds p_need.
CREATE FUNCTION rate_lease(p_key VARCHAR, p_burst DOUBLE PRECISION, p_per_second DOUBLE PRECISION, p_need BIGINT,
                           p_wanted BIGINT, OUT granted BIGINT, OUT wait_seconds DOUBLE PRECISION)
LANGUAGE plpgsql AS $$
DECLARE
    t_now    TIMESTAMPTZ := clock_timestamp();
    v_tokens DOUBLE PRECISION;
BEGIN
    SELECT least(p_burst, b.tokens + greatest(0, extract(epoch FROM t_now - b.refilled_at)) * p_per_second)
      INTO v_tokens FROM rate_buckets b WHERE b.key = p_key FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO rate_buckets (key, tokens, refilled_at) VALUES (p_key, p_burst, t_now) ON CONFLICT (key) DO NOTHING;
        SELECT least(p_burst, b.tokens + greatest(0, extract(epoch FROM t_now - b.refilled_at)) * p_per_second)
          INTO v_tokens FROM rate_buckets b WHERE b.key = p_key FOR UPDATE;
    END IF;
    granted := CASE WHEN floor(v_tokens) >= p_need THEN least(p_wanted, floor(v_tokens))::BIGINT ELSE 0 END;
    v_tokens := v_tokens - granted;
    UPDATE rate_buckets SET tokens = v_tokens, refilled_at = t_now WHERE key = p_key;
    wait_seconds := CASE WHEN granted > 0 THEN 0 ELSE (p_need - v_tokens) / p_per_second END;
END
$$;
