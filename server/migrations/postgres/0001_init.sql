-- The same schema as migrations/sqlite (0001–0004), for PostgreSQL: integers are
-- BIGINT, the content of products, changes and versions is JSONB.

-- Sellers and reviewers, with their bearer tokens.
CREATE TABLE users (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    role  TEXT NOT NULL CHECK (role IN ('seller', 'reviewer')),
    token TEXT NOT NULL UNIQUE
);

-- A seller's API services deployed on the API gateway.
CREATE TABLE services (
    id         TEXT PRIMARY KEY,
    seller_id  TEXT NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    access_url TEXT NOT NULL,
    position   BIGINT NOT NULL
);

-- The two-level category tree (parent_id NULL for level 1).
CREATE TABLE categories (
    id        TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES categories (id),
    name      TEXT NOT NULL,
    position  BIGINT NOT NULL
);

CREATE TABLE tags (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position BIGINT NOT NULL
);

-- Uploaded files; the bytes live in the file store under `store_key`. A file its owner
-- no longer needs (replaced) has `released_at`.
CREATE TABLE files (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL REFERENCES users (id),
    field       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    size        BIGINT NOT NULL,
    width       BIGINT,
    height      BIGINT,
    store_key   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    released_at BIGINT
);

CREATE INDEX files_released ON files (owner_id) WHERE released_at IS NOT NULL;
CREATE INDEX files_by_owner ON files (owner_id);
CREATE INDEX files_by_age ON files (created_at);

-- Products: the seller's content, the status and an optimistic-concurrency version;
-- `submitted` once it was ever submitted for review (a reviewer reads no other).
CREATE TABLE products (
    id            TEXT PRIMARY KEY,
    seller_id     TEXT NOT NULL REFERENCES users (id),
    status        TEXT NOT NULL,
    version       BIGINT NOT NULL,
    name          TEXT NOT NULL,
    content       JSONB NOT NULL,
    review_reason TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    submitted     BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX products_by_seller ON products (seller_id, status, updated_at DESC);
CREATE INDEX products_in_review ON products (status, updated_at);

-- A change to a product on sale (SPEC §5a): at most one per product.
CREATE TABLE changes (
    product_id    TEXT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'review', 'rejected')),
    version       BIGINT NOT NULL,
    content       JSONB NOT NULL,
    review_reason TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX changes_in_review ON changes (status, updated_at);

-- The approved versions of a product (详情's history).
CREATE TABLE product_versions (
    product_id  TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    approved_at BIGINT NOT NULL,
    changed     JSONB NOT NULL,
    replaced    JSONB,
    PRIMARY KEY (product_id, version)
);
