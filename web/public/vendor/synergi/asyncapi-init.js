// Draws a service's AsyncAPI document on its /<service>/asyncapi page. A file of
// its own, not an inline script: the gateway's Content-Security-Policy allows none.
const root = document.getElementById("asyncapi");
AsyncApiStandalone.render({ schema: { url: root.dataset.url }, config: { show: { sidebar: true } } }, root);
