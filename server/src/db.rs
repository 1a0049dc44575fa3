//! The database — SQLite (the embedded default) or PostgreSQL (`--database-url
//! postgres://…`), through sqlx's `Any` driver: connection and migrations (one set per
//! database), demo seed data, and the queries the handlers use, written once in SQL both
//! understand (`$1` parameters; PostgreSQL's `::jsonb` casts are dropped for SQLite).
//! Products keep their content as JSON (`jsonb` on PostgreSQL) next to indexed columns.

use domain::model::{
    Category, Change, ChangeSummary, DemoAccount, FileRef, GatewayService, Product, ProductContent, QueueItem, Tag,
    User, Version,
};
use domain::{ChangeStatus, FileKind, Role, Status};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Row};

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// A pool of connections to the database, and which one it is.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub postgres: bool,
}

impl Db {
    /// A statement in this database's dialect: the queries are written for both, with
    /// PostgreSQL's casts (`::jsonb`, `::text`), which SQLite does without.
    pub fn sql(&self, sql: &str) -> String {
        if self.postgres {
            sql.to_owned()
        } else {
            sql.replace("::jsonb", "").replace("::text", "")
        }
    }
}

/// Connects and migrates: a `sqlite:` URL (the file is made if missing; write-ahead
/// log, foreign keys) or a `postgres:` one. On PostgreSQL a `search_path` given in the
/// URL (`?options=-c search_path=…`) names a schema, made if missing (the tests' own).
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let postgres = url.starts_with("postgres:") || url.starts_with("postgresql:");
    let url = if !postgres && !url.contains("mode=") {
        format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
    } else {
        url.to_owned()
    };
    let pool = AnyPoolOptions::new().max_connections(if postgres { 16 } else { 8 }).connect(&url).await?;
    if postgres {
        let path: String = sqlx::query_scalar("SELECT current_setting('search_path')").fetch_one(&pool).await?;
        let schema = path.split(',').next().unwrap_or_default().trim();
        if !schema.is_empty() && !schema.contains('$') && schema != "public" {
            let ident = schema.trim_matches('"');
            if ident.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS {ident}")).execute(&pool).await?;
            }
        }
        POSTGRES.run(&pool).await?;
    } else {
        sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
        SQLITE.run(&pool).await?;
    }
    Ok(Db { pool, postgres })
}

pub fn now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Seller => "seller",
        Role::Reviewer => "reviewer",
    }
}

fn user(row: &AnyRow) -> User {
    let role = if row.get::<String, _>("role") == "reviewer" { Role::Reviewer } else { Role::Seller };
    User { id: row.get("id"), name: row.get("name"), role }
}

pub async fn user_by_token(db: &Db, token: &str) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query(&db.sql("SELECT id, name, role FROM users WHERE token = $1"))
        .bind(token)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.as_ref().map(user))
}

