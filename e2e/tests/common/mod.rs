//! What every end-to-end test starts from: the reference backend serving the built app
//! (trunk's `dist/`) on an ephemeral port with a private database, a headless
//! Chromium, and real files to upload.

#![allow(dead_code)]

#[path = "../../../server/tests/common/mod.rs"]
pub mod api;

use std::path::{Path, PathBuf};

pub use api::{REVIEWER, SELLER_A};
#[allow(unused_imports)] // each test binary uses a different few
pub use apx_e2e::{key, Browser};
use domain::model::Product;
use reqwest::StatusCode;
use serde_json::Value;

/// The backend with the app, a browser, and the files a seller uploads.
pub struct Setup {
    pub server: api::Server,
    pub browser: Browser,
    pub files: Files,
}

/// Files on disk for file inputs.
pub struct Files {
    _dir: tempfile::TempDir,
    pub icon: PathBuf,
    pub cover: PathBuf,
    pub pdf: PathBuf,
    pub docx: PathBuf,
}

impl Files {
    fn new() -> Files {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, bytes: Vec<u8>| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("fixture written");
            path
        };
        Files {
            icon: write("icon.png", fixtures::png(96, 96)),
            cover: write("cover.png", fixtures::png(1024, 768)),
            pdf: write("guide.pdf", fixtures::pdf()),
            docx: write("report.docx", fixtures::docx()),
            _dir: dir,
        }
    }
}

/// The built app: `APX_DIST`, else the workspace's `dist/` (`trunk build`).
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("APX_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dist.join("index.html").exists() && dist.join("apx-console.js").exists(),
        "no built app in {} — run `trunk build` first (make test does)",
        dist.display()
    );
    dist
}

pub async fn setup() -> Setup {
    let server = api::start_with_app(&dist()).await;
    let origin = server.base.trim_end_matches("/api/v1").to_owned();
    let browser = Browser::start(&origin).await;
    Setup { server, browser, files: Files::new() }
}

/// Switches identity through the header (切换身份) to the demo account named `who`.
pub async fn switch_to(s: &Setup, who: &str) {
    let b = &s.browser;
    b.click_on(".apx-header button", "切换身份").await;
    b.click_on(".apx-session__accounts button", who).await;
    b.wait(&format!("signed in as {who}"), &format!("T(R().querySelector('.apx-header')).includes({who:?})")).await;
}

impl Setup {
    /// Opens the standalone console signed in as the demo account whose name contains `who`.
    pub async fn sign_in(&self, who: &str) {
        let b = &self.browser;
        b.goto("/").await;
        b.js("localStorage.clear();", vec![]).await;
        b.goto("/").await;
        b.click_on(".apx-session__accounts button", who).await;
        b.wait(&format!("signed in as {who}"), &format!("T(R().querySelector('.apx-header')).includes({:?})", who))
            .await;
    }

    /// A complete draft of `token`'s seller named `name`, made through the API.
    pub async fn draft(&self, token: &str, name: &str) -> Product {
        let mut content = self.server.complete_content(token).await;
        content.name = name.to_owned();
        self.server.create(token, content).await
    }

    /// A product of seller A named `name` taken to `status` through the API (as other
    /// tabs and the marketplace would), for tests of what the console does next.
    pub async fn product_in(&self, name: &str, status: &str) -> Product {
        let p = self.draft(SELLER_A, name).await;
        let steps: &[(&str, &str)] = match status {
            "draft" => &[],
            "listing_review" => &[("s", "submit")],
            "listing_approved" => &[("s", "submit"), ("r", "approve")],
            "listing_rejected" => &[("s", "submit"), ("r", "reject")],
            "listed" => &[("s", "submit"), ("r", "approve"), ("s", "list")],
            "delist_review" => &[("s", "submit"), ("r", "approve"), ("s", "list"), ("s", "request-delist")],
            "delist_approved" => {
                &[("s", "submit"), ("r", "approve"), ("s", "list"), ("s", "request-delist"), ("r", "approve")]
            }
            "delisted" => &[
                ("s", "submit"),
                ("r", "approve"),
                ("s", "list"),
                ("s", "request-delist"),
                ("r", "approve"),
                ("s", "delist"),
            ],
            other => panic!("no way to {other} here"),
        };
        for (who, op) in steps {
            self.act(*who == "r", &p.id, op).await;
        }
        p
    }

