//! The contract, generated from the handlers. A committed copy lives in
//! `server/openapi.json`; a test fails when the two differ.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api::{catalog, files, products, review};

#[derive(OpenApi)]
#[openapi(
    info(title = "API product publisher", version = "1.0.0",
        description = "Seller console backend: products, files, review. Errors are `{code, message, field}`."),
    paths(
        catalog::me, catalog::demo_accounts, catalog::services, catalog::categories, catalog::tags,
        files::upload, files::download, files::release,
        products::list, products::create, products::get, products::update, products::delete,
        products::clone, products::operate,
        review::queue, review::get, review::approve, review::reject,
    ),
    components(schemas(domain::ApiError, domain::FieldError)),
    modifiers(&Bearer),
)]
pub struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document as JSON, as served and committed.
pub fn json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default() + "\n"
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
