//! The seller center's identity: bearer tokens that are JWTs of its identity service,
//! verified against its JWKS (a file, or a URL fetched again when a key rotates). Each
//! refusal is 401 with `WWW-Authenticate: Bearer … error="invalid_token"`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine;
use common::*;
use domain::model::{GatewayService, Product, ProductPage, User};
use domain::Role;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{json, Value};

const ISSUER: &str = "https://id.seller-center.example";
const AUDIENCE: &str = "apx-console";

/// A test key: its algorithm and private key.
struct Key {
    alg: Algorithm,
    private: EncodingKey,
}

fn key(kid: &'static str) -> Key {
    match kid {
        "rsa-1" => Key {
            alg: Algorithm::RS256,
            private: EncodingKey::from_rsa_pem(include_bytes!("keys/rsa-1.pem")).expect("rsa-1"),
        },
        "rsa-2" => Key {
            alg: Algorithm::RS256,
            private: EncodingKey::from_rsa_pem(include_bytes!("keys/rsa-2.pem")).expect("rsa-2"),
        },
        "ec-1" => Key {
            alg: Algorithm::ES256,
            private: EncodingKey::from_ec_pem(include_bytes!("keys/ec-1.pem")).expect("ec-1"),
        },
        other => panic!("no test key {other}"),
    }
}

/// The public JWKS of `kids`, as an identity service publishes it.
fn jwks(kids: &[&'static str]) -> String {
    let keys = kids
        .iter()
        .map(|kid| {
            let k = key(kid);
            let mut jwk = Jwk::from_encoding_key(&k.private, k.alg).expect("a JWK");
            jwk.common.key_id = Some((*kid).to_owned());
            jwk
        })
        .collect();
    serde_json::to_string(&JwkSet { keys }).expect("JSON")
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64
}

/// Claims the seller center would put in a token for `sub` with `role`.
fn claims(sub: &str, role: &str) -> Value {
    json!({ "iss": ISSUER, "aud": AUDIENCE, "sub": sub, "role": role, "name": format!("卖家 {sub}"),
            "iat": now(), "nbf": now() - 5, "exp": now() + 600 })
}

fn sign(kid: &'static str, claims: &Value) -> String {
    let k = key(kid);
    let mut header = Header::new(k.alg);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &k.private).expect("signed")
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A server that accepts the seller center's tokens from `jwks` (a path or URL).
async fn server_with_jwks(jwks: &str, demo: bool, refetch_secs: u64, dir: &std::path::Path) -> Server {
    let config = apx_server::Config {
        auth_jwks: Some(jwks.to_owned()),
        auth_issuer: Some(ISSUER.into()),
        auth_audience: Some(AUDIENCE.into()),
        auth_jwks_refetch: refetch_secs,
        demo,
        ..apx_server::Config::for_tests(dir.to_path_buf())
    };
    serve(config).await
}

/// A server with a JWKS file holding rsa-1 and ec-1.
async fn server(demo: bool) -> (Server, tempfile::TempDir) {
    let temp = tempfile::tempdir().expect("temp dir");
    let path = temp.path().join("jwks.json");
    std::fs::write(&path, jwks(&["rsa-1", "ec-1"])).expect("jwks written");
    let s = server_with_jwks(path.to_str().expect("path"), demo, 60, &temp.path().join("data")).await;
    (s, temp)
}

async fn me(s: &Server, token: &str) -> reqwest::Response {
    s.get(token, "/me").await
}

/// Asserts the answer is the refusal of a bad token.
async fn refused(response: reqwest::Response, what: &str) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{what}");
    let challenge = response.headers()["www-authenticate"].to_str().expect("header").to_owned();
    assert!(challenge.starts_with("Bearer") && challenge.contains("error=\"invalid_token\""), "{what}: {challenge}");
    let body = error(response, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["code"], "unauthorized", "{what}");
}