    /// A seller operation (`s`) or a reviewer decision through the API.
    pub async fn act(&self, reviewer: bool, id: &str, op: &str) {
        let response = if !reviewer {
            self.server.post_empty(SELLER_A, &format!("/products/{id}/{op}")).await
        } else if op == "reject" {
            let body = serde_json::json!({ "reason": "图片不清晰" });
            self.server.post(REVIEWER, &format!("/review/products/{id}/reject"), &body).await
        } else {
            self.server.post_empty(REVIEWER, &format!("/review/products/{id}/{op}")).await
        };
        api::expect(response, StatusCode::OK).await;
    }

    /// The product's status as the backend has it.
    pub async fn status_of(&self, id: &str) -> String {
        let response = self.server.get(SELLER_A, &format!("/products/{id}")).await;
        let product: Product = api::json(response).await;
        product.status.slug().to_owned()
    }

    /// Waits for the 商品管理 row of `name` to show `status`.
    pub async fn wait_row(&self, name: &str, status: &str) {
        let condition = format!(
            "[...R().querySelectorAll('tbody tr')].some((tr) => T(tr).includes({name:?}) && T(tr).includes({status:?}))"
        );
        self.browser.wait(&format!("{name} shown as {status}"), &condition).await;
    }

    /// Clicks the operation `op` in the row of `name`.
    pub async fn row_op(&self, name: &str, op: &str) {
        let script = "const tr = [...R().querySelectorAll('tbody tr')].find((tr) => T(tr).includes(arguments[0])); \
            return tr ? [...tr.querySelectorAll('a, button')].find((el) => T(el) === arguments[1]) || null : null;";
        let b = &self.browser;
        let el =
            b.find_by(&format!("{op} on {name}"), script, vec![serde_json::json!(name), serde_json::json!(op)]).await;
        b.click(&el).await;
    }

    /// The operations the row of `name` offers, in order.
    pub async fn row_ops(&self, name: &str) -> Vec<String> {
        let script = "const tr = [...R().querySelectorAll('tbody tr')].find((tr) => T(tr).includes(arguments[0])); \
            return tr ? [...tr.querySelectorAll('.apx-ops a, .apx-ops button')].map(T) : [];";
        let ops = self.browser.js(script, vec![serde_json::json!(name)]).await;
        ops.as_array().unwrap().iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect()
    }

    /// Confirms the open dialog with its button `op`.
    pub async fn confirm(&self, op: &str) {
        self.browser.wait("the confirmation", "R().querySelector('dialog.apx-modal[open]')").await;
        self.browser.click_on("dialog.apx-modal[open] button", op).await;
        self.browser.wait("the dialog closed", "!R().querySelector('dialog.apx-modal[open]')").await;
    }

    /// Chooses a file and waits until it is uploaded.
    pub async fn upload(&self, input: &str, path: &Path) {
        let b = &self.browser;
        let before = b.count("ul.apx-files:not(.apx-files--pending) .apx-files__name").await;
        b.choose_files(input, &[path]).await;
        b.wait(
            &format!("{} uploaded", path.display()),
            &format!(
                "R().querySelectorAll('.apx-files__job').length === 0 && \
                 R().querySelectorAll('ul.apx-files:not(.apx-files--pending) .apx-files__name').length > {before}"
            ),
        )
        .await;
    }

    /// Goes to the next step with its button and waits for the address.
    pub async fn next(&self, button: &str, path_ends: &str) {
        self.browser.click_on("button", button).await;
        self.browser.wait(path_ends, &format!("location.pathname.endsWith({path_ends:?})")).await;
    }

