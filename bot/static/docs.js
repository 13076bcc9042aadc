// The API's documentation, drawn from /openapi.json with the page's token: no Swagger UI from a CDN.
// Every piece of the schema goes in through textContent, never innerHTML.
"use strict";

const DOCS_TOKEN_KEY = "nianbao.token";  // the staff page's key: signed in there, signed in here

function node(tag, attrs = {}, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") n.textContent = v;
    else n.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) n.append(c);
  return n;
}

function typeOf(schema, spec) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map((s) => typeOf(s, spec)).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items, spec)}[]`;
  return schema.type || "";
}

function operation(path, method, op, spec) {
  const box = node("section", { class: "card operation", id: `${method}-${path}` },
    node("h3", {}, node("code", { text: `${method.toUpperCase()} ${path}` })),
    op.summary ? node("p", { text: op.summary }) : null,
    op.description ? node("p", { class: "help", text: op.description }) : null);
  const params = op.parameters || [];
  if (params.length) {
    box.append(node("div", { class: "scroll" }, node("table", {},
      node("thead", {}, node("tr", {}, ["parameter", "in", "type", "required", "description"].map((h) => node("th", { text: h })))),
      node("tbody", {}, params.map((p) => node("tr", {},
        node("td", {}, node("code", { text: p.name })), node("td", { text: p.in }),
        node("td", { text: typeOf(p.schema, spec) }), node("td", { text: p.required ? "yes" : "" }),
        node("td", { text: p.description || (p.schema && p.schema.description) || "" })))))));
  }
  const body = op.requestBody && op.requestBody.content;
  if (body) {
    for (const [kind, media] of Object.entries(body)) {
      box.append(node("p", { class: "help", text: `Body (${kind}): ${typeOf(media.schema, spec)}` }));
      const ref = media.schema && media.schema.$ref && spec.components.schemas[media.schema.$ref.split("/").pop()];
      if (ref && ref.properties) {
        box.append(node("ul", {}, Object.entries(ref.properties).map(([name, p]) =>
          node("li", {}, node("code", { text: name }), ` ${typeOf(p, spec)}${(ref.required || []).includes(name) ? " (required)" : ""} — ${p.description || ""}`))));
      }
    }
  }
  const answers = Object.entries(op.responses || {}).map(([code, r]) => `${code} ${r.description || ""}`).join(" · ");
  if (answers) box.append(node("p", { class: "help", text: `Responses: ${answers}` }));
  return box;
}

function draw(spec) {
  const out = document.getElementById("docs");
  out.replaceChildren(node("h2", { text: `${spec.info.title} ${spec.info.version}` }),
                      node("p", { text: spec.info.description || "" }));
  const byTag = new Map();
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags || ["other"])[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operation(path, method, op, spec));
    }
  }
  for (const [tag, ops] of byTag) out.append(node("h2", { text: tag }), ...ops);
}

async function load(token) {
  const response = await fetch("/openapi.json", { headers: { Authorization: `Bearer ${token}` } });
  if (response.status === 401) {
    sessionStorage.removeItem(DOCS_TOKEN_KEY);
    document.getElementById("docs-login").hidden = false;
    document.getElementById("docs-error").textContent = token ? "That token is not valid. 令牌无效。" : "";
    return;
  }
  sessionStorage.setItem(DOCS_TOKEN_KEY, token);
  document.getElementById("docs-login").hidden = true;
  draw(await response.json());
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("docs-login").addEventListener("submit", (e) => {
    e.preventDefault();
    load(document.getElementById("docs-token").value.trim());
  });
  load(sessionStorage.getItem(DOCS_TOKEN_KEY) || "");
});
