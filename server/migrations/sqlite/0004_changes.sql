-- A change to a product on sale (SPEC §5a): at most one per product, its own content,
-- version, status and reason. The product's content is live; this one is proposed.
CREATE TABLE changes (
    product_id    TEXT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'review', 'rejected')),
    version       INTEGER NOT NULL,
    content       TEXT NOT NULL,
    review_reason TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX changes_in_review ON changes (status, updated_at);

-- The approved versions of a product (详情's history): the first listing, then each
-- approved change with the fields it changed and the content it replaced.
CREATE TABLE product_versions (
    product_id  TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    approved_at INTEGER NOT NULL,
    changed     TEXT NOT NULL,
    replaced    TEXT,
    PRIMARY KEY (product_id, version)
);
