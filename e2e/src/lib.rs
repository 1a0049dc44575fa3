//! A small WebDriver client for the end-to-end tests: one headless Chromium per test,
//! driven through chromedriver (W3C WebDriver over HTTP), with helpers that look into
//! the console wherever it is mounted — the standalone page, or the shadow root of the
//! widget on the demo seller center.
//!
//! Chromium and chromedriver come from apt (`scripts/tools.sh`); `CHROMEDRIVER` and
//! `CHROMIUM` override their paths.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The W3C name of an element reference in JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long a `wait_*` waits before failing the test.
const WAIT: Duration = Duration::from_secs(20);

/// Defines `R()`: the console's root to query (the widget's shadow root when the page
/// embeds it, else the document), and `T(el)`: an element's visible text.
const PRELUDE: &str = "const R = () => { const h = document.querySelector('#apx-widget'); \
    return (h && h.shadowRoot) || document; }; \
    const T = (el) => (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim();";

/// Keys for [`Browser::press`] (WebDriver's code points).
pub mod key {
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const SHIFT: &str = "\u{E008}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const SPACE: &str = " ";
    pub const DOWN: &str = "\u{E015}";
}

/// An element found in the page (a WebDriver element reference).
#[derive(Clone, Debug)]
pub struct El(String);

impl El {
    fn json(&self) -> Value {
        json!({ ELEMENT: self.0 })
    }
}

