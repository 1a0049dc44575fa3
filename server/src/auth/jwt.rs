//! The seller center's own identity: a bearer token that is a JWT is verified against
//! the identity service's JWKS (a file, or an `https` URL fetched and cached). RS256 and
//! ES256 only; the key chosen by `kid`; `exp` and `nbf` with a small leeway; `iss` and
//! `aud` exact. Anything else is refused before the claims are read.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use domain::Role;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

/// Seconds a token's `exp` and `nbf` may be off (clocks of two machines).
const LEEWAY_SECS: u64 = 30;
/// A JWKS fetched from a URL is fetched again after this, on the next token.
const MAX_AGE: Duration = Duration::from_secs(3600);

/// Where the JWKS comes from.
#[derive(Clone, Debug)]
pub enum JwksSource {
    File(PathBuf),
    Url(String),
}

impl JwksSource {
    /// A path, or an `https://` URL (`http://` only to this machine: a sidecar, a test).
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Some(rest) = text.strip_prefix("http://") {
            let host = rest.split(['/', '?']).next().unwrap_or_default();
            let host = host.rsplit_once(':').map_or(host, |(h, port)| if port.contains(']') { host } else { h });
            return if matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
                Ok(JwksSource::Url(text.to_owned()))
            } else {
                Err(format!("the JWKS must be fetched over https (or from this machine): {text}"))
            };
        }
        if text.starts_with("https://") {
            return Ok(JwksSource::Url(text.to_owned()));
        }
        Ok(JwksSource::File(PathBuf::from(text)))
    }
}

/// What a verified token says about its holder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub sub: String,
    pub role: Role,
    pub name: String,
}

/// Why a token was refused (kept for the log line, never shown to the caller beyond
/// `invalid_token`).
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("not a JWT this service accepts: {0}")]
    Malformed(String),
    #[error("algorithm {0:?} is not accepted (RS256 and ES256 are)")]
    Algorithm(Algorithm),
    #[error("no key in the JWKS has this kid")]
    UnknownKey,
    #[error("{0}")]
    Invalid(jsonwebtoken::errors::Error),
    #[error("the role claim {0:?} is neither seller nor reviewer")]
    Role(String),
}

/// The claims this service reads.
#[derive(Deserialize)]
struct Claims {
    sub: String,
    role: String,
    #[serde(default)]
    name: Option<String>,
}

/// The verification keys of one JWKS, by `kid`, each with the one algorithm it verifies.
#[derive(Default)]
struct Keys {
    by_kid: HashMap<String, (DecodingKey, Algorithm)>,
    /// The only key of a set with a single key, for tokens without a `kid`.
    only: Option<(DecodingKey, Algorithm)>,
}

impl Keys {
    fn from_set(set: &JwkSet) -> Self {
        let usable: Vec<(Option<String>, DecodingKey, Algorithm)> = set
            .keys
            .iter()
            .filter_map(|jwk| Some((jwk.common.key_id.clone(), DecodingKey::from_jwk(jwk).ok()?, algorithm_of(jwk)?)))
            .collect();
        let only = match usable.as_slice() {
            [(_, key, alg)] => Some((key.clone(), *alg)),
            _ => None,
        };
        let by_kid = usable.into_iter().filter_map(|(kid, key, alg)| Some((kid?, (key, alg)))).collect();
        Keys { by_kid, only }
    }

    fn find(&self, kid: Option<&str>) -> Option<(DecodingKey, Algorithm)> {
        match kid {
            Some(kid) => self.by_kid.get(kid).cloned(),
            None => self.only.clone(),
        }
    }
}

/// The one algorithm a key verifies: RS256 for an RSA key, ES256 for a P-256 key (a key
/// whose `alg` says otherwise, or of another kind, is not used).
fn algorithm_of(jwk: &Jwk) -> Option<Algorithm> {
    let alg = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => Algorithm::RS256,
        AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => Algorithm::ES256,
        _ => return None,
    };
    match jwk.common.key_algorithm {
        None => Some(alg),
        Some(KeyAlgorithm::RS256) if alg == Algorithm::RS256 => Some(alg),
        Some(KeyAlgorithm::ES256) if alg == Algorithm::ES256 => Some(alg),
        Some(_) => None,
    }
}

/// Verifies the seller center's tokens.
pub struct JwtVerifier {
    source: JwksSource,
    issuer: String,
    audience: String,
    /// How soon after a fetch an unknown `kid` may fetch the JWKS again.
    refetch_after: Duration,
    keys: RwLock<Arc<Keys>>,
    /// When the keys were last read (one reader at a time).
    fetched: tokio::sync::Mutex<Option<Instant>>,
    http: reqwest::Client,
}