/// Writes a user of the seller center's identity service (from its token's claims):
/// created when first seen, its name and role following the claims. Such a user has no
/// token of its own here: the column gets a random one nobody knows.
pub async fn upsert_user(db: &Db, user: &User) -> Result<(), sqlx::Error> {
    sqlx::query(&db.sql(
        "INSERT INTO users (id, name, role, token) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role",
    ))
    .bind(&user.id)
    .bind(&user.name)
    .bind(role_name(user.role))
    .bind(format!("jwt:{}{}", new_id(), new_id()))
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The demo identities (those still holding their demo token).
pub async fn demo_accounts(db: &Db) -> Result<Vec<DemoAccount>, sqlx::Error> {
    let rows = sqlx::query(&db.sql("SELECT id, name, role, token FROM users ORDER BY role DESC, id"))
        .fetch_all(&db.pool)
        .await?;
    let demo = |token: &String| DEMO_USERS.iter().any(|(_, _, _, t)| t == token);
    Ok(rows.iter().map(|r| DemoAccount { user: user(r), token: r.get("token") }).filter(|a| demo(&a.token)).collect())
}

/// Replaces the demo tokens by random ones no one knows: the demo accounts no longer
/// sign in (their products stay).
pub async fn revoke_demo_tokens(db: &Db) -> Result<(), sqlx::Error> {
    for (_, _, _, token) in DEMO_USERS {
        let secret = format!("{}{}", new_id(), new_id());
        sqlx::query(&db.sql("UPDATE users SET token = $1 WHERE token = $2"))
            .bind(secret)
            .bind(token)
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}

// --- demo seed ------------------------------------------------------------------------

const DEMO_USERS: [(&str, &str, Role, &str); 3] = [
    ("seller-a", "示例服务商 A（天气数据科技）", Role::Seller, "demo-seller-a"),
    ("seller-b", "示例服务商 B（智能识别科技）", Role::Seller, "demo-seller-b"),
    ("reviewer", "云市场审核员", Role::Reviewer, "demo-reviewer"),
];

const DEMO_SERVICES: [(&str, &str, &str, &str); 6] = [
    ("svc-a-weather", "seller-a", "天气查询服务", "https://gw.example.com/seller-a/weather/v1"),
    ("svc-a-air", "seller-a", "空气质量服务", "https://gw.example.com/seller-a/air-quality/v1"),
    ("svc-a-typhoon", "seller-a", "台风路径服务", "https://gw.example.com/seller-a/typhoon/v2"),
    ("svc-b-ocr", "seller-b", "通用文字识别", "https://gw.example.com/seller-b/ocr/v3"),
    ("svc-b-idcard", "seller-b", "身份证识别", "https://gw.example.com/seller-b/idcard/v1"),
    ("svc-b-face", "seller-b", "人脸比对", "https://gw.example.com/seller-b/face-compare/v1"),
];

/// (id, name) of a category.
type Node = (&'static str, &'static str);

const DEMO_CATEGORIES: [(&str, &str, &[Node]); 5] = [
    (
        "ai",
        "人工智能",
        &[("ai-ocr", "文字识别"), ("ai-speech", "语音识别"), ("ai-vision", "图像识别"), ("ai-nlp", "自然语言处理")],
    ),
    ("data", "数据服务", &[("data-weather", "天气数据"), ("data-finance", "金融数据"), ("data-geo", "地理信息")]),
    ("enterprise", "企业应用", &[("ent-sms", "短信通知"), ("ent-identity", "身份核验"), ("ent-esign", "电子签名")]),
    ("devtools", "开发工具", &[("dev-testing", "测试工具"), ("dev-monitoring", "监控运维")]),
    ("security", "安全服务", &[("sec-risk", "风险控制"), ("sec-antispam", "内容安全")]),
];

const DEMO_TAGS: [&str; 24] = [
    "高可用",
    "低延迟",
    "按次计费",
    "免费试用",
    "实时数据",
    "批量处理",
    "国产化",
    "私有部署",
    "7×24 支持",
    "RESTful",
    "HTTPS",
    "高并发",
    "多语言 SDK",
    "文档完善",
    "金融级",
    "政务",
    "教育",
    "医疗",
    "物流",
    "电商",
    "零售",
    "制造",
    "人工智能",
    "大数据",
];

/// Seeds the demo identities and catalog once; later starts keep what is there.
pub async fn seed_demo(db: &Db) -> Result<(), sqlx::Error> {
    let seeded: i64 = sqlx::query_scalar(&db.sql("SELECT COUNT(*) FROM users")).fetch_one(&db.pool).await?;
    if seeded > 0 {
        return Ok(());
    }
    let mut tx = db.pool.begin().await?;
    for (id, name, role, token) in DEMO_USERS {
        sqlx::query(&db.sql("INSERT INTO users (id, name, role, token) VALUES ($1, $2, $3, $4)"))
            .bind(id)
            .bind(name)
            .bind(role_name(role))
            .bind(token)
            .execute(&mut *tx)
            .await?;
    }
    for (i, (id, seller, name, url)) in DEMO_SERVICES.iter().enumerate() {
        sqlx::query(
            &db.sql("INSERT INTO services (id, seller_id, name, access_url, position) VALUES ($1, $2, $3, $4, $5)"),
        )
        .bind(id)
        .bind(seller)
        .bind(name)
        .bind(url)
        .bind(i as i64)
        .execute(&mut *tx)
        .await?;
    }
    for (i, (id, name, children)) in DEMO_CATEGORIES.iter().enumerate() {
        sqlx::query(&db.sql("INSERT INTO categories (id, parent_id, name, position) VALUES ($1, NULL, $2, $3)"))
            .bind(id)
            .bind(name)
            .bind(i as i64)
            .execute(&mut *tx)
            .await?;
        for (j, (child, child_name)) in children.iter().enumerate() {
            sqlx::query(&db.sql("INSERT INTO categories (id, parent_id, name, position) VALUES ($1, $2, $3, $4)"))
                .bind(child)
                .bind(id)
                .bind(child_name)
                .bind(j as i64)
                .execute(&mut *tx)
                .await?;
        }
    }
    for (i, name) in DEMO_TAGS.iter().enumerate() {
        sqlx::query(&db.sql("INSERT INTO tags (id, name, position) VALUES ($1, $2, $3)"))
            .bind(format!("tag-{:02}", i + 1))
            .bind(name)
            .bind(i as i64)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

// --- catalog --------------------------------------------------------------------------

pub async fn services(db: &Db, seller_id: &str) -> Result<Vec<GatewayService>, sqlx::Error> {
    let rows = sqlx::query(&db.sql("SELECT id, name, access_url FROM services WHERE seller_id = $1 ORDER BY position"))
        .bind(seller_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .iter()
        .map(|r| GatewayService { id: r.get("id"), name: r.get("name"), access_url: r.get("access_url") })
        .collect())
}

pub async fn categories(db: &Db) -> Result<Vec<Category>, sqlx::Error> {
    let rows = sqlx::query(&db.sql("SELECT id, parent_id, name FROM categories ORDER BY position"))
        .fetch_all(&db.pool)
        .await?;
    let node = |r: &AnyRow| Category { id: r.get("id"), name: r.get("name"), children: Vec::new() };
    let mut tree: Vec<Category> =
        rows.iter().filter(|r| r.get::<Option<String>, _>("parent_id").is_none()).map(node).collect();
    for parent in &mut tree {
        parent.children = rows
            .iter()
            .filter(|r| r.get::<Option<String>, _>("parent_id").as_deref() == Some(parent.id.as_str()))
            .map(node)
            .collect();
    }
    Ok(tree)
}

pub async fn tags(db: &Db) -> Result<Vec<Tag>, sqlx::Error> {
    let rows = sqlx::query(&db.sql("SELECT id, name FROM tags ORDER BY position")).fetch_all(&db.pool).await?;
    Ok(rows.iter().map(|r| Tag { id: r.get("id"), name: r.get("name") }).collect())
}

// --- files ----------------------------------------------------------------------------

pub struct StoredFile {
    pub file: FileRef,
    pub owner_id: String,
    pub store_key: String,
}

pub async fn insert_file(db: &Db, owner_id: &str, field: &str, stored: &StoredFile) -> Result<(), sqlx::Error> {
    let f = &stored.file;
    sqlx::query(&db.sql(
        "INSERT INTO files (id, owner_id, field, kind, name, size, width, height, store_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    ))
    .bind(&f.id)
    .bind(owner_id)
    .bind(field)
    .bind(kind_name(f.kind))
    .bind(&f.name)
    .bind(f.size as i64)
    .bind(f.width.map(i64::from))
    .bind(f.height.map(i64::from))
    .bind(&stored.store_key)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn file(db: &Db, id: &str) -> Result<Option<StoredFile>, sqlx::Error> {
    let row = sqlx::query(&db.sql("SELECT * FROM files WHERE id = $1")).bind(id).fetch_optional(&db.pool).await?;
    Ok(row.map(|r| StoredFile {
        file: FileRef {
            id: r.get("id"),
            kind: kind_from_name(&r.get::<String, _>("kind")),
            name: r.get("name"),
            size: r.get::<i64, _>("size") as u64,
            width: r.get::<Option<i64>, _>("width").map(|w| w as u32),
            height: r.get::<Option<i64>, _>("height").map(|h| h as u32),
        },
        owner_id: r.get("owner_id"),
        store_key: r.get("store_key"),
    }))
}

/// Marks the owner's file `id` as no longer needed; false if there is no such file.
pub async fn release_file(db: &Db, owner_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql("UPDATE files SET released_at = $1 WHERE id = $2 AND owner_id = $3"))
        .bind(now_ms())
        .bind(id)
        .bind(owner_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The owner's released files that none of the owner's products refers to any more, with
/// their store keys; their rows are deleted, the caller removes the bytes.
pub async fn take_unreferenced_released(db: &Db, owner_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let sql = format!(
        "DELETE FROM files WHERE owner_id = $1 AND released_at IS NOT NULL AND NOT {} RETURNING store_key",
        referenced("$1")
    );
    let rows = sqlx::query(&db.sql(&sql)).bind(owner_id).fetch_all(&db.pool).await?;
    Ok(rows.iter().map(|r| r.get("store_key")).collect())
}

/// SQL: whether a product of `owner` refers to the file `files.id` — its live content, its
/// pending change or a content its history keeps. A product refers to a file by
/// `"id":"<id>"` in its content JSON; ids are generated hex strings, so the quoted id
/// cannot occur by chance.
fn referenced(owner: &str) -> String {
    let has = |column: &str| format!("{column}::text LIKE '%\"' || files.id || '\"%'");
    format!(
        "EXISTS (SELECT 1 FROM products p WHERE p.seller_id = {owner} AND ({}
             OR EXISTS (SELECT 1 FROM changes c WHERE c.product_id = p.id AND {})
             OR EXISTS (SELECT 1 FROM product_versions v WHERE v.product_id = p.id AND {})))",
        has("p.content"),
        has("c.content"),
        has("v.replaced")
    )
}

/// Every file no product refers to, uploaded before `cutoff` (ms), with its store key;
/// the rows are deleted, the caller removes the bytes.
pub async fn take_unreferenced_before(db: &Db, cutoff: i64) -> Result<Vec<String>, sqlx::Error> {
    let sql =
        format!("DELETE FROM files WHERE created_at < $1 AND NOT {} RETURNING store_key", referenced("files.owner_id"));
    let rows = sqlx::query(&db.sql(&sql)).bind(cutoff).fetch_all(&db.pool).await?;
    Ok(rows.iter().map(|r| r.get("store_key")).collect())
}

/// Whether a product that was submitted for review (its content, its change, its
/// history) refers to the file `id` (a reviewer reads those files only).
pub async fn file_in_submitted_product(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    // Ids are generated hex strings; anything else (a `%` in the address) is no file.
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    // Changes belong to products on sale, which were submitted.
    let row = sqlx::query(&db.sql(
        "SELECT CAST(CASE WHEN EXISTS (SELECT 1 FROM products WHERE submitted = 1
                 AND content::text LIKE '%\"' || $1 || '\"%')
             OR EXISTS (SELECT 1 FROM changes WHERE content::text LIKE '%\"' || $1 || '\"%')
             OR EXISTS (SELECT 1 FROM product_versions WHERE replaced::text LIKE '%\"' || $1 || '\"%')
             THEN 1 ELSE 0 END AS BIGINT) AS found",
    ))
    .bind(id)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.get::<i64, _>("found") != 0)
}

/// What a seller keeps: products, files, and the files' bytes.
pub async fn usage(db: &Db, seller_id: &str) -> Result<(u64, u64, u64), sqlx::Error> {
    let row = sqlx::query(&db.sql(
        "SELECT (SELECT COUNT(*) FROM products WHERE seller_id = $1) AS products,
                (SELECT COUNT(*) FROM files WHERE owner_id = $1) AS files,
                CAST((SELECT COALESCE(SUM(size), 0) FROM files WHERE owner_id = $1) AS BIGINT) AS bytes",
    ))
    .bind(seller_id)
    .fetch_one(&db.pool)
    .await?;
    let count = |name: &str| row.get::<i64, _>(name).max(0) as u64;
    Ok((count("products"), count("files"), count("bytes")))
}

fn kind_name(kind: FileKind) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn kind_from_name(name: &str) -> FileKind {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).unwrap_or(FileKind::Unknown)
}

// --- products -------------------------------------------------------------------------

pub struct ProductRow {
    pub seller_id: String,
    /// Submitted for review at least once (a reviewer reads no other product).
    pub submitted: bool,
    pub product: Product,
}

fn product_row(r: &AnyRow) -> Result<ProductRow, sqlx::Error> {
    let content: ProductContent =
        serde_json::from_str(&r.get::<String, _>("content")).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let status: Status = serde_json::from_value(serde_json::Value::String(r.get("status")))
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(ProductRow {
        seller_id: r.get("seller_id"),
        submitted: r.get::<i64, _>("submitted") != 0,
        product: Product {
            id: r.get("id"),
            version: r.get::<i64, _>("version") as u64,
            status,
            created_at: r.get("created_at"),
            updated_at: r.get("updated_at"),
            review_reason: r.get("review_reason"),
            content,
            change: change_summary(r)?,
        },
    })
}

/// Products with their change's summary (`PRODUCTS … WHERE …`).
const PRODUCTS: &str = "SELECT products.id, products.seller_id, products.status, products.version, products.name,
        products.content::text AS content, products.review_reason, products.created_at, products.updated_at,
        products.submitted, c.status AS change_status, c.version AS change_version,
        c.updated_at AS change_updated_at, c.review_reason AS change_reason
    FROM products LEFT JOIN changes c ON c.product_id = products.id";

fn change_status(slug: &str) -> Result<ChangeStatus, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(slug.to_owned())).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn change_summary(r: &AnyRow) -> Result<Option<ChangeSummary>, sqlx::Error> {
    let Some(status) = r.try_get::<Option<String>, _>("change_status").ok().flatten() else { return Ok(None) };
    Ok(Some(ChangeSummary {
        status: change_status(&status)?,
        version: r.get::<i64, _>("change_version") as u64,
        updated_at: r.get("change_updated_at"),
        review_reason: r.get("change_reason"),
    }))
}

pub async fn product(db: &Db, id: &str) -> Result<Option<ProductRow>, sqlx::Error> {
    let row =
        sqlx::query(&db.sql(&format!("{PRODUCTS} WHERE products.id = $1"))).bind(id).fetch_optional(&db.pool).await?;
    row.as_ref().map(product_row).transpose()
}

pub async fn insert_product(db: &Db, seller_id: &str, p: &Product) -> Result<(), sqlx::Error> {
    sqlx::query(&db.sql(
        "INSERT INTO products (id, seller_id, status, version, name, content, review_reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)",
    ))
    .bind(&p.id)
    .bind(seller_id)
    .bind(p.status.slug())
    .bind(p.version as i64)
    .bind(p.content.name.trim())
    .bind(serde_json::to_string(&p.content).map_err(|e| sqlx::Error::Encode(Box::new(e)))?)
    .bind(&p.review_reason)
    .bind(p.created_at)
    .bind(p.updated_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Writes `p` if the stored version is still `expected`; false when someone else won.
pub async fn update_product(db: &Db, p: &Product, expected: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql(
        "UPDATE products SET status = $1, version = $2, name = $3, content = $4::jsonb, review_reason = $5, updated_at = $6,
             submitted = CASE WHEN $1 = 'listing_review' THEN 1 ELSE submitted END
         WHERE id = $7 AND version = $8",
    ))
    .bind(p.status.slug())
    .bind(p.version as i64)
    .bind(p.content.name.trim())
    .bind(serde_json::to_string(&p.content).map_err(|e| sqlx::Error::Encode(Box::new(e)))?)
    .bind(&p.review_reason)
    .bind(p.updated_at)
    .bind(&p.id)
    .bind(expected as i64)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_product(db: &Db, id: &str, expected: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql("DELETE FROM products WHERE id = $1 AND version = $2"))
        .bind(id)
        .bind(expected as i64)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A filtered page of a seller's products, newest change first.
pub struct ListFilter<'a> {
    pub seller_id: &'a str,
    pub statuses: Vec<Status>,
    pub name: Option<&'a str>,
    pub page: u32,
    pub per_page: u32,
}

pub async fn list_products(db: &Db, f: &ListFilter<'_>) -> Result<(Vec<Product>, u64), sqlx::Error> {
    // $1 the seller, $2… the statuses, then the name pattern, then the page.
    let n = f.statuses.len().max(1);
    let placeholders: Vec<String> = (2..2 + n).map(|i| format!("${i}")).collect();
    let (name, limit, offset) = (n + 2, n + 3, n + 4);
    let pattern = f.name.map(|n| format!("%{}%", n.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
    let filter = format!(
        "WHERE products.seller_id = $1 AND products.status IN ({})
             AND (${name} IS NULL OR LOWER(products.name) LIKE LOWER(${name}) ESCAPE '\\')",
        placeholders.join(", ")
    );
    let count_sql = db.sql(&format!("SELECT COUNT(*) AS n FROM products {filter}"));
    let page_sql = db.sql(&format!(
        "{PRODUCTS} {filter} ORDER BY products.updated_at DESC, products.id LIMIT ${limit} OFFSET ${offset}"
    ));
    let total: i64 = bind_filter(&count_sql, f, &pattern).fetch_one(&db.pool).await?.get("n");
    let offset = i64::from(f.page.saturating_sub(1)) * i64::from(f.per_page);
    let rows = bind_filter(&page_sql, f, &pattern).bind(i64::from(f.per_page)).bind(offset).fetch_all(&db.pool).await?;
    let products = rows.iter().map(|r| product_row(r).map(|p| p.product)).collect::<Result<_, _>>()?;
    Ok((products, total as u64))
}

fn bind_filter<'q>(
    sql: &'q str,
    f: &ListFilter<'_>,
    pattern: &Option<String>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut q = sqlx::query(sql).bind(f.seller_id.to_owned());
    for s in &f.statuses {
        q = q.bind(s.slug());
    }
    if f.statuses.is_empty() {
        q = q.bind("");
    }
    q.bind(pattern.clone())
}

/// How many requests wait for a reviewer (the metrics' queue length).
pub async fn review_queue_length(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&db.sql(
        "SELECT CAST((SELECT COUNT(*) FROM products WHERE status IN ($1, $2))
                   + (SELECT COUNT(*) FROM changes WHERE status = 'review') AS BIGINT)",
    ))
    .bind(Status::ListingReview.slug())
    .bind(Status::DelistReview.slug())
    .fetch_one(&db.pool)
    .await
}

/// Requests waiting for a reviewer — listings, delistings and changes — oldest first.
pub async fn review_queue(db: &Db) -> Result<Vec<QueueItem>, sqlx::Error> {
    let rows = sqlx::query(&db.sql(&format!(
        "SELECT products.*, users.name AS seller_name FROM ({PRODUCTS}) AS products
         JOIN users ON users.id = products.seller_id
         WHERE products.status IN ($1, $2) OR products.change_status = 'review'
         ORDER BY CASE WHEN products.change_status = 'review' THEN products.change_updated_at
                  ELSE products.updated_at END, products.id"
    )))
    .bind(Status::ListingReview.slug())
    .bind(Status::DelistReview.slug())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let product = product_row(r)?.product;
            Ok(QueueItem { kind: product.request_kind(), product, seller: r.get("seller_name") })
        })
        .collect()
}