    /// From step 1 of a complete product, 下一步 through every step to 提交审核 (step 5).
    pub async fn to_last_step(&self) {
        self.through_steps("下一步：提交审核").await;
    }

    /// From step 1 of a complete change, 下一步 through every step to 提交变更 (step 5).
    pub async fn to_last_step_of_change(&self) {
        self.through_steps("下一步：提交变更").await;
    }

    async fn through_steps(&self, last: &str) {
        for (button, step) in
            [("下一步：基本信息", "/2"), ("下一步：业务信息", "/3"), ("下一步：销售信息", "/4"), (last, "/5")]
        {
            self.next(button, step).await;
        }
    }

    /// Fills every step of 发布商品 from step 1 and submits it; ends on 商品管理 › 待上架.
    pub async fn publish(&self, name: &str) {
        let b = &self.browser;
        b.wait("step 1", "R().querySelector('#apx-f-name')").await;
        b.type_into("#apx-f-name", name).await;
        self.upload("#apx-f-icon", &self.files.icon).await;
        self.next("下一步：基本信息", "/2").await;
        self.upload("#apx-f-images", &self.files.cover).await;
        b.type_into("#apx-f-summary", "全国天气，一次调用").await;
        b.type_into("#apx-f-detail", "实时天气与预报。\n支持 HTTPS。").await;
        self.upload("#apx-f-usage_doc", &self.files.pdf).await;
        b.type_into("#apx-f-support-hotline", "400-123-4567").await;
        b.type_into("#apx-f-support-email", "support@example.com").await;
        self.next("下一步：业务信息", "/3").await;
        b.choose("#apx-f-category", "data").await;
        b.choose("#apx-f-category-2", "data-weather").await;
        self.upload("#apx-f-service_agreement", &self.files.pdf).await;
        self.upload("#apx-f-test_report", &self.files.docx).await;
        self.next("下一步：销售信息", "/4").await;
        let (spec, package) = (b.spec(0).await, b.package(0, 0).await);
        b.type_into(&format!("{spec}-name"), "基础版").await;
        b.choose(&format!("{spec}-service_id"), "svc-a-weather").await;
        b.type_into(&format!("{package}-name"), "1 万次").await;
        b.type_into(&format!("{package}-calls"), "10000").await;
        b.type_into(&format!("{package}-validity"), "12").await;
        b.type_into(&format!("{package}-price"), "99.00").await;
        b.click(&b.find(&b.spec_save(0).await, "").await).await;
        b.wait("the spec saved", "T(R().querySelector('.apx-spec .apx-badge')) === '已保存'").await;
        self.next("下一步：提交审核", "/5").await;
        b.wait_text("全国天气，一次调用").await;
        b.click_on("button", "提交审核").await;
        b.wait("the pending tab", "location.pathname.endsWith('/products/pending')").await;
    }
}

/// Audits the page as it is now; prints every violation, fails on serious or critical.
pub async fn audit(b: &Browser, screen: &str) {
    let axe = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../node_modules/axe-core/axe.min.js"))
        .expect("axe-core from npm (npm ci)");
    if b.js("return typeof axe === 'undefined';", vec![]).await == Value::Bool(true) {
        b.js(&format!("{axe}\nreturn true;"), vec![]).await;
    }
    let violations = b
        .js_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations.map((v) => \
               ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))));",
            vec![],
        )
        .await;
    let violations = violations.as_array().cloned().unwrap_or_default();
    for v in &violations {
        println!("{screen}: {} ({}) {} — {}", v["id"], v["impact"], v["help"], v["nodes"]);
    }
    let bad: Vec<&Value> =
        violations.iter().filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical"))).collect();
    assert!(bad.is_empty(), "{screen}: serious or critical accessibility violations: {bad:#?}");
    println!("{screen}: audited, {} minor violation(s)", violations.len());
}
