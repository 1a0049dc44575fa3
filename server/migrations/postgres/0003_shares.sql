-- Read-only links to the buyer's page of a saved product (分享预览): only the SHA-256 of
-- each link's token is kept; a link works until it expires or is revoked.
CREATE TABLE shares (
    id         TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX shares_by_product ON shares (product_id);