// --- changes (SPEC §5a) and the history of approved versions ---------------------------

fn change_row(r: &AnyRow) -> Result<Change, sqlx::Error> {
    Ok(Change {
        product_id: r.get("product_id"),
        version: r.get::<i64, _>("version") as u64,
        status: change_status(&r.get::<String, _>("status"))?,
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
        review_reason: r.get("review_reason"),
        content: serde_json::from_str(&r.get::<String, _>("content")).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
    })
}

fn content_json(content: &ProductContent) -> Result<String, sqlx::Error> {
    serde_json::to_string(content).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

pub async fn change(db: &Db, product_id: &str) -> Result<Option<Change>, sqlx::Error> {
    let row = sqlx::query(&db.sql(
        "SELECT product_id, status, version, content::text AS content, review_reason, created_at, updated_at
         FROM changes WHERE product_id = $1",
    ))
    .bind(product_id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(change_row).transpose()
}

/// Starts the change of a product; false if it already has one (another tab won).
pub async fn insert_change(db: &Db, c: &Change) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql(
        "INSERT INTO changes (product_id, status, version, content, review_reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) ON CONFLICT (product_id) DO NOTHING",
    ))
    .bind(&c.product_id)
    .bind(c.status.slug())
    .bind(c.version as i64)
    .bind(content_json(&c.content)?)
    .bind(&c.review_reason)
    .bind(c.created_at)
    .bind(c.updated_at)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Writes `c` if its stored version is still `expected`; false when someone else won.
pub async fn update_change(db: &Db, c: &Change, expected: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql(
        "UPDATE changes SET status = $1, version = $2, content = $3::jsonb, review_reason = $4, updated_at = $5
         WHERE product_id = $6 AND version = $7",
    ))
    .bind(c.status.slug())
    .bind(c.version as i64)
    .bind(content_json(&c.content)?)
    .bind(&c.review_reason)
    .bind(c.updated_at)
    .bind(&c.product_id)
    .bind(expected as i64)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the change of a product if it is still at `expected` (any version if `None`).
pub async fn delete_change(db: &Db, product_id: &str, expected: Option<u64>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&db.sql("DELETE FROM changes WHERE product_id = $1 AND ($2 IS NULL OR version = $2)"))
        .bind(product_id)
        .bind(expected.map(|v| v as i64))
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Approves a change, atomically: the product takes the change's content at a new
/// version, the history keeps the content it replaced and the fields that changed, the
/// change is gone. `None` when the product or the change moved meanwhile.
pub async fn approve_change(
    db: &Db,
    product: &Product,
    change: &Change,
    changed: &[&str],
) -> Result<Option<Product>, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let now = now_ms();
    let version = product.version + 1;
    let moved = sqlx::query(&db.sql(
        "UPDATE products SET content = $1::jsonb, name = $2, version = $3, updated_at = $4, review_reason = NULL
         WHERE id = $5 AND version = $6 AND status = $7",
    ))
    .bind(content_json(&change.content)?)
    .bind(change.content.name.trim())
    .bind(version as i64)
    .bind(now)
    .bind(&product.id)
    .bind(product.version as i64)
    .bind(Status::Listed.slug())
    .execute(&mut *tx)
    .await?;
    let gone = sqlx::query(&db.sql("DELETE FROM changes WHERE product_id = $1 AND version = $2 AND status = 'review'"))
        .bind(&product.id)
        .bind(change.version as i64)
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() != 1 || gone.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(None);
    }
    sqlx::query(&db.sql(
        "INSERT INTO product_versions (product_id, version, approved_at, changed, replaced)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)",
    ))
    .bind(&product.id)
    .bind(version as i64)
    .bind(now)
    .bind(serde_json::to_string(changed).map_err(|e| sqlx::Error::Encode(Box::new(e)))?)
    .bind(content_json(&product.content)?)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(Product {
        version,
        updated_at: now,
        review_reason: None,
        content: change.content.clone(),
        change: None,
        ..product.clone()
    }))
}

/// Records a version that went live without replacing one (the first listing).
pub async fn record_listing(db: &Db, product: &Product) -> Result<(), sqlx::Error> {
    sqlx::query(&db.sql(
        "INSERT INTO product_versions (product_id, version, approved_at, changed, replaced) VALUES ($1, $2, $3, '[]', NULL)
         ON CONFLICT DO NOTHING",
    ))
    .bind(&product.id)
    .bind(product.version as i64)
    .bind(product.updated_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The approved versions of a product, newest first.
pub async fn versions(db: &Db, product_id: &str) -> Result<Vec<Version>, sqlx::Error> {
    let rows = sqlx::query(&db.sql(
        "SELECT version, approved_at, changed::text AS changed FROM product_versions WHERE product_id = $1
         ORDER BY version DESC",
    ))
    .bind(product_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Version {
                version: r.get::<i64, _>("version") as u64,
                approved_at: r.get("approved_at"),
                changed: serde_json::from_str(&r.get::<String, _>("changed"))
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            })
        })
        .collect()
}