#[tokio::test]
async fn tokens_of_the_seller_center_sign_in_with_rs256_and_es256() {
    let (s, _temp) = server(false).await;
    for kid in ["rsa-1", "ec-1"] {
        let user: User = json(expect(me(&s, &sign(kid, &claims("u-100", "seller"))).await, StatusCode::OK).await).await;
        assert_eq!(user, User { id: "u-100".into(), name: "卖家 u-100".into(), role: Role::Seller }, "{kid}");
    }
    let reviewer: User =
        json(expect(me(&s, &sign("rsa-1", &claims("r-7", "reviewer"))).await, StatusCode::OK).await).await;
    assert_eq!(reviewer.role, Role::Reviewer);
    // The role decides what the token may do, as for any other user.
    let queue = s.get(&sign("rsa-1", &claims("u-100", "seller")), "/review/queue").await;
    assert_eq!(queue.status(), StatusCode::FORBIDDEN);
    expect(s.get(&sign("ec-1", &claims("r-7", "reviewer")), "/review/queue").await, StatusCode::OK).await;
}

#[tokio::test]
async fn every_bad_token_is_refused_as_invalid_token() {
    let (s, _temp) = server(false).await;
    let good = sign("rsa-1", &claims("u-1", "seller"));
    let [header, payload, signature]: [&str; 3] = good.split('.').collect::<Vec<_>>().try_into().expect("3 parts");

    let unsigned = format!("{}.{}.", b64(br#"{"alg":"none","typ":"JWT","kid":"rsa-1"}"#), payload);
    refused(me(&s, &unsigned).await, "alg none").await;

    let mut hs = Header::new(Algorithm::HS256);
    hs.kid = Some("rsa-1".into());
    let hmac =
        jsonwebtoken::encode(&hs, &claims("u-1", "seller"), &EncodingKey::from_secret(b"secret").unwrap()).unwrap();
    refused(me(&s, &hmac).await, "HS256 with a secret").await;
    // The classic confusion: the RSA public key used as an HMAC secret.
    let public = jwks(&["rsa-1"]);
    let confused =
        jsonwebtoken::encode(&hs, &claims("u-1", "seller"), &EncodingKey::from_secret(public.as_bytes()).unwrap())
            .unwrap();
    refused(me(&s, &confused).await, "HS256 keyed with the public key").await;

    refused(me(&s, &sign("rsa-2", &claims("u-1", "seller"))).await, "a key not in the JWKS").await;

    let mut tampered: Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    tampered["sub"] = json!("u-2");
    let forged = format!("{header}.{}.{signature}", b64(tampered.to_string().as_bytes()));
    refused(me(&s, &forged).await, "a payload changed after signing").await;
    refused(me(&s, &format!("{header}.{payload}.{}", b64(b"not a signature"))).await, "a wrong signature").await;

    // RS256 claimed for the EC key: the key decides the algorithm.
    let mut rs_on_ec = Header::new(Algorithm::RS256);
    rs_on_ec.kid = Some("ec-1".into());
    let mixed = jsonwebtoken::encode(&rs_on_ec, &claims("u-1", "seller"), &key("rsa-1").private).unwrap();
    refused(me(&s, &mixed).await, "RS256 under the EC key's id").await;

    let with = |change: &dyn Fn(&mut Value)| {
        let mut c = claims("u-1", "seller");
        change(&mut c);
        sign("rsa-1", &c)
    };
    refused(me(&s, &with(&|c| c["exp"] = json!(now() - 3600))).await, "expired").await;
    refused(me(&s, &with(&|c| c["nbf"] = json!(now() + 3600))).await, "not valid yet").await;
    refused(me(&s, &with(&|c| c["iss"] = json!("https://evil.example"))).await, "another issuer").await;
    refused(me(&s, &with(&|c| c["aud"] = json!("another-app"))).await, "another audience").await;
    refused(me(&s, &with(&|c| c["role"] = json!("admin"))).await, "a role that is neither").await;
    refused(me(&s, &with(&|c| drop(c.as_object_mut().unwrap().remove("sub")))).await, "no subject").await;
    refused(me(&s, &with(&|c| drop(c.as_object_mut().unwrap().remove("exp")))).await, "no expiry").await;
    refused(me(&s, "not.a.jwt").await, "garbage in the shape of a JWT").await;

    // Within the leeway, a clock a little behind is fine.
    let skewed = with(&|c| c["exp"] = json!(now() - 10));
    expect(me(&s, &skewed).await, StatusCode::OK).await;
    // No token at all is asked for, not called invalid.
    let none = s.request(reqwest::Method::GET, None, "/me").send().await.unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert!(!none.headers()["www-authenticate"].to_str().unwrap().contains("invalid_token"));
}

#[tokio::test]
async fn demo_tokens_sign_in_only_in_demo_mode() {
    let (production, _a) = server(false).await;
    refused(me(&production, SELLER_A).await, "a demo token outside demo mode").await;
    refused(me(&production, "some-opaque-token").await, "an unknown plain token").await;
    let (demo, _b) = server(true).await;
    expect(me(&demo, SELLER_A).await, StatusCode::OK).await;
    expect(me(&demo, &sign("ec-1", &claims("u-5", "seller"))).await, StatusCode::OK).await;
}

#[tokio::test]
async fn a_seller_seen_first_is_created_from_the_claims_and_sees_only_their_own() {
    let (s, _temp) = server(false).await;
    let one = sign("rsa-1", &claims("u-1", "seller"));
    let two = sign("ec-1", &claims("u-2", "seller"));
    let product: Product =
        s.create(&one, domain::model::ProductContent { name: "一号的商品".into(), ..Default::default() }).await;
    let page: ProductPage = json(expect(s.get(&one, "/products").await, StatusCode::OK).await).await;
    assert_eq!(page.total, 1);
    let theirs: ProductPage = json(expect(s.get(&two, "/products").await, StatusCode::OK).await).await;
    assert_eq!(theirs.total, 0, "another seller's list is their own");
    assert_eq!(s.get(&two, &format!("/products/{}", product.id)).await.status(), StatusCode::NOT_FOUND);
    // A new name in the claims is the name from then on.
    let mut renamed = claims("u-1", "seller");
    renamed["name"] = json!("一号（改名）");
    let user: User = json(expect(me(&s, &sign("rsa-1", &renamed)).await, StatusCode::OK).await).await;
    assert_eq!(user.name, "一号（改名）");
    let page: ProductPage =
        json(expect(s.get(&sign("rsa-1", &renamed), "/products").await, StatusCode::OK).await).await;
    assert_eq!(page.total, 1, "the same user");
}

/// A JWKS served over HTTP by a tiny identity service that counts its fetches.
struct Identity {
    url: String,
    set: Arc<Mutex<String>>,
    fetches: Arc<AtomicUsize>,
    _task: tokio::task::JoinHandle<()>,
}

async fn identity_service(kids: &[&'static str]) -> Identity {
    let set = Arc::new(Mutex::new(jwks(kids)));
    let fetches = Arc::new(AtomicUsize::new(0));
    let (served, counted) = (set.clone(), fetches.clone());
    let app = axum::Router::new().route(
        "/.well-known/jwks.json",
        axum::routing::get(move || {
            let (served, counted) = (served.clone(), counted.clone());
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                let body = served.lock().unwrap().clone();
                ([(axum::http::header::CONTENT_TYPE, "application/json")], body)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/.well-known/jwks.json", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Identity { url, set, fetches, _task: task }
}

#[tokio::test]
async fn a_jwks_url_is_cached_and_a_rotated_key_is_picked_up() {
    let identity = identity_service(&["rsa-1"]).await;
    let temp = tempfile::tempdir().unwrap();
    let s = server_with_jwks(&identity.url, false, 0, temp.path()).await;
    assert_eq!(identity.fetches.load(Ordering::SeqCst), 1, "fetched once at start");
    for _ in 0..3 {
        expect(me(&s, &sign("rsa-1", &claims("u-1", "seller"))).await, StatusCode::OK).await;
    }
    assert_eq!(identity.fetches.load(Ordering::SeqCst), 1, "known keys come from the cache");

    refused(me(&s, &sign("rsa-2", &claims("u-1", "seller"))).await, "a key not published yet").await;
    // The identity service rotates: rsa-2 is published (rsa-1 kept for tokens in flight).
    *identity.set.lock().unwrap() = jwks(&["rsa-1", "rsa-2"]);
    expect(me(&s, &sign("rsa-2", &claims("u-1", "seller"))).await, StatusCode::OK).await;
    let fetched = identity.fetches.load(Ordering::SeqCst);
    assert!(fetched >= 2, "the unknown kid fetched the set again ({fetched})");
}

#[tokio::test]
async fn unknown_key_ids_fetch_the_jwks_at_most_once_a_minute() {
    let identity = identity_service(&["rsa-1"]).await;
    let temp = tempfile::tempdir().unwrap();
    let s = server_with_jwks(&identity.url, false, 60, temp.path()).await;
    for _ in 0..5 {
        refused(me(&s, &sign("rsa-2", &claims("u-1", "seller"))).await, "unknown kid").await;
    }
    assert_eq!(identity.fetches.load(Ordering::SeqCst), 1, "no fetch within the minute after the last");
    expect(me(&s, &sign("rsa-1", &claims("u-1", "seller"))).await, StatusCode::OK).await;
}

#[tokio::test]
async fn a_services_file_gives_each_seller_their_deployed_services() {
    let temp = tempfile::tempdir().unwrap();
    let jwks_path = temp.path().join("jwks.json");
    std::fs::write(&jwks_path, jwks(&["rsa-1"])).unwrap();
    let services_path = temp.path().join("services.json");
    let listed = json!({ "u-1": [ { "id": "gw-weather", "name": "天气服务", "access_url": "https://gw.example.com/u-1/weather" } ] });
    std::fs::write(&services_path, listed.to_string()).unwrap();
    let config = apx_server::Config {
        auth_jwks: Some(jwks_path.to_str().unwrap().to_owned()),
        auth_issuer: Some(ISSUER.into()),
        auth_audience: Some(AUDIENCE.into()),
        services: Some(services_path.clone()),
        demo: false,
        ..apx_server::Config::for_tests(temp.path().join("data"))
    };
    let s = serve(config).await;
    let one = sign("rsa-1", &claims("u-1", "seller"));
    let services: Vec<GatewayService> = json(expect(s.get(&one, "/services").await, StatusCode::OK).await).await;
    assert_eq!(services.len(), 1);
    assert_eq!(services[0].access_url, "https://gw.example.com/u-1/weather");
    let none: Vec<GatewayService> =
        json(expect(s.get(&sign("rsa-1", &claims("u-9", "seller")), "/services").await, StatusCode::OK).await).await;
    assert!(none.is_empty(), "a seller without services has none");
    // A draft names a service by id, and its access address is the gateway's.
    let content = domain::model::ProductContent {
        specs: vec![domain::model::Spec {
            name: "基础版".into(),
            service_id: "gw-weather".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let product: Product = s.create(&one, content).await;
    assert_eq!(product.content.specs[0].access_url, "https://gw.example.com/u-1/weather");
    // The file changes (a new deployment): the next request sees it.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let more = json!({ "u-1": [ { "id": "gw-weather", "name": "天气服务", "access_url": "https://gw.example.com/u-1/weather" },
                                { "id": "gw-air", "name": "空气质量", "access_url": "https://gw.example.com/u-1/air" } ] });
    std::fs::write(&services_path, more.to_string()).unwrap();
    let file = std::fs::File::options().write(true).open(&services_path).unwrap();
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(1)).unwrap();
    let services: Vec<GatewayService> = json(expect(s.get(&one, "/services").await, StatusCode::OK).await).await;
    assert_eq!(services.len(), 2);
}

#[tokio::test]
async fn the_readme_example_jwks_verifies_tokens_of_its_keys() {
    let temp = tempfile::tempdir().unwrap();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/keys/jwks.example.json");
    let s = server_with_jwks(example, false, 60, temp.path()).await;
    for kid in ["rsa-1", "ec-1"] {
        expect(me(&s, &sign(kid, &claims("u-1", "seller"))).await, StatusCode::OK).await;
    }
    refused(me(&s, &sign("rsa-2", &claims("u-1", "seller"))).await, "a key the example does not hold").await;
}
