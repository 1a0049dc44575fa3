//! The contract, generated from the handlers. A committed copy lives in
//! `server/openapi.json`; a test fails when the two differ.

use axum::Json;
use domain::rules::DRAFT_CAPS;
use domain::{FileSlot, Operation, Role, Status, Tab, RULES};
use serde_json::{json, Value};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api::{catalog, changes, comments, events, files, products, review, shares};
use crate::health;

#[derive(OpenApi)]
#[openapi(
    info(title = "API product publisher", version = "1.0.0",
        description = "Seller console backend: products, files, review. Errors are `{code, message, field}`."),
    paths(
        catalog::me, catalog::demo_accounts, catalog::services, catalog::categories, catalog::tags,
        files::upload, files::download, files::release,
        products::list, products::create, products::get, products::update, products::delete,
        products::clone, products::operate,
        changes::get, changes::save, changes::delete, changes::operate, changes::versions,
        comments::review, comments::answer, comments::timeline, events::stream,
        review::list, review::next, review::get, review::change, review::previous,
        review::holder, review::claim, review::release, review::approve, review::reject,
        shares::create, shares::list, shares::revoke, shares::open, shares::file,
        health::healthz, health::readyz, health::metrics,
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

/// The document as served and committed: the handlers' annotations, refined with what
/// every operation can answer and the bounds of `domain`'s rules table.
pub fn document_value() -> Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    refine(&mut doc);
    doc
}

/// The document as JSON, as served and committed.
pub fn json() -> String {
    serde_json::to_string_pretty(&document_value()).unwrap_or_default() + "\n"
}

pub async fn document() -> Json<Value> {
    Json(document_value())
}

/// An error answer in the one shape.
fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ApiError" } } } })
}

/// Operations any signed-in identity may call; every other secured one is one role's
/// (403 for the other).
const ANY_ROLE: [(&str, &str); 5] = [
    ("get", "/api/v1/me"),
    ("get", "/api/v1/categories"),
    ("get", "/api/v1/tags"),
    ("get", "/api/v1/files/{id}"),
    ("get", "/api/v1/events"),
];

