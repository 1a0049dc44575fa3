-- The review loop (as sqlite 0007) (SPEC §5b): decisions with their comments on fields and the seller's
-- answers, who holds a request (claims), each product's timeline, and the events the
-- consoles are told (resumable by id).

-- How many comments came with the last rejection (3 条审核意见), until the next decision.
ALTER TABLE products ADD COLUMN review_comments BIGINT NOT NULL DEFAULT 0;
ALTER TABLE changes ADD COLUMN review_comments BIGINT NOT NULL DEFAULT 0;

-- Every decision on a product or its change, with the content decided on. A rejection
-- stays open (settled_at NULL) until the next decision on the same target: the seller
-- answers its comments and the second review compares against its content.
CREATE TABLE reviews (
    id            TEXT PRIMARY KEY,
    product_id    TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    target        TEXT NOT NULL CHECK (target IN ('product', 'change')),
    kind          TEXT NOT NULL,
    decision      TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    reason        TEXT,
    reviewer_id   TEXT NOT NULL,
    reviewer_name TEXT NOT NULL,
    decided_at    BIGINT NOT NULL,
    settled_at    BIGINT,
    content       JSONB NOT NULL
);
CREATE INDEX reviews_by_product ON reviews (product_id, target, decided_at);

-- A decision's comments: immutable, but for the seller's answer.
CREATE TABLE comments (
    id          TEXT PRIMARY KEY,
    review_id   TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    product_id  TEXT NOT NULL,
    position    BIGINT NOT NULL,
    path        TEXT NOT NULL,
    text        TEXT NOT NULL,
    answer      TEXT,
    answered_at BIGINT
);
CREATE INDEX comments_by_review ON comments (review_id, position);

-- 领取: who holds a request in the queue, until when.
CREATE TABLE claims (
    product_id    TEXT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    reviewer_id   TEXT NOT NULL,
    reviewer_name TEXT NOT NULL,
    expires_at    BIGINT NOT NULL
);

-- 详情's timeline: who did what when.
CREATE TABLE timeline (
    id         BIGSERIAL PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    change     BIGINT NOT NULL DEFAULT 0,
    reason     TEXT,
    comments   JSONB,
    answer     TEXT
);
CREATE INDEX timeline_by_product ON timeline (product_id, id);
INSERT INTO timeline (product_id, at, actor, kind)
    SELECT products.id, products.created_at, users.name, 'created'
    FROM products JOIN users ON users.id = products.seller_id;

-- What the consoles are told, in the order it was committed; `audience` is a seller's
-- id or `reviewers`. A stream resumes after the last id it sent (Last-Event-ID).
CREATE TABLE events (
    id       BIGSERIAL PRIMARY KEY,
    audience TEXT NOT NULL,
    body     JSONB NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX events_by_audience ON events (audience, id);
CREATE INDEX events_by_age ON events (at);
