mod common;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_step2() {
    let s = setup().await;
    let b = &s.browser;
    s.sign_in("示例服务商 A").await;
    b.js("window.__errs = []; const e = console.error; console.error = (...a) => { window.__errs.push(a.join(' ')); e(...a); }; window.addEventListener('error', (ev) => window.__errs.push('E:' + ev.message));", vec![]).await;
    b.click_on("a", "发布商品").await;
    b.wait("step 1", "R().querySelector('#apx-f-name')").await;
    b.type_into("#apx-f-name", "调试").await;
    s.upload("#apx-f-icon", &s.files.icon).await;
    s.browser.click_on("button", "下一步：基本信息").await;
    b.wait("/2", "location.pathname.endsWith('/2')").await;
    s.upload("#apx-f-images", &s.files.cover).await;
    b.type_into("#apx-f-summary", "全国天气，一次调用").await;
    b.type_into("#apx-f-detail", "实时天气与预报。").await;
    s.upload("#apx-f-usage_doc", &s.files.pdf).await;
    b.type_into("#apx-f-support-hotline", "400-123-4567").await;
    b.type_into("#apx-f-support-email", "support@example.com").await;
    println!("hotline value: {:?}", b.value("#apx-f-support-hotline").await);
    println!("pages: {}", b.js("return R().querySelectorAll('.apx-page').length", vec![]).await);
    println!("save: {}", b.js("return T(R().querySelector('.apx-savebar'))", vec![]).await);
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    println!("save later: {}", b.js("return T(R().querySelector('.apx-savebar'))", vec![]).await);
    b.js("[...R().querySelectorAll('button')].find(x => T(x).includes('下一步：业务信息')).click()", vec![]).await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    println!("errs: {}", b.js("return JSON.stringify(window.__errs)", vec![]).await);
    println!("path: {}", b.path().await);
    println!("notice: {}", b.js("return [...R().querySelectorAll('.apx-notice, .apx-field__error')].map(T).filter(x => x).join(' | ')", vec![]).await);
    println!("focused: {}", b.focused().await);
}
