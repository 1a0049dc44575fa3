//! The seller's API services deployed on the API gateway (S4-SERVICE), behind a small
//! trait: the demo data in the database, or a JSON file that maps sellers to their
//! deployed services (`--services FILE`), read again when it changes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::SystemTime;

use domain::model::{Catalog, GatewayService};

use crate::db::Db;
use crate::error::ApiResult;

#[async_trait::async_trait]
pub trait Gateway: Send + Sync {
    /// The services `seller_id` has deployed, in the order the seller sees them.
    async fn services(&self, seller_id: &str) -> ApiResult<Vec<GatewayService>>;
}

/// What a seller may choose from (categories, tags, the seller's services): the
/// validators check choices against it.
pub async fn catalog(db: &Db, gateway: &dyn Gateway, seller_id: &str) -> ApiResult<Catalog> {
    Ok(Catalog {
        categories: crate::catalog::categories(db).await?,
        tags: crate::catalog::tags(db).await?,
        services: gateway.services(seller_id).await?,
    })
}

/// The demo sellers' services, seeded into the database.
pub struct DemoGateway {
    pub db: Db,
}

#[async_trait::async_trait]
impl Gateway for DemoGateway {
    async fn services(&self, seller_id: &str) -> ApiResult<Vec<GatewayService>> {
        Ok(crate::catalog::services(&self.db, seller_id).await?)
    }
}

/// `{ "<seller id>": [ { "id": "…", "name": "…", "access_url": "https://…" } ] }`: the
/// seller id is the user id (a JWT's `sub`). A seller not in the file has no service.
pub struct FileGateway {
    path: PathBuf,
    /// When the file was last modified as read, and what it said.
    read: Mutex<(Option<SystemTime>, ServicesBySeller)>,
}

type ServicesBySeller = HashMap<String, Vec<GatewayService>>;

impl FileGateway {
    /// Reads the file once: one that is missing or malformed stops the start.
    pub fn open(path: PathBuf) -> Result<Self, String> {
        let gateway = FileGateway { path, read: Mutex::new((None, HashMap::new())) };
        gateway.reload()?;
        Ok(gateway)
    }

    fn parse(text: &str) -> Result<ServicesBySeller, String> {
        let services: ServicesBySeller =
            serde_json::from_str(text).map_err(|e| format!("not a map of sellers to services: {e}"))?;
        for (seller, list) in &services {
            for service in list {
                if service.id.is_empty() || service.access_url.is_empty() {
                    return Err(format!("a service of {seller:?} has no id or no access_url"));
                }
            }
        }
        Ok(services)
    }

    /// Reads the file again if it changed since it was last read; a file that became
    /// unreadable or malformed keeps the services read before (and says so in the log).
    fn reload(&self) -> Result<(), String> {
        let modified = std::fs::metadata(&self.path).and_then(|m| m.modified()).ok();
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        if read.0.is_some() && read.0 == modified {
            return Ok(());
        }
        let what = |e: String| format!("the services file {}: {e}", self.path.display());
        let text = std::fs::read_to_string(&self.path).map_err(|e| what(e.to_string()))?;
        let services = Self::parse(&text).map_err(what)?;
        tracing::info!(sellers = services.len(), path = %self.path.display(), "read the gateway services");
        *read = (modified, services);
        Ok(())
    }
}

#[async_trait::async_trait]
impl Gateway for FileGateway {
    async fn services(&self, seller_id: &str) -> ApiResult<Vec<GatewayService>> {
        if let Err(e) = self.reload() {
            tracing::warn!(error = %e, "keeping the gateway services read before");
        }
        let read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        Ok(read.1.get(seller_id).cloned().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_services_file_maps_sellers_to_their_services() {
        let services = FileGateway::parse(
            r#"{"u-1":[{"id":"svc-1","name":"天气","access_url":"https://gw.example.com/u-1/weather"}],"u-2":[]}"#,
        )
        .unwrap();
        assert_eq!(services["u-1"][0].name, "天气");
        assert!(services["u-2"].is_empty());
        assert!(FileGateway::parse(r#"{"u-1":[{"id":"","name":"x","access_url":"https://a"}]}"#).is_err());
        assert!(FileGateway::parse(r#"[1,2]"#).is_err());
    }
}
