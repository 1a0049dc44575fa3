//! The built console (`dist/`) served from memory, as a browser and a host page on
//! another origin need it: each file read once at start with the precompressed
//! variants the build left next to it (`.br`, `.gz`), chosen by `Accept-Encoding` — never
//! compressed per request; content-hashed names (`split_publish-1f2e….wasm`, and every
//! other file the page loads) cached for a year as immutable, the stable names
//! (index.html, the service worker, the `apx-console.js` host pages import) revalidated
//! with an `ETag`; and
//! `Access-Control-Allow-Origin: *`, so a seller center elsewhere can import the module
//! and its chunks. Any other path is the app's own address: index.html.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// One file of the bundle.
struct Asset {
    mime: &'static str,
    etag: HeaderValue,
    /// Named by its content: never changes, cached for good.
    immutable: bool,
    identity: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
}

/// The bundle, by path (`/apx-console.js`).
pub struct Bundle {
    files: HashMap<String, Asset>,
    /// The Content-Security-Policy the standalone page is sent with.
    policy: HeaderValue,
}

/// The policy the standalone console works under: its own scripts and WebAssembly, no
/// inline script or style (the build moves trunk's start script into a file), images
/// from itself and blob URLs (uploaded images are fetched with the token), requests to
/// itself and to the API base the page names (`<meta name="apx-api-base">`), embedded
/// in frames only by `frame_ancestors`.
fn page_policy(index: Option<&[u8]>, frame_ancestors: &str) -> HeaderValue {
    let api = index
        .and_then(|html| std::str::from_utf8(html).ok())
        .and_then(|html| {
            let at = html.find("name=\"apx-api-base\"")?;
            let content = &html[at..][html[at..].find("content=\"")? + 9..];
            let origin = content.split('"').next()?.trim_end_matches('/');
            origin.starts_with("http").then(|| origin.to_owned())
        })
        .filter(|origin| origin.bytes().all(|b| b.is_ascii_graphic() && b != b';' && b != b','))
        .unwrap_or_default();
    let ancestors: String =
        frame_ancestors.chars().filter(|c| c.is_ascii_graphic() || *c == ' ').filter(|c| *c != ';').collect();
    let policy = format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' {api}; img-src 'self' blob:; \
         style-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; \
         frame-ancestors {ancestors}"
    );
    HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("default-src 'none'"))
}

fn mime(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Whether a file name carries its content hash (`name-<16 hex>.ext`), as the build
/// names every chunk.
pub fn is_content_hashed(path: &str) -> bool {
    let stem = path.rsplit('/').next().unwrap_or_default();
    let stem = stem.split_once('.').map_or(stem, |(stem, _)| stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn etag(bytes: &[u8]) -> HeaderValue {
    // SipHash with fixed keys: the same bytes give the same tag in every run.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    HeaderValue::from_str(&format!("\"{:016x}\"", hasher.finish())).unwrap_or(HeaderValue::from_static("\"\""))
}

impl Bundle {
    /// Reads every file below `dir` (the precompressed variants go with their file);
    /// the page may be framed by `frame_ancestors` (`'none'`, or origins).
    pub fn load(dir: &Path, frame_ancestors: &str) -> std::io::Result<Bundle> {
        let mut files = HashMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let name = path.to_string_lossy();
                if name.ends_with(".br") || name.ends_with(".gz") {
                    continue;
                }
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                let key = format!("/{relative}");
                let identity = Bytes::from(std::fs::read(&path)?);
                let variant = |ext: &str| std::fs::read(format!("{name}.{ext}")).ok().map(Bytes::from);
                files.insert(
                    key.clone(),
                    Asset {
                        mime: mime(&key),
                        etag: etag(&identity),
                        immutable: is_content_hashed(&key),
                        brotli: variant("br"),
                        gzip: variant("gz"),
                        identity,
                    },
                );
            }
        }
        let policy = page_policy(files.get("/index.html").map(|a| a.identity.as_ref()), frame_ancestors);
        Ok(Bundle { files, policy })
    }

    /// Whether the bundle has an app to serve.
    pub fn has_app(&self) -> bool {
        self.files.contains_key("/index.html")
    }

    /// The answer to `GET uri`: the file, or index.html for the app's own addresses.
    pub fn respond(&self, uri: &Uri, request: &HeaderMap) -> Response {
        let path = uri.path();
        let asset = match self.files.get(path) {
            Some(asset) => asset,
            // A missing file is a 404; an address of the app (no extension) is the app.
            None if path.rsplit('/').next().is_some_and(|last| last.contains('.')) => {
                return (StatusCode::NOT_FOUND, "no such file").into_response();
            }
            None => match self.files.get("/index.html") {
                Some(index) => index,
                None => return (StatusCode::NOT_FOUND, "no app").into_response(),
            },
        };
        let cache = if asset.immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.mime));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        headers.insert(header::ETAG, asset.etag.clone());
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        if asset.mime.starts_with("text/html") {
            headers.insert(header::CONTENT_SECURITY_POLICY, self.policy.clone());
        }
        let fresh = request.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|tags| {
            tags.split(',').any(|t| t.trim().as_bytes() == asset.etag.as_bytes() || t.trim() == "*")
        });
        if fresh {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        let accepts = |coding: &str| {
            request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(',').any(|c| {
                    let mut parts = c.split(';');
                    parts.next().is_some_and(|name| name.trim() == coding)
                        && parts.all(|p| p.trim().strip_prefix("q=").is_none_or(|q| q.trim() != "0"))
                })
            })
        };
        let (body, coding) = match (&asset.brotli, &asset.gzip) {
            (Some(br), _) if accepts("br") => (br.clone(), Some("br")),
            (_, Some(gz)) if accepts("gzip") => (gz.clone(), Some("gzip")),
            _ => (asset.identity.clone(), None),
        };
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        (StatusCode::OK, headers, Body::from(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn chunks_are_known_by_their_content_hash() {
        assert!(is_content_hashed("/split_publish-0123456789abcdef.wasm"));
        assert!(is_content_hashed("/__wasm_split-0123456789abcdef.js"));
        assert!(!is_content_hashed("/apx-console.js"));
        assert!(!is_content_hashed("/apx-console_bg.wasm"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/chunk-12.wasm"));
    }
}
