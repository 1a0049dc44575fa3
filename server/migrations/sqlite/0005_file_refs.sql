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

-- Filled from the contents there are: the single-file slots, then the lists.
INSERT OR IGNORE INTO file_refs (file_id, product_id, holder, slot)
SELECT json_extract(c.content, '$.' || s.slot || '.id'), c.product_id, c.holder, s.slot
FROM (SELECT id AS product_id, 'live' AS holder, content FROM products
      UNION ALL SELECT product_id, 'change', content FROM changes
      UNION ALL SELECT product_id, 'v' || version, replaced FROM product_versions WHERE replaced IS NOT NULL) AS c,
     (SELECT 'icon' AS slot UNION ALL SELECT 'usage_doc' UNION ALL SELECT 'oss_statement'
      UNION ALL SELECT 'service_agreement' UNION ALL SELECT 'test_report') AS s
WHERE json_extract(c.content, '$.' || s.slot || '.id') IS NOT NULL;

INSERT OR IGNORE INTO file_refs (file_id, product_id, holder, slot)
SELECT json_extract(f.value, '$.id'), c.product_id, c.holder, s.slot
FROM (SELECT id AS product_id, 'live' AS holder, content FROM products
      UNION ALL SELECT product_id, 'change', content FROM changes
      UNION ALL SELECT product_id, 'v' || version, replaced FROM product_versions WHERE replaced IS NOT NULL) AS c,
     (SELECT 'images' AS slot UNION ALL SELECT 'copyright_certs') AS s,
     json_each(c.content, '$.' || s.slot) AS f
WHERE json_extract(f.value, '$.id') IS NOT NULL;
