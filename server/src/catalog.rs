//! What a seller chooses from: the two-level category tree, the tags, and the demo
//! sellers' gateway services (the `gateway` module decides where services come from).

use domain::model::{Category, GatewayService, Tag};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::Db;

/// The services of a seller in the `services` table (the demo gateway).
pub async fn services(db: &Db, seller_id: &str) -> Result<Vec<GatewayService>, sqlx::Error> {
    let rows = sqlx::query(&db.sql("SELECT id, name, access_url FROM services WHERE seller_id = $1 ORDER BY position"))
        .bind(seller_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(GatewayService { id: r.try_get("id")?, name: r.try_get("name")?, access_url: r.try_get("access_url")? })
        })
        .collect()
}

pub async fn categories(db: &Db) -> Result<Vec<Category>, sqlx::Error> {
    let rows = sqlx::query(&db.sql("SELECT id, parent_id, name FROM categories ORDER BY position"))
        .fetch_all(&db.pool)
        .await?;
    let node = |r: &AnyRow| -> Result<(Option<String>, Category), sqlx::Error> {
        let category = Category { id: r.try_get("id")?, name: r.try_get("name")?, children: Vec::new() };
        Ok((r.try_get("parent_id")?, category))
    };
    let nodes = rows.iter().map(node).collect::<Result<Vec<_>, _>>()?;
    let mut tree: Vec<Category> = nodes.iter().filter(|(parent, _)| parent.is_none()).map(|(_, c)| c.clone()).collect();
    for parent in &mut tree {
        parent.children =
            nodes.iter().filter(|(of, _)| of.as_deref() == Some(parent.id.as_str())).map(|(_, c)| c.clone()).collect();
    }
    Ok(tree)
}

pub async fn tags(db: &Db) -> Result<Vec<Tag>, sqlx::Error> {
    let rows = sqlx::query(&db.sql("SELECT id, name FROM tags ORDER BY position")).fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok(Tag { id: r.try_get("id")?, name: r.try_get("name")? })).collect()
}
