// The demo seller center's own script: it embeds the console under
// /seller-center/api-products, as a seller center on any origin would. `?console=<origin>`
// loads the console from another origin (its module, wasm and chunks, and its API);
// `?token=` and `?locale=` change who is signed in and the language.
const params = new URLSearchParams(location.search);
const consoleOrigin = params.get("console") ?? "";
const element = document.getElementById("apx-widget");
const log = document.getElementById("host-events");
for (const type of ["apx-submitted", "apx-listed", "apx-delisted", "apx-change-submitted", "apx-changed", "apx-reviewed"]) {
  element.addEventListener(type, (event) => {
    const item = document.createElement("li");
    const decision = event.detail.decision ? ` ${event.detail.request} ${event.detail.decision}` : "";
    item.textContent = `${type} ${event.detail.id} ${event.detail.status}${decision} ${event.detail.name}`;
    item.dataset.type = type;
    item.dataset.id = event.detail.id;
    log.append(item);
  });
}
if (location.pathname.startsWith("/seller-center/api-products")) {
  document.getElementById("host-page-title").textContent = "API 商品";
  // The module finds its wasm and chunks next to itself (import.meta.url).
  const { default: init, mount } = await import(`${consoleOrigin}/apx-console.js`);
  await init();
  // The seller center knows who is signed in; here a demo seller.
  window.apxWidget = mount(element, {
    apiBase: consoleOrigin,
    token: params.get("token") ?? "demo-seller-a",
    basePath: "/seller-center/api-products",
    locale: params.get("locale") ?? "zh-CN",
  });
} else {
  document.getElementById("host-page-title").textContent =
    location.pathname.startsWith("/seller-center/orders") ? "订单管理" : "概览";
}
