//! The end-to-end tests' browser: one headless Chromium per test, driven through
//! chromedriver by [fantoccini](https://crates.io/crates/fantoccini) (W3C WebDriver),
//! with helpers that look into the console wherever it is mounted — the standalone page,
//! or the shadow root of the widget on the demo seller center — and wait for it.
//!
//! Chromium and chromedriver come from apt (`scripts/tools.sh`); `CHROMEDRIVER` and
//! `CHROMIUM` override their paths.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::{Element, ElementRef};
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

/// An element found in the page.
pub type El = Element;

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

/// A Chrome DevTools Protocol command, sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

/// A headless Chromium with its chromedriver; both end when this is dropped.
pub struct Browser {
    client: Client,
    driver: Child,
    driver_address: String,
    session: String,
    /// The origin the console is served from (`http://127.0.0.1:1234`).
    pub origin: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl Browser {
    /// Starts chromedriver and a Chromium session for pages on `origin`. A driver whose
    /// session cannot be made (its port taken by another listener between choosing and
    /// binding it, a reset while it starts) is stopped and another started, up to 3 times.
    pub async fn start(origin: &str) -> Browser {
        let mut attempt = 1;
        loop {
            match Browser::try_start(origin).await {
                Ok(browser) => return browser,
                Err(e) if attempt < 3 => {
                    eprintln!("chromedriver, attempt {attempt}: {e}; starting another");
                    attempt += 1;
                }
                Err(e) => panic!("a Chromium session: {e}"),
            }
        }
    }

    async fn try_start(origin: &str) -> Result<Browser, String> {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        let mut driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{chromedriver}: {e} (install chromium-driver)"));
        let driver_address = format!("127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(&driver_address).is_err() {
            if let Ok(Some(status)) = driver.try_wait() {
                return Err(format!("chromedriver ended ({status})"));
            }
            assert!(started.elapsed() < WAIT, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // The network here is closed: without these flags Chromium stalls on start.
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1000", "--lang=zh-CN"],
            },
        });
        let capabilities = capabilities.as_object().cloned().unwrap_or_default();
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = match ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://{driver_address}"))
            .await
        {
            Ok(client) => client,
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                return Err(e.to_string());
            }
        };
        let session = client.session_id().await.ok().flatten().unwrap_or_default();
        Ok(Browser { client, driver, driver_address, session, origin: origin.trim_end_matches('/').to_owned() })
    }

    /// An element the page handed back from a script, if it is one.
    fn element(&self, value: &Value) -> Option<El> {
        let id = value.get(ELEMENT)?.as_str()?;
        Some(Element::from_element_id(self.client.clone(), ElementRef::from(id.to_owned())))
    }

    /// An element as a script argument.
    fn arg(el: &El) -> Value {
        serde_json::to_value(el).expect("an element serializes")
    }

    /// Sends a Chrome DevTools Protocol command (network emulation, scripts run before
    /// every page, …) and returns its result.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Value {
        self.client.issue_cmd(Cdp { cmd, params }).await.unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// Opens `path` on the console's origin.
    pub async fn goto(&self, path: &str) {
        self.goto_url(&format!("{}{path}", self.origin)).await;
    }

    /// Opens `url` (on any origin).
    pub async fn goto_url(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// The page's address below the origin (`/products/pending`).
    pub async fn path(&self) -> String {
        self.js("return location.pathname + location.search", vec![]).await.as_str().unwrap_or_default().to_owned()
    }

    /// Runs `script` (with `R()` and `T()` defined) and returns its result.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(&format!("{PRELUDE}\n{script}"), args).await.unwrap_or_else(|e| panic!("script: {e}"))
    }

    /// Runs an asynchronous `script`: it calls `arguments[arguments.length - 1]` with its result.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute_async(&format!("{PRELUDE}\n{script}"), args).await.unwrap_or_else(|e| panic!("script: {e}"))
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
                panic!(
                    "timed out waiting for {what} ({condition}); the console says:\n{}\n{}",
                    self.text().await,
                    self.requests().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The page's last finished requests (address, status, time), for telling a request
    /// that never came back from one whose answer the page did not show.
    async fn requests(&self) -> String {
        let script = "return performance.getEntriesByType('resource').slice(-12).map((e) => \
            `${e.initiatorType} ${e.name.replace(location.origin, '')} ${e.responseStatus} \
            ${Math.round(e.startTime)}+${Math.round(e.duration)} ms`).join('\\n');";
        let list = self.js(script, vec![]).await;
        format!("its last finished requests:\n{}", list.as_str().unwrap_or_default())
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
            if let Some(el) = self.element(&self.js(script, args.clone()).await) {
                return el;
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
        self.element(&self.js(script, vec![json!(css), json!(text)]).await)
    }

    /// The selector prefix of the fields of the `i`th spec on step 4
    /// (`#apx-f-specs-<id>`, then `-name`, `-service_id` …): specs are named by their
    /// ids, and a person tells them apart by their place.
    pub async fn spec(&self, i: usize) -> String {
        format!("#apx-f-specs-{}", self.spec_id(i).await)
    }

    /// The id of the `i`th spec (from its title's element id), waiting for it.
    pub async fn spec_id(&self, i: usize) -> String {
        let title = self
            .find_by(
                &format!("spec {i}"),
                "return R().querySelectorAll('.apx-spec .apx-spec__title')[arguments[0]] || null;",
                vec![json!(i)],
            )
            .await;
        let id = title.attr("id").await.ok().flatten().unwrap_or_default();
        id.trim_start_matches("apx-spec-").trim_end_matches("-title").to_owned()
    }

    /// The selector of the `i`th spec's own 保存.
    pub async fn spec_save(&self, i: usize) -> String {
        format!("#apx-spec-{}-save", self.spec_id(i).await)
    }

    /// The selector prefix of the fields of package `p` of spec `i`
    /// (`#apx-f-specs-<id>-packages-<id>`, then `-name`, `-price` …).
    pub async fn package(&self, i: usize, p: usize) -> String {
        let script = "const spec = R().querySelectorAll('.apx-spec')[arguments[0]]; \
            const row = spec && spec.querySelectorAll('.apx-package')[arguments[1]]; \
            return (row && row.querySelector('input')) || null;";
        let input = self.find_by(&format!("package {p} of spec {i}"), script, vec![json!(i), json!(p)]).await;
        let id = input.attr("id").await.ok().flatten().unwrap_or_default();
        format!("#{}", id.trim_end_matches("-name"))
    }

    /// How many elements match `css`.
    pub async fn count(&self, css: &str) -> usize {
        let n = self.js("return R().querySelectorAll(arguments[0]).length;", vec![json!(css)]).await;
        n.as_u64().unwrap_or(0) as usize
    }

    /// Clicks an element as a person would (scrolled into view, real pointer events).
    pub async fn click(&self, el: &El) {
        el.click().await.unwrap_or_else(|e| panic!("click: {e}"));
    }

    /// Finds (waiting) and clicks the first `css` element whose text contains `text`.
    pub async fn click_on(&self, css: &str, text: &str) {
        let el = self.find(css, text).await;
        self.click(&el).await;
    }

    /// Replaces the value of the field `css` by typing `text` into it.
    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css, "").await;
        self.js("arguments[0].focus(); arguments[0].select();", vec![Self::arg(&el)]).await;
        el.send_keys(text).await.unwrap_or_else(|e| panic!("typing into {css}: {e}"));
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
        self.js(script, vec![Self::arg(&el), json!(value)]).await;
    }

    /// Gives the file input `css` the files at `paths`, as the file picker would.
    pub async fn choose_files(&self, css: &str, paths: &[&std::path::Path]) {
        let el = self.find(css, "").await;
        self.send_files(&el, paths).await;
    }

    /// Gives a file input the files at `paths`.
    pub async fn send_files(&self, el: &El, paths: &[&std::path::Path]) {
        let text: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        el.send_keys(&text.join("\n")).await.unwrap_or_else(|e| panic!("choosing files: {e}"));
    }

    /// The `value` of the field `css`.
    pub async fn value(&self, css: &str) -> String {
        let v =
            self.js("const el = R().querySelector(arguments[0]); return el ? el.value : null;", vec![json!(css)]).await;
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Presses `keys` one after another on whatever has focus (the keyboard alone).
    pub async fn press(&self, keys: &[&str]) {
        let mut actions = KeyActions::new("keyboard".into());
        for c in keys.iter().flat_map(|k| k.chars()) {
            actions = actions.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(actions).await.unwrap_or_else(|e| panic!("keys: {e}"));
    }

    /// Presses `key` with Shift held.
    pub async fn press_shifted(&self, key: &str) {
        let shift = key::SHIFT.chars().next().unwrap_or_default();
        let mut actions = KeyActions::new("keyboard".into()).then(KeyAction::Down { value: shift });
        for c in key.chars() {
            actions = actions.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
        }
        actions = actions.then(KeyAction::Up { value: shift });
        self.client.perform_actions(actions).await.unwrap_or_else(|e| panic!("keys: {e}"));
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
        self.element(&self.js(script, vec![]).await).expect("a focused element")
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

    /// Closes the current tab the way a person does (after opening another, as the
    /// browser keeps running) and goes on in a new one on the same profile.
    pub async fn close_tab(&self) {
        let old = self.client.window().await.expect("the current tab");
        let new = self.client.new_window(true).await.expect("a new tab");
        self.client.switch_to_window(old).await.expect("back to the old tab");
        self.client.close_window().await.expect("the tab closed");
        self.client.switch_to_window(new.handle).await.expect("the new tab");
    }

    /// Cuts this tab off the network (`true`) or puts it back.
    pub async fn offline(&self, offline: bool) {
        self.cdp("Network.enable", json!({})).await;
        let conditions = json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
        self.cdp("Network.emulateNetworkConditions", conditions).await;
    }

    /// Lays the page out at `width` CSS pixels (a phone at 390), or as the window is (`None`).
    pub async fn width(&self, width: Option<u32>) {
        match width {
            Some(width) => {
                let metrics = json!({ "width": width, "height": 844, "deviceScaleFactor": 1, "mobile": false });
                self.cdp("Emulation.setDeviceMetricsOverride", metrics).await;
            }
            None => {
                self.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await;
            }
        }
    }

    /// Saves a PNG screenshot of the window at `path` (for looking at a failure).
    pub async fn screenshot(&self, path: &std::path::Path) {
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(path, png);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ends the session (closing Chromium) with a plain blocking request: a test that
        // panicked has no runtime left to await in.
        let address = &self.driver_address;
        if let Ok(mut stream) = std::net::TcpStream::connect(address) {
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
