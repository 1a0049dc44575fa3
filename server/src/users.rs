//! Sellers and reviewers: who a plain bearer token belongs to (demo mode), users of the
//! seller center's identity service written from their claims, and the demo accounts.

use domain::model::{DemoAccount, User};
use domain::Role;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::{new_id, Db};

/// (id, name, role, token) of each demo identity.
pub const DEMO_USERS: [(&str, &str, Role, &str); 5] = [
    ("seller-a", "示例服务商 A（天气数据科技）", Role::Seller, "demo-seller-a"),
    ("seller-b", "示例服务商 B（智能识别科技）", Role::Seller, "demo-seller-b"),
    // A seller who has not deployed an API service on the gateway yet.
    ("seller-c", "示例服务商 C（尚未部署 API 服务）", Role::Seller, "demo-seller-c"),
    ("reviewer", "云市场审核员", Role::Reviewer, "demo-reviewer"),
    // A second reviewer, to work the same queue (claims, SPEC §5b).
    ("reviewer-2", "云市场审核员 2", Role::Reviewer, "demo-reviewer-2"),
];

/// Whether `token` is one of the demo identities' well-known tokens.
pub fn is_demo_token(token: &str) -> bool {
    DEMO_USERS.iter().any(|(_, _, _, t)| *t == token)
}

pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Seller => "seller",
        Role::Reviewer => "reviewer",
    }
}

fn user(row: &AnyRow) -> Result<User, sqlx::Error> {
    let role = match row.try_get::<String, _>("role")?.as_str() {
        "reviewer" => Role::Reviewer,
        _ => Role::Seller,
    };
    Ok(User { id: row.try_get("id")?, name: row.try_get("name")?, role })
}

pub async fn by_token(db: &Db, token: &str) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query(&db.sql("SELECT id, name, role FROM users WHERE token = $1"))
        .bind(token)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(user).transpose()
}

/// A user's display name, by id.
pub async fn name(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(&db.sql("SELECT name FROM users WHERE id = $1")).bind(id).fetch_optional(&db.pool).await
}

/// Writes a user of the seller center's identity service (from its token's claims):
/// created when first seen, its name and role following the claims. Such a user has no
/// token of its own here: the column gets a random one nobody knows.
pub async fn upsert(db: &Db, user: &User) -> Result<(), sqlx::Error> {
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
    let mut accounts = Vec::new();
    for row in &rows {
        let token: String = row.try_get("token")?;
        if is_demo_token(&token) {
            accounts.push(DemoAccount { user: user(row)?, token });
        }
    }
    Ok(accounts)
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
