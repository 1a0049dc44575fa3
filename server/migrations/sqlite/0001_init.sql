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
    position   INTEGER NOT NULL
);

-- The two-level category tree (parent_id NULL for level 1).
CREATE TABLE categories (
    id        TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES categories (id),
    name      TEXT NOT NULL,
    position  INTEGER NOT NULL
);

CREATE TABLE tags (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
);

-- Uploaded files; the bytes live in the file store under `store_key`.
CREATE TABLE files (
    id         TEXT PRIMARY KEY,
    owner_id   TEXT NOT NULL REFERENCES users (id),
    field      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    width      INTEGER,
    height     INTEGER,
    store_key  TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Products: the seller's content as JSON, the status and an optimistic-concurrency version.
CREATE TABLE products (
    id            TEXT PRIMARY KEY,
    seller_id     TEXT NOT NULL REFERENCES users (id),
    status        TEXT NOT NULL,
    version       INTEGER NOT NULL,
    name          TEXT NOT NULL,
    content       TEXT NOT NULL,
    review_reason TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE INDEX products_by_seller ON products (seller_id, status, updated_at DESC);
CREATE INDEX products_in_review ON products (status, updated_at);
