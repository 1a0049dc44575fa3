-- Per-seller usage (quotas) and the sweep of old unreferenced uploads.
CREATE INDEX files_by_owner ON files (owner_id);
CREATE INDEX files_by_age ON files (created_at);

-- Whether a product was ever submitted for review: a reviewer reads no other.
ALTER TABLE products ADD COLUMN submitted INTEGER NOT NULL DEFAULT 0;
UPDATE products SET submitted = 1 WHERE status <> 'draft';