impl JwtVerifier {
    /// Reads the JWKS once. A file that cannot be read is an error (a misconfiguration);
    /// a URL that does not answer yet is tried again on the first token.
    pub async fn new(
        source: JwksSource,
        issuer: String,
        audience: String,
        refetch_after: Duration,
    ) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("an HTTP client for the JWKS: {e}"))?;
        let verifier = JwtVerifier {
            source,
            issuer,
            audience,
            refetch_after,
            keys: RwLock::new(Arc::default()),
            fetched: tokio::sync::Mutex::new(None),
            http,
        };
        match verifier.refresh(true).await {
            Ok(()) => {}
            Err(e) if matches!(verifier.source, JwksSource::Url(_)) => {
                tracing::warn!(error = %e, "the JWKS could not be fetched; trying again on the first token");
            }
            Err(e) => return Err(e),
        }
        Ok(verifier)
    }

    async fn read(&self) -> Result<JwkSet, String> {
        let text = match &self.source {
            JwksSource::File(path) => {
                tokio::fs::read_to_string(path).await.map_err(|e| format!("the JWKS {}: {e}", path.display()))?
            }
            JwksSource::Url(url) => {
                let response = self.http.get(url).send().await.map_err(|e| format!("the JWKS {url}: {e}"))?;
                if !response.status().is_success() {
                    return Err(format!("the JWKS {url}: HTTP {}", response.status()));
                }
                response.text().await.map_err(|e| format!("the JWKS {url}: {e}"))?
            }
        };
        serde_json::from_str(&text).map_err(|e| format!("the JWKS is not a JSON Web Key Set: {e}"))
    }

    /// Reads the JWKS again unless it was read less than `refetch_after` ago (`force`:
    /// regardless). Concurrent callers wait for one read.
    async fn refresh(&self, force: bool) -> Result<(), String> {
        let mut fetched = self.fetched.lock().await;
        if !force && fetched.is_some_and(|at| at.elapsed() < self.refetch_after) {
            return Ok(());
        }
        *fetched = Some(Instant::now());
        let set = self.read().await?;
        let keys = Keys::from_set(&set);
        tracing::info!(keys = keys.by_kid.len(), "read the JWKS");
        *self.keys.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(keys);
        Ok(())
    }

    fn current(&self) -> Arc<Keys> {
        self.keys.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Who holds `token`, if it is a JWT of the seller center that is valid now.
    pub async fn verify(&self, token: &str) -> Result<Identity, Refusal> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| Refusal::Malformed(e.to_string()))?;
        if !matches!(header.alg, Algorithm::RS256 | Algorithm::ES256) {
            return Err(Refusal::Algorithm(header.alg));
        }
        let stale = self.fetched.lock().await.is_none_or(|at| at.elapsed() > MAX_AGE);
        if stale && matches!(self.source, JwksSource::Url(_)) {
            if let Err(e) = self.refresh(false).await {
                tracing::warn!(error = %e, "the JWKS could not be fetched again; keeping the keys read before");
            }
        }
        let kid = header.kid.as_deref();
        let found = match self.current().find(kid) {
            Some(found) => found,
            // A key the identity service added since (rotation): read the set again, at
            // most once per `refetch_after`, so unknown ids cannot make us hammer it.
            None => {
                if let Err(e) = self.refresh(false).await {
                    tracing::warn!(error = %e, "the JWKS could not be fetched for an unknown kid");
                }
                self.current().find(kid).ok_or(Refusal::UnknownKey)?
            }
        };
        let (key, alg) = found;
        if alg != header.alg {
            return Err(Refusal::Algorithm(header.alg));
        }
        let mut validation = Validation::new(alg);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &key, &validation).map_err(Refusal::Invalid)?;
        let claims = data.claims;
        let role = match claims.role.as_str() {
            "seller" => Role::Seller,
            "reviewer" => Role::Reviewer,
            other => return Err(Refusal::Role(other.to_owned())),
        };
        if claims.sub.trim().is_empty() || claims.sub.chars().count() > 128 {
            return Err(Refusal::Malformed("the sub claim is empty or longer than 128 characters".into()));
        }
        let name = claims.name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| claims.sub.clone());
        Ok(Identity { sub: claims.sub, role, name: name.chars().take(200).collect() })
    }
}

/// Whether a bearer token has the shape of a JWT (three base64url parts): such a token
/// is never looked up as a plain token.
pub fn looks_like_jwt(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3
        && parts[..2].iter().all(|p| !p.is_empty())
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jwks_comes_from_a_file_or_https_or_this_machine() {
        assert!(matches!(JwksSource::parse("/etc/apx/jwks.json"), Ok(JwksSource::File(_))));
        assert!(matches!(JwksSource::parse("https://id.example.com/jwks"), Ok(JwksSource::Url(_))));
        assert!(matches!(JwksSource::parse("http://127.0.0.1:9000/jwks"), Ok(JwksSource::Url(_))));
        assert!(matches!(JwksSource::parse("http://localhost/jwks"), Ok(JwksSource::Url(_))));
        assert!(JwksSource::parse("http://id.example.com/jwks").is_err());
    }

    #[test]
    fn only_three_base64url_parts_look_like_a_jwt() {
        assert!(looks_like_jwt("eyJh.eyJz.c2ln"));
        assert!(looks_like_jwt("eyJh.eyJz."));
        assert!(!looks_like_jwt("demo-seller-a"));
        assert!(!looks_like_jwt("a.b"));
        assert!(!looks_like_jwt("a.b.c.d"));
        assert!(!looks_like_jwt("a+b.c.d"));
    }
}
