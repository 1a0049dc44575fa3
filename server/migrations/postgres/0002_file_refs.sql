-- Which contents refer to which files: one row per (product, holder, slot, file), where
-- the holder is the product's own content ('live'), its pending change ('change') or a
-- content its history keeps ('v<version>'). Written in the same transaction as the
-- content; a file no row names may be deleted (released, or old and never used).
CREATE TABLE file_refs (
    file_id    TEXT NOT NULL,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    holder     TEXT NOT NULL,
    slot       TEXT NOT NULL,
    PRIMARY KEY (product_id, holder, slot, file_id)
);
CREATE INDEX file_refs_by_file ON file_refs (file_id);

-- Filled from the contents there are: the single-file slots and the lists.
INSERT INTO file_refs (file_id, product_id, holder, slot)
SELECT DISTINCT r.file_id, c.product_id, c.holder, r.slot
FROM (SELECT id AS product_id, 'live' AS holder, content FROM products
      UNION ALL SELECT product_id, 'change', content FROM changes
      UNION ALL SELECT product_id, 'v' || version, replaced FROM product_versions WHERE replaced IS NOT NULL) AS c
CROSS JOIN LATERAL (
    SELECT s.slot, c.content -> s.slot ->> 'id' AS file_id
    FROM (VALUES ('icon'), ('usage_doc'), ('oss_statement'), ('service_agreement'), ('test_report')) AS s (slot)
    UNION ALL
    SELECT s.slot, f ->> 'id'
    FROM (VALUES ('images'), ('copyright_certs')) AS s (slot),
         jsonb_array_elements(CASE WHEN jsonb_typeof(c.content -> s.slot) = 'array'
                                   THEN c.content -> s.slot ELSE '[]'::jsonb END) AS f
) AS r
WHERE r.file_id IS NOT NULL
ON CONFLICT DO NOTHING;