/// Adds what the annotations leave implicit: the statuses every operation can answer
/// (400 for a malformed path, query or body; 401 and 403 where a token and a role are
/// needed; 408 past the request timeout; 413 for a body over its limit; 429 past a
/// quota), closed sets as enums, and lengths and bounds from `domain::RULES`.
fn refine(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        // The operations endpoints (health, metrics) take nothing and answer what they say.
        let Some(item) = item.as_object_mut().filter(|_| path.starts_with("/api/")) else { continue };
        for (method, op) in item.iter_mut() {
            let secured = op.get("security").is_some();
            let has_body = op.get("requestBody").is_some();
            let upload = method == "post" && path == "/api/v1/files";
            let creates = method == "post" && (path == "/api/v1/products" || path.ends_with("/clone") || upload);
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            let mut add = |status: &str, description: &str| {
                responses.entry(status.to_owned()).or_insert_with(|| error_response(description));
            };
            add("400", "the path, query or body is malformed (`bad_request`)");
            if secured {
                add("401", "no bearer token, or an unknown one (`unauthorized`)");
                if !ANY_ROLE.contains(&(method.as_str(), path.as_str())) {
                    add("403", "the token's identity does not have this role (`forbidden`)");
                }
            }
            if !upload && !path.ends_with("/events") {
                add("408", "the request took longer than the server allows (`timeout`)");
            }
            if has_body {
                add("413", "the body is over its limit (`too_large`, or `quota` for a seller's bytes)");
            }
            if creates {
                add("429", "the seller's quota of products or files is used up (`quota`)");
            }
        }
    }
    let seller_segments: Vec<&str> =
        Operation::ALL.into_iter().filter(|op| op.role() == Role::Seller).filter_map(Operation::segment).collect();
    let tabs: Vec<&str> = Tab::ALL.into_iter().map(Tab::slug).collect();
    let statuses: Vec<&str> = Status::ALL.into_iter().map(Status::slug).collect();
    let slots: Vec<&str> = FileSlot::ALL.into_iter().map(FileSlot::name).collect();
    parameter(doc, "/api/v1/products", "get", "tab", json!({ "type": "string", "enum": tabs }));
    parameter(doc, "/api/v1/products", "get", "status", json!({ "type": "string", "enum": statuses }));
    parameter(doc, "/api/v1/products", "get", "q", json!({ "type": "string", "maxLength": RULES.s1_name.max_chars }));
    parameter(doc, "/api/v1/products", "get", "page", json!({ "type": "integer", "minimum": 1, "maximum": u32::MAX }));
    parameter(doc, "/api/v1/products", "get", "per_page", json!({ "type": "integer", "minimum": 1, "maximum": 100 }));
    parameter(
        doc,
        "/api/v1/products/{id}/{operation}",
        "post",
        "operation",
        json!({ "type": "string", "enum": seller_segments }),
    );
    let change_segments: Vec<&str> = Operation::ALL.into_iter().filter_map(Operation::change_segment).collect();
    parameter(
        doc,
        "/api/v1/products/{id}/change/{operation}",
        "post",
        "operation",
        json!({ "type": "string", "enum": change_segments }),
    );
    parameter(doc, "/api/v1/files", "post", "field", json!({ "type": "string", "enum": slots }));
    if let Some(body) = doc.pointer_mut("/paths/~1api~1v1~1files/post/requestBody") {
        body["required"] = json!(true);
    }
    if let Some(body) = doc.pointer_mut("/paths/~1api~1v1~1files/post/requestBody/content/multipart~1form-data") {
        body["schema"] = json!({
            "type": "object", "required": ["file"],
            "maxProperties": files::MAX_OTHER_PARTS + 1,
            "propertyNames": { "pattern": files::OTHER_PART_NAME },
            "additionalProperties": { "type": "string", "maxLength": files::MAX_OTHER_PART_CHARS,
                "description": "a client's own small field, ignored" },
            "properties": { "file": { "type": "string", "format": "binary", "description": "the file; its kind is read from its content" } },
        });
    }
    let caps = DRAFT_CAPS;
    let schemas = "/components/schemas";
    let text = |max: usize| json!({ "maxLength": max });
    bound(doc, &format!("{schemas}/ProductContent/properties/name"), text(RULES.s1_name.max_chars));
    bound(doc, &format!("{schemas}/ProductContent/properties/summary"), text(RULES.s2_summary.max_chars));
    bound(doc, &format!("{schemas}/ProductContent/properties/detail"), text(RULES.s2_detail.max_chars));
    bound(doc, &format!("{schemas}/ProductContent/properties/cases"), text(RULES.s2_cases.max_chars));
    bound(
        doc,
        &format!("{schemas}/ProductContent/properties/images"),
        json!({ "maxItems": RULES.s2_images.max_count }),
    );
    bound(
        doc,
        &format!("{schemas}/ProductContent/properties/copyright_certs"),
        json!({ "maxItems": RULES.s3_copyright.max_count }),
    );
    bound(doc, &format!("{schemas}/ProductContent/properties/tags"), json!({ "maxItems": RULES.s3_tags.max }));
    bound(doc, &format!("{schemas}/ProductContent/properties/tags/items"), text(caps.id));
    bound(doc, &format!("{schemas}/ProductContent/properties/specs"), json!({ "maxItems": RULES.s4_specs.max }));
    bound(doc, &format!("{schemas}/ServiceSupport/properties/hotline"), text(caps.hotline));
    bound(doc, &format!("{schemas}/ServiceSupport/properties/email"), text(caps.email));
    bound(doc, &format!("{schemas}/CategoryChoice/properties/level1"), text(caps.id));
    bound(doc, &format!("{schemas}/CategoryChoice/properties/level2"), text(caps.id));
    bound(doc, &format!("{schemas}/Spec/properties/name"), text(RULES.s4_name.max_chars));
    bound(doc, &format!("{schemas}/Spec/properties/service_id"), text(caps.id));
    bound(doc, &format!("{schemas}/Spec/properties/access_url"), text(caps.access_url));
    bound(doc, &format!("{schemas}/Spec/properties/packages"), json!({ "maxItems": RULES.s4_packages.count.max }));
    bound(doc, &format!("{schemas}/Package/properties/name"), text(RULES.s4_packages.name_max_chars));
    bound(doc, &format!("{schemas}/Package/properties/calls"), text(caps.number));
    bound(doc, &format!("{schemas}/Package/properties/price"), text(caps.number));
    bound(doc, &format!("{schemas}/Package/properties/validity"), text(caps.validity));
    bound(doc, &format!("{schemas}/RejectRequest/properties/reason"), text(RULES.rv_reason.max_chars));
    bound(
        doc,
        &format!("{schemas}/RejectRequest/properties/comments"),
        json!({ "maxItems": domain::review::MAX_COMMENTS }),
    );
    bound(doc, &format!("{schemas}/NewComment/properties/text"), text(RULES.rv_comment.max_chars));
    bound(doc, &format!("{schemas}/AnswerRequest/properties/text"), text(RULES.rv_answer.max_chars));
    let weekly = format!("{schemas}/ServiceHours/oneOf/1/properties");
    bound(
        doc,
        &format!("{weekly}/days"),
        json!({ "maxItems": 7, "items": { "type": "integer", "minimum": 1, "maximum": 7 } }),
    );
    bound(doc, &format!("{weekly}/start"), text(caps.time));
    bound(doc, &format!("{weekly}/end"), text(caps.time));
    if let Some(schemas) = doc.pointer_mut(schemas) {
        integer_bounds(schemas);
    }
    bound(doc, &format!("{schemas}/u8"), json!({ "maximum": u8::MAX }));
    if let Some(info) = doc.pointer_mut("/info/description") {
        *info = json!(
            "Seller console backend: products, files, review. Errors are `{code, message, field}`. \
             Text lengths (`maxLength`) are the rules' limits; the backend counts user-perceived \
             characters (grapheme clusters: a Chinese character or an emoji is one), so a text \
             within `maxLength` is always within the rule. Rules the schema cannot state (a \
             gateway service that is the seller's, a file that is the seller's, a phone number's \
             form) answer 422 with every field error."
        );
    }
}

