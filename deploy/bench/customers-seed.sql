-- 100,000 customers in tenant "bench" (plain SQL: the benchmark measures reads, not the write path).
-- Varied enough for the filters: 4 statuses, 6 ratings, 20 agents (+ unassigned), a year of created_at,
-- three lists, names/e-mails/phones for free text.
BEGIN;
DELETE FROM customer_list_members WHERE tenant_id = 'bench';
DELETE FROM customer_lists WHERE tenant_id = 'bench';
DELETE FROM customer_identities WHERE tenant_id = 'bench';
DELETE FROM customers WHERE tenant_id = 'bench';

WITH firsts AS (SELECT ARRAY['Ana','Bruno','Carla','Diego','Elena','Facundo','Gabriela','Hernán','Inés','Julián',
                             'Karina','Lucas','María','Nicolás','Olga','Pablo','Quimey','Rocío','Santiago','Tamara'] AS a),
     lasts AS (SELECT ARRAY['García','Rodríguez','González','Fernández','López','Martínez','Pérez','Gómez','Sánchez',
                            'Romero','Díaz','Álvarez','Torres','Ruiz','Ramírez','Flores','Acosta','Benítez','Medina',
                            'Herrera','Suárez','Aguirre','Giménez','Gutiérrez','Pereyra','Molina','Castro','Ortiz',
                            'Silva','Rojas','Núñez','Luna','Juárez','Cabrera','Ríos','Morales','Godoy','Moreno',
                            'Ferreyra','Domínguez'] AS a)
INSERT INTO customers (id, tenant_id, display_name, first_name, last_name, emails, phones, whatsapp, attributes,
                       channel, external_id, origin_entry_method, rating, status, assignee_id, created_at, updated_at,
                       last_interaction_at, event_sequence)
SELECT md5('bench' || n)::uuid, 'bench',
       f.a[1 + n % 20] || ' ' || l.a[1 + (n / 20) % 40],
       f.a[1 + n % 20], l.a[1 + (n / 20) % 40],
       '["' || lower(f.a[1 + n % 20]) || '.' || n || '@example.com"]',
       '["+54911' || lpad(n::text, 8, '0') || '"]',
       CASE WHEN n % 3 = 0 THEN '+54911' || lpad(n::text, 8, '0') END,
       '{}'::jsonb,
       (ARRAY['whatsapp','webchat','telegram','email'])[1 + n % 4], 'ext-' || n,
       (ARRAY['CHATBOT','API','FORM'])[1 + n % 3],
       -- Independent pseudo-random draws (hashes), so filter combinations are not artificially empty.
       abs(hashtext('rating' || n)) % 6,
       (ARRAY['NEW','IN_PROGRESS','SALE','NO_SALE'])[1 + abs(hashtext('status' || n)) % 4],
       CASE WHEN abs(hashtext('assignee' || n)) % 5 = 0 THEN NULL ELSE 'agent-' || (abs(hashtext('agent' || n)) % 20) END,
       now() - make_interval(secs => (100000 - n) * 315),
       now() - make_interval(secs => (100000 - n) * 315) + make_interval(secs => n % 86400),
       CASE WHEN n % 2 = 0 THEN now() - make_interval(secs => n) END,
       1
  FROM generate_series(1, 100000) AS n, firsts f, lasts l;

INSERT INTO customer_identities (tenant_id, kind, value, customer_id)
SELECT 'bench', 'CHANNEL', channel || ':' || external_id, id FROM customers WHERE tenant_id = 'bench';

INSERT INTO customer_lists (id, tenant_id, name, created_by, created_at)
VALUES (md5('bench-list-vip')::uuid, 'bench', 'VIP', 'bench', now()),
       (md5('bench-list-follow')::uuid, 'bench', 'Follow up', 'bench', now()),
       (md5('bench-list-b2b')::uuid, 'bench', 'B2B', 'bench', now());
INSERT INTO customer_list_members (list_id, customer_id, tenant_id, added_at)
SELECT md5('bench-list-vip')::uuid, id, 'bench', now() FROM customers WHERE tenant_id = 'bench' AND rating = 5 AND status = 'SALE';
INSERT INTO customer_list_members (list_id, customer_id, tenant_id, added_at)
SELECT md5('bench-list-follow')::uuid, id, 'bench', now() FROM customers WHERE tenant_id = 'bench' AND status = 'IN_PROGRESS'
   AND last_interaction_at IS NULL;
COMMIT;
VACUUM ANALYZE customers;  -- sets the visibility map, as autovacuum would: index-only scans stay index-only
VACUUM ANALYZE customer_list_members;
