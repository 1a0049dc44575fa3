//! The database — SQLite (the embedded default) or PostgreSQL (`--database-url
//! postgres://…`), through sqlx's `Any` driver: the connection, the migrations (one set
//! per database), transactions, and what every aggregate's SQL shares. Queries are
//! written once in SQL both understand (`$1` parameters; PostgreSQL's `::jsonb` casts
//! are dropped for SQLite). The aggregates (`users`, `catalog`, `files`, `products`,
//! `changes`, `history`) keep their own SQL next to their types.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyPool, Row, Transaction};

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// A pool of connections to the database, and which one it is.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub postgres: bool,
    /// Test-only: when armed, the next transition fails right after its first write
    /// (`lifecycle` checks it), so a test can see that nothing was half-written.
    pub failpoint: Failpoint,
}

/// A failure a test arms; never armed in a running server.
#[derive(Clone, Debug, Default)]
pub struct Failpoint(Arc<AtomicBool>);

impl Failpoint {
    /// The next check fails (once).
    pub fn arm(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// An error if armed (disarming it).
    pub fn check(&self) -> Result<(), sqlx::Error> {
        if self.0.swap(false, Ordering::SeqCst) {
            return Err(sqlx::Error::Protocol("failure injected by a test after the first write".into()));
        }
        Ok(())
    }
}

/// A transaction on the database.
pub type Tx = Transaction<'static, Any>;

impl Db {
    /// A row lock for a queue (`FOR UPDATE OF <table> SKIP LOCKED`) on PostgreSQL; SQLite
    /// has none, its transactions take the write lock at once (see [`Db::begin`]).
    pub fn skip_locked(&self, table: &str) -> String {
        if self.postgres {
            format!(" FOR UPDATE OF {table} SKIP LOCKED")
        } else {
            String::new()
        }
    }

    /// A statement in this database's dialect: the queries are written for both, with
    /// PostgreSQL's casts (`::jsonb`, `::text`), which SQLite does without.
    pub fn sql(&self, sql: &str) -> String {
        if self.postgres {
            sql.to_owned()
        } else {
            sql.replace("::jsonb", "").replace("::text", "")
        }
    }

    /// Starts a transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a transaction that reads and then writes never meets a writer that
    /// came between (PostgreSQL locks the rows it updates).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        if self.postgres {
            self.pool.begin().await
        } else {
            self.pool.begin_with("BEGIN IMMEDIATE").await
        }
    }
}

/// Connects and migrates: a `sqlite:` URL (the file is made if missing; write-ahead
/// log, foreign keys) or a `postgres:` one. On PostgreSQL a `search_path` given in the
/// URL (`?options=-c search_path=…`) names a schema, made if missing (the tests' own).
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    let db = open(url).await?;
    migrator(db.postgres).run(&db.pool).await?;
    Ok(db)
}

/// Connects without migrating.
async fn open(url: &str) -> Result<Db, sqlx::Error> {
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
    } else {
        sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
    }
    Ok(Db { pool, postgres, failpoint: Failpoint::default() })
}

fn migrator(postgres: bool) -> &'static Migrator {
    if postgres {
        &POSTGRES
    } else {
        &SQLITE
    }
}

/// Test-only: a database migrated as an older server left it, up to (and with) the
/// migration `version`, to test the migrations after it on real data.
pub async fn connect_at_version(url: &str, version: i64) -> Result<Db, sqlx::Error> {
    let db = open(url).await?;
    let all = migrator(db.postgres);
    let older = Migrator {
        migrations: std::borrow::Cow::Owned(all.migrations.iter().filter(|m| m.version <= version).cloned().collect()),
        ..Migrator::DEFAULT
    };
    older.run(&db.pool).await?;
    Ok(db)
}

/// The server's clock where time decides something a test must reach (a share link
/// expires after 7 days): the system's, moved forward by tests only.
#[derive(Clone, Debug, Default)]
pub struct Clock(Arc<std::sync::atomic::AtomicI64>);

impl Clock {
    pub fn now_ms(&self) -> i64 {
        now_ms() + self.0.load(Ordering::SeqCst)
    }

    /// Test-only: moves this server's clock `ms` into the future.
    pub fn advance(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

pub fn now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A JSON column (`jsonb` on PostgreSQL, read as `::text`) as a value.
pub fn json_column<T: DeserializeOwned>(row: &AnyRow, column: &str) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(column)?;
    serde_json::from_str(&text).map_err(|e| sqlx::Error::ColumnDecode { index: column.to_owned(), source: Box::new(e) })
}

/// A value as the text of a JSON column.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// A text column holding one of a closed set of names (a status, a kind) as its value.
pub fn slug_column<T: DeserializeOwned>(row: &AnyRow, column: &str) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(column)?;
    serde_json::from_value(serde_json::Value::String(text))
        .map_err(|e| sqlx::Error::ColumnDecode { index: column.to_owned(), source: Box::new(e) })
}

/// The JSON name of a value of a closed set (`rejected`, `change`), as a text column
/// holds it.
pub fn slug_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// A count or size column (`BIGINT`) as an unsigned number; a negative one is refused.
pub fn count_column(row: &AnyRow, column: &str) -> Result<u64, sqlx::Error> {
    let n: i64 = row.try_get(column)?;
    u64::try_from(n).map_err(|e| sqlx::Error::ColumnDecode { index: column.to_owned(), source: Box::new(e) })
}