/// Gives every unsigned integer the largest value it can hold: `u32::MAX` for 32 bits,
/// and for 64 bits the largest integer a JSON number keeps exactly in a browser (2^53 − 1).
fn integer_bounds(value: &mut Value) {
    match value {
        Value::Object(schema) => {
            let unsigned = schema.get("minimum").and_then(Value::as_u64) == Some(0) && !schema.contains_key("maximum");
            let maximum = match schema.get("format").and_then(Value::as_str) {
                Some("int32") if unsigned => Some(json!(u32::MAX)),
                Some("int64") if unsigned => Some(json!((1u64 << 53) - 1)),
                _ => None,
            };
            if let Some(maximum) = maximum {
                schema.insert("maximum".into(), maximum);
            }
            schema.values_mut().for_each(integer_bounds);
        }
        Value::Array(items) => items.iter_mut().for_each(integer_bounds),
        _ => {}
    }
}

/// Replaces the schema of the parameter `name` of an operation.
fn parameter(doc: &mut Value, path: &str, method: &str, name: &str, schema: Value) {
    let pointer = format!("/paths/{}/{method}/parameters", path.replace('/', "~1"));
    let Some(parameters) = doc.pointer_mut(&pointer).and_then(Value::as_array_mut) else { return };
    for p in parameters.iter_mut().filter(|p| p["name"] == name) {
        p["schema"] = schema.clone();
    }
}

/// Adds the keywords of `bounds` to the schema at `pointer`.
fn bound(doc: &mut Value, pointer: &str, bounds: Value) {
    let (Some(schema), Some(bounds)) = (doc.pointer_mut(pointer).and_then(Value::as_object_mut), bounds.as_object())
    else {
        return;
    };
    for (key, value) in bounds {
        schema.insert(key.clone(), value.clone());
    }
}
