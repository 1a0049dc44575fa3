-- A file its owner no longer needs (replaced by a re-crop): deleted as soon as no product
-- of the owner refers to it.
ALTER TABLE files ADD COLUMN released_at INTEGER;
CREATE INDEX files_released ON files (owner_id) WHERE released_at IS NOT NULL;