/// A headless Chromium with its chromedriver; both end when this is dropped.
pub struct Browser {
    http: reqwest::Client,
    driver: Child,
    driver_url: String,
    session: String,
    /// The origin the console is served from (`http://127.0.0.1:1234`).
    pub origin: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl Browser {
    /// Starts chromedriver and a Chromium session for pages on `origin`.
    pub async fn start(origin: &str) -> Browser {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{chromedriver}: {e} (install chromium-driver)"));
        let driver_url = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let started = Instant::now();
        while http.get(format!("{driver_url}/status")).send().await.is_err() {
            assert!(started.elapsed() < WAIT, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // The network here is closed: without these flags Chromium stalls on start.
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1000", "--lang=zh-CN"],
            },
        }}});
        let answer: Value = http
            .post(format!("{driver_url}/session"))
            .json(&capabilities)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("session JSON");
        let session =
            answer["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {answer}")).to_owned();
        Browser { http, driver, driver_url, session, origin: origin.trim_end_matches('/').to_owned() }
    }

    async fn command(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.driver_url, self.session);
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value =
            request.send().await.expect("WebDriver request").json().await.expect("WebDriver answers JSON");
        if let Some(error) = answer["value"]["error"].as_str() {
            panic!("WebDriver {path}: {error}: {}", answer["value"]["message"]);
        }
        answer["value"].clone()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.command(reqwest::Method::POST, path, Some(body)).await
    }

    /// Opens `path` on the console's origin.
    pub async fn goto(&self, path: &str) {
        self.post("/url", json!({ "url": format!("{}{path}", self.origin) })).await;
    }

    /// The page's address below the origin (`/products/pending`).
    pub async fn path(&self) -> String {
        self.js("return location.pathname + location.search", vec![]).await.as_str().unwrap_or_default().to_owned()
    }

    /// Runs `script` (with `R()` and `T()` defined) and returns its result.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.post("/execute/sync", json!({ "script": format!("{PRELUDE}\n{script}"), "args": args })).await
    }

    /// Runs an asynchronous `script`: it calls `arguments[arguments.length - 1]` with its result.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.post("/execute/async", json!({ "script": format!("{PRELUDE}\n{script}"), "args": args })).await
    }

    /// The console's visible text.
    pub async fn text(&self) -> String {
        let script = "const r = R(); return T(r.body || r.querySelector('.apx-root') || document.body);";
        self.js(script, vec![]).await.as_str().unwrap_or_default().to_owned()
    }

    /// Waits until `condition` (a JS expression, `R()` and `T()` defined) is true.
    pub async fn wait(&self, what: &str, condition: &str) {
        let started = Instant::now();
        loop {
            if self.js(&format!("return !!({condition});"), vec![]).await == json!(true) {
                return;
            }
            if started.elapsed() > WAIT {
                panic!("timed out waiting for {what} ({condition}); the console says:\n{}", self.text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the console shows `text`.
    pub async fn wait_text(&self, text: &str) {
        let condition = format!("T(R().querySelector('.apx-root') || document.body).includes({})", json!(text));
        self.wait(&format!("the text {text:?}"), &condition).await;
    }

    /// The first element matching `css` whose text contains `text` (any text if empty),
    /// waiting for it to appear.
    pub async fn find(&self, css: &str, text: &str) -> El {
        let started = Instant::now();
        loop {
            if let Some(el) = self.try_find(css, text).await {
                return el;
            }
            if started.elapsed() > WAIT {
                panic!("no {css} with text {text:?}; the console says:\n{}", self.text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `script` (given `args`) returns an element, and returns it.
    pub async fn find_by(&self, what: &str, script: &str, args: Vec<Value>) -> El {
        let started = Instant::now();
        loop {
            let found = self.js(script, args.clone()).await;
            if let Some(id) = found.get(ELEMENT).and_then(Value::as_str) {
                return El(id.to_owned());
            }
            if started.elapsed() > WAIT {
                panic!("no {what}; the console says:\n{}", self.text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// An element of the host page itself (outside the console), waiting for it.
    pub async fn find_host(&self, css: &str) -> El {
        self.find_by(css, "return document.querySelector(arguments[0]);", vec![json!(css)]).await
    }

    /// Like [`Browser::find`], without waiting.
    pub async fn try_find(&self, css: &str, text: &str) -> Option<El> {
        let script =
            "return [...R().querySelectorAll(arguments[0])].find((el) => T(el).includes(arguments[1])) || null;";
        let found = self.js(script, vec![json!(css), json!(text)]).await;
        found.get(ELEMENT).and_then(Value::as_str).map(|id| El(id.to_owned()))
    }

    /// How many elements match `css`.
    pub async fn count(&self, css: &str) -> usize {
        let n = self.js("return R().querySelectorAll(arguments[0]).length;", vec![json!(css)]).await;
        n.as_u64().unwrap_or(0) as usize
    }

    /// Clicks an element as a person would (scrolled into view, real pointer events).
    pub async fn click(&self, el: &El) {
        self.post(&format!("/element/{}/click", el.0), json!({})).await;
    }

    /// Finds (waiting) and clicks the first `css` element whose text contains `text`.
    pub async fn click_on(&self, css: &str, text: &str) {
        let el = self.find(css, text).await;
        self.click(&el).await;
    }

    /// Replaces the value of the field `css` by typing `text` into it.
    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css, "").await;
        self.js("arguments[0].focus(); arguments[0].select();", vec![el.json()]).await;
        self.post(&format!("/element/{}/value", el.0), json!({ "text": text })).await;
    }

    /// Chooses `value` in the `<select>` `css` (and tells the page, as a person's choice would).
    pub async fn choose(&self, css: &str, value: &str) {
        let el = self.find(css, "").await;
        self.wait(
            &format!("option {value} in {css}"),
            &format!("R().querySelector({}).querySelector('option[value=\"{value}\"]')", json!(css)),
        )
        .await;
        let script =
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));";
        self.js(script, vec![el.json(), json!(value)]).await;
    }

    /// Gives the file input `css` the files at `paths`, as the file picker would.
    pub async fn choose_files(&self, css: &str, paths: &[&std::path::Path]) {
        let el = self.find(css, "").await;
        self.send_files(&el, paths).await;
    }

    /// Gives a file input the files at `paths`.
    pub async fn send_files(&self, el: &El, paths: &[&std::path::Path]) {
        let text: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        self.post(&format!("/element/{}/value", el.0), json!({ "text": text.join("\n") })).await;
    }

    /// The `value` of the field `css`.
    pub async fn value(&self, css: &str) -> String {
        let v =
            self.js("const el = R().querySelector(arguments[0]); return el ? el.value : null;", vec![json!(css)]).await;
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Presses `keys` one after another on whatever has focus (the keyboard alone).
    pub async fn press(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for k in keys {
            for c in k.chars() {
                actions.push(json!({ "type": "keyDown", "value": c.to_string() }));
                actions.push(json!({ "type": "keyUp", "value": c.to_string() }));
            }
        }
        self.post("/actions", json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })).await;
    }

    /// Presses `key` with Shift held.
    pub async fn press_shifted(&self, key: &str) {
        let actions = json!([
            { "type": "keyDown", "value": key::SHIFT },
            { "type": "keyDown", "value": key },
            { "type": "keyUp", "value": key },
            { "type": "keyUp", "value": key::SHIFT },
        ]);
        self.post("/actions", json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })).await;
    }

    /// The focused element (inside the widget's shadow root, if focus is there), described
    /// as `tag#id.text` for matching and messages.
    pub async fn focused(&self) -> String {
        let script = "let el = document.activeElement; while (el && el.shadowRoot && el.shadowRoot.activeElement) \
            { el = el.shadowRoot.activeElement; } \
            return el ? `${el.tagName.toLowerCase()}#${el.id} ${T(el).slice(0, 60)}` : '';";
        self.js(script, vec![]).await.as_str().unwrap_or_default().to_owned()
    }

    /// The focused element as a reference (for giving a focused file input its files).
    pub async fn focused_element(&self) -> El {
        let script = "let el = document.activeElement; while (el && el.shadowRoot && el.shadowRoot.activeElement) \
            { el = el.shadowRoot.activeElement; } return el;";
        let found = self.js(script, vec![]).await;
        El(found[ELEMENT].as_str().expect("a focused element").to_owned())
    }

    /// Presses Tab (Shift+Tab if `back`) until the focused element matches `want`
    /// (see [`Browser::focused`]), at most `limit` times.
    pub async fn tab_to(&self, want: &str, back: bool, limit: usize) {
        for _ in 0..limit {
            if self.focused().await.contains(want) {
                return;
            }
            if back {
                self.press_shifted(key::TAB).await;
            } else {
                self.press(&[key::TAB]).await;
            }
        }
        panic!("Tab never reached {want:?}; focus is on {:?}", self.focused().await);
    }

    /// Saves a PNG screenshot of the window at `path` (for looking at a failure).
    pub async fn screenshot(&self, path: &std::path::Path) {
        use std::io::Write as _;
        let data = self.command(reqwest::Method::GET, "/screenshot", None).await;
        let bytes = decode_base64(data.as_str().unwrap_or_default());
        if let Ok(mut f) = std::fs::File::create(path) {
            let _ = f.write_all(&bytes);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ends the session (closing Chromium) with a plain blocking request: a test that
        // panicked has no runtime left to await in.
        let address = self.driver_url.trim_start_matches("http://").to_owned();
        if let Ok(mut stream) = std::net::TcpStream::connect(&address) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let request = format!(
                "DELETE /session/{} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                self.session
            );
            let _ = stream.write_all(request.as_bytes());
            let _ = stream.read_to_end(&mut Vec::new());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (a screenshot), without a crate for one call.
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    digits
        .chunks(4)
        .flat_map(|c| {
            let n = c.iter().enumerate().fold(0u32, |n, (i, &d)| n | (u32::from(d) << (18 - 6 * i)));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes.into_iter().take(c.len().saturating_sub(1))
        })
        .collect()
}
