package webtree

// Word lists that the generators draw from. None of them holds an alerted resource: every
// hostname here is a background host that no needle matches (gen-tree -verify and the scanner
// benchmarks check that a scan finds exactly the planted references).

var words = []string{
	"account", "active", "add", "address", "admin", "amount", "api", "app", "apply", "asset",
	"attr", "auth", "banner", "base", "basket", "billing", "block", "body", "brand", "buffer",
	"button", "cache", "callback", "cancel", "card", "cart", "catalog", "category", "change",
	"channel", "check", "checkout", "child", "class", "clear", "click", "client", "close",
	"code", "collection", "color", "column", "component", "config", "confirm", "content",
	"context", "count", "country", "coupon", "create", "currency", "current", "customer", "data",
	"date", "default", "delete", "delivery", "detail", "dialog", "discount", "display", "document",
	"done", "draft", "drawer", "element", "email", "empty", "enable", "entry", "error", "event",
	"export", "field", "file", "filter", "find", "first", "flag", "focus", "footer", "form",
	"format", "frame", "gallery", "get", "grid", "group", "handle", "handler", "header", "height",
	"helper", "hidden", "history", "hook", "icon", "image", "index", "init", "input", "inventory",
	"invoice", "item", "key", "label", "language", "last", "layout", "length", "limit", "line",
	"link", "list", "load", "loader", "locale", "login", "logo", "main", "manager", "map", "media",
	"menu", "merge", "message", "meta", "method", "modal", "model", "module", "mount", "name",
	"nav", "next", "node", "notice", "number", "object", "offset", "open", "option", "order",
	"origin", "page", "panel", "param", "parent", "parse", "password", "path", "payment",
	"pending", "phone", "picker", "plugin", "popup", "position", "post", "prev", "price",
	"product", "profile", "promo", "prop", "provider", "quantity", "query", "queue", "range",
	"rate", "reader", "ready", "record", "redirect", "refund", "region", "remove", "render",
	"request", "reset", "resolve", "response", "result", "review", "route", "row", "rule", "save",
	"scope", "search", "section", "select", "selector", "send", "session", "set", "setting",
	"shipping", "show", "size", "slider", "slot", "sort", "source", "state", "status", "step",
	"store", "style", "submit", "subtotal", "summary", "swatch", "tab", "table", "tag", "tax",
	"template", "text", "theme", "title", "toggle", "token", "total", "track", "type", "update",
	"upload", "url", "user", "util", "validate", "value", "variant", "view", "visible", "widget",
	"width", "window", "wishlist", "wrapper", "zone",
}

// bgHosts are hosts that real web code names all the time; some share prefixes with the
// needles (cdn., static., js., www.), as real code does.
var bgHosts = []string{
	"fonts.googleapis.com", "fonts.gstatic.com", "www.w3.org", "github.com", "api.github.com",
	"registry.npmjs.org", "developer.mozilla.org", "schema.org", "www.youtube.com",
	"maps.googleapis.com", "ajax.googleapis.com", "www.gstatic.com", "cdn.shopify.com",
	"static.zdassets.com", "js.braintreegateway.com", "www.paypal.com", "www.paypalobjects.com",
	"stackoverflow.com", "example.com", "www.example.org", "api.example.com", "cdn.example.net",
	"static.example.net", "js.example.net", "img.shop.example", "media.shop.example",
	"api.shop.example", "docs.shop.example", "tools.ietf.org", "en.wikipedia.org",
	"www.php.net", "getcomposer.org", "symfony.com", "laravel.com", "www.npmjs.com",
	"webpack.js.org", "babeljs.io", "reactjs.org", "vuejs.org", "www.typescriptlang.org",
	"json-schema.org", "ogp.me", "purl.org", "www.facebook.com", "twitter.com", "www.instagram.com",
	"www.linkedin.com", "pinterest.com", "www.google.com", "www.googleapis.com", "accounts.google.com",
	"login.microsoftonline.com", "s3.amazonaws.com", "checkout.stripe.dev", "status.shop.example",
}

// bgIPs are addresses found in configs, tests and docs.
var bgIPs = []string{
	"127.0.0.1", "0.0.0.0", "10.0.0.12", "10.20.30.40", "172.16.0.5", "192.168.1.10",
	"192.168.0.254", "8.8.8.8", "1.1.1.1", "203.0.113.4", "198.51.100.70", "192.0.2.7",
}

var tlds = []string{"com", "net", "org", "io"}

var cssProps = []string{
	"display: flex", "display: block", "display: none", "display: grid", "position: relative",
	"position: absolute", "margin: 0 auto", "padding: 0.5rem 1rem", "color: #333",
	"color: var(--text-color)", "background-color: #fff", "border: 1px solid #e5e5e5",
	"border-radius: 4px", "font-size: 14px", "font-weight: 600", "line-height: 1.5",
	"text-align: center", "justify-content: space-between", "align-items: center",
	"width: 100%", "max-width: 1200px", "height: auto", "overflow: hidden", "z-index: 10",
	"transition: opacity .2s ease-in-out", "box-shadow: 0 2px 4px rgba(0, 0, 0, .1)",
	"opacity: 0.8", "cursor: pointer", "gap: 16px", "flex-wrap: wrap", "white-space: nowrap",
	"text-overflow: ellipsis", "transform: translateY(-50%)", "top: 0", "left: 50%",
	"font-family: \"Helvetica Neue\", Arial, sans-serif", "grid-template-columns: repeat(4, 1fr)",
}

var htmlTags = []string{"div", "section", "article", "aside", "ul", "li", "span", "p", "nav", "header", "footer", "main"}

var licenses = []string{
	"/*! jQuery UI - v1.13.2 - 2022-07-14 | (c) jQuery Foundation and other contributors | Released under the MIT license */",
	"/*! For license information please see main.js.LICENSE.txt */",
	"/*! lodash v4.17.21 | (c) OpenJS Foundation and other contributors | Released under MIT license */",
	"/*! Swiper 8.4.7 | https://swiperjs.com | Copyright 2014-2023 Vladimir Kharlampidi | Released under the MIT License */",
	"/*! @license DOMPurify 3.0.6 | (c) Cure53 and other contributors | Released under the Apache license 2.0 and Mozilla Public License 2.0 */",
}

var prose = []string{
	"This component renders the product grid and keeps the filters in sync with the URL.",
	"See the migration guide before upgrading from the previous major version.",
	"The checkout flow validates the address before the shipping step is shown.",
	"Values are cached for five minutes; call refresh() to bypass the cache.",
	"Deprecated: use the new pricing service instead. Will be removed in 3.0.",
	"Returns null when the customer has no saved payment method.",
	"Make sure the store locale is set before rendering currency values.",
	"The event is dispatched on the document after the cart has been updated.",
	"Images are lazy loaded below the fold; the first row is eager.",
	"TODO: move this to the configuration once the admin page supports it.",
}
