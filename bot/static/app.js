// nianbao staff page. Plain JavaScript, no libraries, nothing loaded from elsewhere.
// Every piece of data goes into the page through textContent or attributes, never innerHTML.
"use strict";

const TOKEN_KEY = "nianbao.token";
const CONVERSATION_KEY = "nianbao.conversation";
const LANG_KEY = "nianbao.lang";
const TABLE_ROUTES = ["compare", "rank", "trend"];  // answers whose table exports as CSV
const COLORS = ["#b3261e", "#1f6fb2", "#2e7d32", "#9a6700", "#6a3d9a", "#00838f"];

const TEXT = {
  zh: {
    title: "政府信息公开年报问答", tab_ask: "问答", tab_reports: "报告与覆盖", tab_upload: "上传报告", logout: "退出",
    token_label: "访问令牌", token_submit: "进入",
    token_help: "请输入管理员发给您的访问令牌。令牌只保存在本浏览器会话中，关闭窗口后需重新输入。",
    token_bad: "令牌无效，请检查后重试。", question_label: "问题",
    question_placeholder: "例如：合阳县2020年收到多少政府信息公开申请？", ask: "提问", asking: "正在查找…",
    new_conversation: "新对话", examples: "示例问题：", you: "用户", admin: "管理员",
    col_report: "报告", col_year: "年份", col_metric: "指标", col_where: "位置（行 › 列）", col_printed: "印刷值",
    blank: "未填报", unreadable: "无法识别", absent: "报告未列此项", from_text: "引自正文",
    sources: (f, p) => `出处与原文（表格 ${f} 处，原文 ${p} 段）`, no_passages: "此回答没有引用正文段落；数字来自上表所列的表格单元格。",
    formula: "计算：", warnings: "注意", good: "有用", bad: "有误", asked: "问：", reason: "原因",
    reasons: { "wrong number": "数字错误", "wrong report": "报告不对", "not found": "没找到", other: "其他" },
    send: "提交", recorded: "反馈已记录，谢谢。", export: "导出 CSV", export_answers: "导出提问记录（CSV）", chart_title: "图表",
    coverage_title: "覆盖情况（单位 × 年份）", reports_title: "已入库的报告", missing: "缺", none_yet: "尚无报告。",
    col_issuer: "单位", col_template: "模板", col_file: "文件", col_figures: "数字", col_chunks: "段落",
    col_checks: "未通过的表格校验", checks_ok: "全部通过", failed_checks: (n) => `${n} 项校验未通过`,
    col_card: "核查", card_open: "核查此报告", card_none: "未发现问题。", card_loading: "核查中…",
    card_kinds: { template_check: "表格校验未通过", cross_year: "与上一年度不衔接", text_table: "正文与表格不一致",
                  sources_disagree: "不同文件数字不一致", blank_row: "模板要求的行为空白", missing_section: "缺少章节" },
    upload_title: "上传年报", upload_file: "报告文件", upload_issuer: "发布单位（文件未写明时填写）",
    upload_year: "年度（文件未写明时填写）", upload_submit: "上传", uploading: (n) => `上传 ${n}…`,
    processing: (n) => `正在读取 ${n}…`, upload_done: "完成。",
    stored: (o) => `已入库 ${o.source_file}：${o.issuer} ${o.year} 年（${o.template} 模板），${o.figures} 个数字，${o.chunks} 段，${{ added: "已添加", replaced: "已替换旧版本", unchanged: "库中已有，未改变" }[o.action] || o.action}`,
    error: "出错了：", network: "无法连接服务器。", rate: (s) => `请求过于频繁，请 ${s} 秒后再试。`,
    refused: "未入库：", on_file: "有", problems: (n) => `${n} 项问题`, tab_figures: "数字浏览",
    history_title: "我的对话", history_none: "还没有对话。", history_line: (n, when) => `${n} 个回答 · ${when}`,
    permalink: "链接", permalink_note: "单个回答（永久链接，凭令牌可查看）", back: "返回我的对话",
    f_issuer: "单位（任意写法）", f_year_from: "起始年份", f_year_to: "截止年份", f_metric: "指标（代码或关键词）",
    f_status: "状态", f_sort: "排序", f_any: "全部", f_search: "查询", f_prev: "上一页", f_next: "下一页",
    f_csv: "导出本页 CSV", f_total: (a, b, n) => n ? `共 ${n} 条，第 ${a}–${b} 条` : "没有符合条件的数字。",
    coverage_total: (a, b, n) => `共 ${n} 个单位，第 ${a}–${b} 个`, reports_total: (a, b, n) => `共 ${n} 份报告，第 ${a}–${b} 份`,
    f_statuses: { reported: "已填报", blank: "未填报", unreadable: "无法识别" },
    f_sorts: { "": "默认", issuer: "单位", year: "年份（升序）", "-year": "年份（降序）", metric: "指标",
               "-value": "数值（大到小）", value: "数值（小到大）", status: "状态" },
    col_value: "数值", col_status: "状态",
    changes_title: "变化明细", col_change: "变化", col_difference: "差额", col_percent: "变化率",
    change_kinds: { changed: "变化", appeared: "由空白变为有数", vanished: "由有数变为空白" },
  },
  en: {
    title: "Disclosure annual reports Q&A", tab_ask: "Ask", tab_reports: "Reports & coverage", tab_upload: "Upload",
    logout: "Sign out", token_label: "Access token", token_submit: "Enter",
    token_help: "Enter the access token your administrator gave you. It is kept for this browser session only.",
    token_bad: "That token is not valid.", question_label: "Question",
    question_placeholder: "e.g. how many applications did 合阳 receive in 2020", ask: "Ask", asking: "Looking…",
    new_conversation: "New conversation", examples: "Examples:", you: "user", admin: "admin",
    col_report: "Report", col_year: "Year", col_metric: "Figure", col_where: "Where (row › column)",
    col_printed: "Printed", blank: "未填报 (not reported)", unreadable: "unreadable", absent: "not in the report",
    from_text: "quoted from the text",
    sources: (f, p) => `Sources (${f} table cell${f === 1 ? "" : "s"}, ${p} passage${p === 1 ? "" : "s"})`,
    no_passages: "This answer quotes no passage; its numbers come from the table cells listed above.",
    formula: "Arithmetic: ", warnings: "Note", good: "Helpful", bad: "Wrong", asked: "Q: ", reason: "Reason",
    reasons: { "wrong number": "wrong number", "wrong report": "wrong report", "not found": "not found", other: "other" },
    send: "Send", recorded: "Feedback recorded, thank you.", export: "Export CSV",
    export_answers: "Export who asked what (CSV)", chart_title: "Chart",
    coverage_title: "Coverage (issuer × year)", reports_title: "Stored reports", missing: "missing",
    none_yet: "No reports yet.", col_issuer: "Issuer", col_template: "Template", col_file: "File",
    col_figures: "Figures", col_chunks: "Passages", col_checks: "Failed template checks", checks_ok: "all pass",
    failed_checks: (n) => `${n} failed check${n === 1 ? "" : "s"}`,
    col_card: "Review", card_open: "Review this report", card_none: "No problem found.", card_loading: "Reviewing…",
    card_kinds: { template_check: "Template check failed", cross_year: "Does not follow on from the year before",
                  text_table: "Text and table disagree", sources_disagree: "Files disagree",
                  blank_row: "A row the template requires is blank", missing_section: "Section missing" },
    upload_title: "Upload annual reports", upload_file: "Report files",
    upload_issuer: "Issuer (when the file does not say)", upload_year: "Year (when the file does not say)",
    upload_submit: "Upload", uploading: (n) => `Uploading ${n}…`, processing: (n) => `Reading ${n}…`,
    upload_done: "Done.",
    stored: (o) => `Stored ${o.source_file}: ${o.issuer} ${o.year} (template ${o.template}), ${o.figures} figures, ${o.chunks} passages, ${o.action}`,
    error: "Error: ", network: "Cannot reach the server.", rate: (s) => `Too many requests: try again in ${s} s.`,
    refused: "Not stored: ", on_file: "on file", problems: (n) => `${n} problem${n === 1 ? "" : "s"}`, tab_figures: "Figures",
    history_title: "My conversations", history_none: "No conversations yet.",
    history_line: (n, when) => `${n} answer${n === 1 ? "" : "s"} · ${when}`,
    permalink: "Link", permalink_note: "One answer (a permanent link: anyone with a token may open it)",
    back: "Back to my conversations",
    f_issuer: "Issuer (any spelling)", f_year_from: "From year", f_year_to: "To year", f_metric: "Figure (key or words)",
    f_status: "Status", f_sort: "Sort", f_any: "any", f_search: "Search", f_prev: "Previous", f_next: "Next",
    f_csv: "Export this page (CSV)", f_total: (a, b, n) => n ? `${a}–${b} of ${n}` : "No figure matches.",
    coverage_total: (a, b, n) => `issuers ${a}–${b} of ${n}`, reports_total: (a, b, n) => `reports ${a}–${b} of ${n}`,
    f_statuses: { reported: "reported", blank: "blank (not reported)", unreadable: "unreadable" },
    f_sorts: { "": "as stored", issuer: "issuer", year: "year (oldest first)", "-year": "year (latest first)",
               metric: "figure", "-value": "value (largest first)", value: "value (smallest first)", status: "status" },
    col_value: "Value", col_status: "Status",
    changes_title: "What changed", col_change: "Change", col_difference: "Difference", col_percent: "% change",
    change_kinds: { changed: "changed", appeared: "blank, now a figure", vanished: "a figure, now blank" },
  },
};

// What the server says, in the page's language: its messages are English (they are the API's too).
const SERVER_ZH = [
  [/^a valid staff token is needed.*/, () => "需要有效的访问令牌。"],
  [/^too many requests.*/, () => "请求过于频繁，请稍后再试。"],
  [/^only an admin may do this$/, () => "只有管理员可以进行此操作。"],
  [/^only whoever asked this question.*/, () => "只有提问者本人（或管理员）可以对此回答提交反馈。"],
  [/^no such answer$/, () => "没有这个回答。"],
  [/^(.+): no report on file for (.+) \(years on file: (.+)\)\.$/, (m) => `${m[1]} 没有 ${m[2]} 年的报告（已存档年份：${m[3] === "none" ? "无" : m[3]}）。`],
  [/^no report on file for (.+?)(?: \(on file: (.+)\))?$/, (m) => `没有${m[1]}的报告` + (m[2] ? `（已存档：${m[2]}）` : "") + "。"],
  [/^(.+) may be any of: (.+)$/, (m) => `“${m[1]}”可能指：${m[2]}，请说明是哪一个。`],
  [/^conversation: letters, digits.*$/, () => "对话编号只能由字母、数字、“-”和“_”组成，最多 40 个字符。"],
  [/^(.+): not a government information-disclosure annual report.*$/, (m) => `${m[1]}：不是政府信息公开工作年度报告（未找到年报模板的章节）。`],
  [/^(.+) is larger than the (.+) upload limit$/, (m) => `${m[1]} 超过上传上限（${m[2]}）。`],
  [/^(.+) is empty$/, (m) => `${m[1]} 是空文件。`],
  [/^the upload has no file name$/, () => "上传的文件没有文件名。"],
  [/^(.+): cannot be kept \((.+)\)$/, (m) => `${m[1]}：无法保存（${m[2]}）。`],
  [/^(.+) must say its size.*/, () => "请求必须注明大小（Content-Length）。"],
  [/^the (upload|request body) is larger than the (.+) limit$/, (m) => `${m[1] === "upload" ? "上传文件" : "请求"}超过 ${m[2]} 上限。`],
  [/^internal error.*/, () => "服务器内部错误，详情见服务器日志。"],
  [/^bad request: (.*)$/, (m) => `请求有误：${m[1]}`],
  [/^(status|sort|verdict|reason) must be one of (.*)$/, (m) => `参数 ${m[1]} 只能是：${m[2]}`],
  [/^removed (\d+) injected spam fragment\(s\) \((.+)\)$/, (m) => `已删除 ${m[1]} 处注入的垃圾内容（${m[2]}）`],
  [/^removed (\d+) pinyin syllable\(s\).*$/, (m) => `已删除 ${m[1]} 个插入的拼音音节`],
  [/^removed (\d+) line\(s\) of page script.*$/, (m) => `已删除 ${m[1]} 行网页脚本、样式或导航`],
  [/^no Chinese text: not an annual report$/, () => "没有中文文字，不是年报"],
  [/^empty file$/, () => "空文件"],
  [/^binary file .*/, () => "二进制文件，不是文字报告"],
  [/^could not detect the text encoding$/, () => "无法识别文字编码"],
  [/^damaged PDF.*/, () => "PDF 文件已损坏"],
  [/^corrupt \.docx.*/, () => "Word 文件已损坏"],
  [/^legacy Word \.doc file.*/, () => "不支持旧版 Word .doc 文件，请另存为 .docx 或 PDF 后上传"],
  [/^unsupported file type.*/, () => "不支持此文件类型"],
  [/^no text found in the HTML page$/, () => "网页中没有文字"],
  [/^the Word document holds no text$/, () => "Word 文件中没有文字"],
  [/^image: OCR found no text.*/, () => "图片中未识别出文字（空白页，或扫描过淡、过粗）"],
  [/^scanned PDF of (\d+) pages: .* at most (\d+)$/, (m) => `扫描版 PDF 共 ${m[1]} 页，没有文字层，文字识别最多读 ${m[2]} 页`],
  [/^(.+?): (.+)$/, (m) => `${m[1]}：${serverText(m[2])}`],  // a file's name before the reason
];

/** A server message in the page's language (English as sent; Chinese where the message is known). */
function serverText(text) {
  if (state.lang !== "zh" || typeof text !== "string") return text;
  for (const [pattern, word] of SERVER_ZH) {
    const m = text.match(pattern);
    if (m) return word(m);
  }
  return text;
}

const EXAMPLES = {
  zh: ["合阳县2020年收到多少政府信息公开申请？", "海东市2019年行政复议总数是多少", "哪个县的行政诉讼最多？",
       "海东市和同仁县2019年收到的申请数比较", "同仁县政务公开领导小组的组长是谁"],
  en: ["how many applications did 合阳 receive in 2020", "which counties had the most lawsuits?",
       "compare applications received by 海东 and 同仁 in 2019"],
};

const state = {
  lang: localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh",
  me: null,
  view: "ask",
  answers: [],  // this conversation's answers, oldest first
  permalink: (location.pathname.match(/^\/a\/([A-Za-z0-9_-]{1,40})$/) || [])[1] || null,  // /a/<id>: one answer
  figures: { offset: 0, limit: 50 },
  coverage: { offset: 0, limit: 50 },  // issuers a page of the grid
  reports: { offset: 0, limit: 100 },
};

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => {
  const v = TEXT[state.lang][key];
  return typeof v === "function" ? v(...args) : v;
};

/** An element with text (never parsed as HTML), attributes and children. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// ------------------------------------------------------------------ the API
class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}` },
                                options.headers || {});
  let response;
  try {
    response = await fetch(path, Object.assign({}, options, { headers }));
  } catch (e) {
    throw new ApiError(0, t("network"));
  }
  if (response.status === 401) {
    signOut();
    throw new ApiError(401, t("token_bad"));
  }
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
    if (response.status === 429) detail = t("rate", response.headers.get("Retry-After") || "60");
    throw new ApiError(response.status, typeof detail === "string" ? serverText(detail) : JSON.stringify(detail));
  }
  return options.raw ? response : response.json();
}

const postJSON = (path, body) =>
  api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

// ------------------------------------------------------------------ language and views
function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = `${t("title")} · nianbao`;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = t(node.dataset.i18nPlaceholder);
  }
  const switcher = $("lang");
  switcher.textContent = state.lang === "zh" ? "English" : "中文";
  switcher.lang = state.lang === "zh" ? "en" : "zh-CN";
  renderExamples();
  renderWho();
  renderHistory();
  if (state.view === "reports" && state.me) loadReports();
  if (state.view === "figures" && state.me) renderFigureForm();
  if (state.me) loadConversations();
}

function show(view) {
  state.view = view;
  for (const name of ["login", "ask", "reports", "figures", "upload"]) $(`view-${name}`).hidden = name !== view;
  for (const tab of document.querySelectorAll(".tab")) {
    if (tab.dataset.view === view) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  if (view === "reports") loadReports();
  if (view === "figures") renderFigureForm();
  if (view === "ask") $("question").focus();
}

function renderWho() {
  const who = $("whoami");
  who.textContent = state.me ? `${state.me.name}（${state.me.admin ? t("admin") : t("you")}）` : "";
}

function renderExamples() {
  const box = $("examples");
  box.replaceChildren(el("span", { text: t("examples") }));
  for (const q of EXAMPLES[state.lang]) {
    // An example is a whole question: it starts a new conversation rather than inheriting this one's context.
    box.append(el("button", { type: "button", text: q, onclick: () => { newConversation(); ask(q); } }));
  }
}

// ------------------------------------------------------------------ signing in
async function signIn(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  try {
    state.me = await api("/api/me");
  } catch (e) {
    $("login-error").textContent = e.status === 401 ? t("token_bad") : t("error") + e.message;
    return;
  }
  $("login-error").textContent = "";
  $("tabs").hidden = false;
  $("logout").hidden = false;
  $("tab-upload").hidden = !state.me.admin;
  renderWho();
  show("ask");
  if (state.permalink) await showPermalink(state.permalink);
  else await loadConversation(sessionStorage.getItem(CONVERSATION_KEY));
  loadConversations();
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  state.answers = [];  // nothing of the last user's is left on screen
  $("history").replaceChildren();
  $("conversations").replaceChildren();
  $("figures-results").replaceChildren();
  $("upload-results").replaceChildren();  // what the last user uploaded is not left on screen
  $("upload-status").textContent = "";
  state.me = null;
  $("tabs").hidden = true;
  $("logout").hidden = true;
  renderWho();
  show("login");
  $("token").focus();
}

// ------------------------------------------------------------------ asking
async function ask(question) {
  question = question.trim();
  if (!question) return;
  const button = $("ask-button");
  button.disabled = true;
  $("ask-status").textContent = t("asking");
  try {
    const body = { question };
    const conversation = sessionStorage.getItem(CONVERSATION_KEY);
    if (conversation) body.conversation = conversation;
    const answer = await postJSON("/api/ask", body);
    sessionStorage.setItem(CONVERSATION_KEY, answer.conversation);
    state.answers.push(answer);
    $("history").append(renderAnswer(answer));
    $("question").value = "";
    $("ask-status").textContent = "";
    $("history").lastElementChild.scrollIntoView({ block: "nearest" });
    loadConversations();
  } catch (e) {
    $("ask-status").textContent = t("error") + e.message;
  } finally {
    button.disabled = false;
  }
}

function newConversation() {
  sessionStorage.removeItem(CONVERSATION_KEY);
  leavePermalink();
  state.answers = [];
  renderHistory();
  $("question").focus();
}

function renderHistory() {
  if (state.permalink) return;  // the one answer of a permanent link stays as it is
  $("history").replaceChildren(...state.answers.map((a) => renderAnswer(a)));
}

// ------------------------------------------------------------------ history and permanent links
/** A conversation's answers from the record (what a reload shows again); none: an empty page. */
async function loadConversation(id) {
  if (!id) return;
  try {
    state.answers = await api(`/api/conversations/${encodeURIComponent(id)}`);
    sessionStorage.setItem(CONVERSATION_KEY, id);
  } catch (e) {
    $("ask-status").textContent = t("error") + e.message;
    return;
  }
  leavePermalink();
  renderHistory();
}

/** The list of this person's conversations, latest first; one opens with a click. */
async function loadConversations() {
  const box = $("conversations");
  let list;
  try {
    list = await api("/api/conversations");
  } catch (e) {
    return;
  }
  const current = sessionStorage.getItem(CONVERSATION_KEY);
  box.replaceChildren(el("summary", { text: `${t("history_title")} (${list.length})` }),
    list.length ? el("ul", { class: "conversation-list" }, list.map((c) => el("li", {},
      el("button", { type: "button", class: "link", "aria-current": c.conversation === current ? "true" : null,
                     onclick: () => loadConversation(c.conversation) }, c.first_question),
      el("span", { class: "help", text: ` ${t("history_line", c.answers, (c.last || "").slice(0, 16).replace("T", " "))}` }))))
    : el("p", { class: "help", text: t("history_none") }));
}

/** /a/<id>: one recorded answer with its sources open, for anyone with a token (another's is read-only). */
async function showPermalink(id) {
  let a;
  try {
    a = await api(`/api/answers/${encodeURIComponent(id)}`);
  } catch (e) {
    $("history").replaceChildren(el("p", { class: "error", text: t("error") + e.message }));
    return;
  }
  $("history").replaceChildren(
    el("p", { class: "permalink-note" }, t("permalink_note"), " ",
       el("button", { type: "button", class: "secondary", text: t("back"), onclick: () => {
         leavePermalink();
         loadConversation(sessionStorage.getItem(CONVERSATION_KEY));
       } })),
    renderAnswer(a, { open: true }));
}

function leavePermalink() {
  if (!state.permalink) return;
  state.permalink = null;
  history.replaceState(null, "", "/");
  $("history").replaceChildren();
}

/** One answer: the sentence, warnings, arithmetic, chart, figures table, sources, feedback. */

// The answer's text without its list of passages ("相关段落：[1] …"): the sources box below shows them,
// with their sections, once.
function withoutPassageList(a) {
  if (!(a.passages || []).length) return a.answer;
  const cut = a.answer.search(/\n(?:相关段落：|Passages \(quoted in Chinese\):)\n/);
  return cut > 0 ? a.answer.slice(0, cut) : a.answer;
}
function renderAnswer(a, options = {}) {
  const card = el("article", { class: "answer", "data-id": a.id, "data-route": a.route });
  card.append(el("p", { class: "q", text: t("asked") + a.question }), el("p", { class: "answer-text", text: withoutPassageList(a) }));
  if (a.warnings && a.warnings.length) {
    card.append(el("ul", { class: "warnings", "aria-label": t("warnings") },
                   a.warnings.map((w) => el("li", { text: w }))));
  }
  if (a.formula) card.append(el("p", {}, el("span", { class: "formula", text: t("formula") + a.formula })));
  const chart = renderChart(a.chart);
  if (chart) card.append(chart);
  if (a.route === "changes" && a.table && a.table.length) card.append(renderChanges(a.table));
  else if (a.figures && a.figures.length) card.append(renderFigures(a.figures));
  const sources = renderSources(a);
  if (options.open) sources.open = true;
  card.append(sources);
  card.append(renderActions(a));
  return card;
}

function printed(f) {
  if (f.status === "blank") return t("blank");
  if (f.status === "unreadable") return t("unreadable");
  if (f.status === "absent") return t("absent");
  return f.raw || String(f.value);
}

function renderFigures(figures) {
  const head = el("tr", {}, ["col_report", "col_year", "col_metric", "col_where", "col_printed"]
    .map((k) => el("th", { scope: "col", text: t(k) })));
  const rows = figures.map((f) => el("tr", { class: `status-${f.status}` },
    el("td", {}, f.issuer || "", el("span", { class: "file", text: f.source_file + (f.page ? ` · p.${f.page}` : "") })),
    el("td", { text: f.year ?? "" }),
    el("td", { text: f.label || f.metric || "" }),
    el("td", { text: (f.cite || "") + (f.from_text ? `（${t("from_text")}）` : "") }),
    el("td", { class: `num status-${f.status}`, text: printed(f) + (f.status === "reported" && f.unit && !String(f.raw).includes(f.unit) ? ` ${f.unit}` : "") }),
  ));
  // In a scrolling box: on a phone the table scrolls inside its card, never the page.
  return el("div", { class: "scroll" }, el("table", { class: "figures" }, el("thead", {}, head), el("tbody", {}, rows)));
}

/** A year-over-year answer's changes: each figure, both years, the difference and the % change. */
function renderChanges(rows) {
  const first = rows[0];
  const head = el("tr", {}, [t("col_metric"), `${first.old_year}`, `${first.new_year}`, t("col_difference"), t("col_percent"), t("col_change")]
    .map((h) => el("th", { scope: "col", text: h })));
  const shown = (v, unit) => v === null || v === undefined ? t("blank") : `${v}${unit ? ` ${unit}` : ""}`;
  const body = rows.map((r) => el("tr", { class: `change-${r.change}` },
    el("td", {}, r.label || r.metric, el("span", { class: "file", text: `${r.new_source || ""} › ${r.new_cite || ""}` })),
    el("td", { class: "num", text: shown(r.old, r.unit) }),
    el("td", { class: "num", text: shown(r.new, r.unit) }),
    el("td", { class: "num", text: r.difference === null || r.difference === undefined ? "—" : `${r.difference > 0 ? "+" : ""}${r.difference}` }),
    el("td", { class: "num", text: r.percent === null || r.percent === undefined ? "—" : `${r.percent > 0 ? "+" : ""}${r.percent}%` }),
    el("td", { text: t("change_kinds")[r.change] || r.change })));
  return el("div", { class: "scroll" }, el("table", { class: "changes", "aria-label": t("changes_title") },
    el("thead", {}, head), el("tbody", {}, body)));
}

/** The words of the answer's figures that a passage may contain: printed values, quoted clauses. */
function figureTerms(a) {
  const terms = new Set();
  for (const f of a.figures || []) {
    if (f.status !== "reported") continue;
    if (f.raw) terms.add(String(f.raw));
    if (f.value !== null && f.value !== undefined) terms.add(String(f.value));
  }
  return [...terms].filter((s) => s.trim()).sort((x, y) => y.length - x.length);
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `text` as nodes, each occurrence of a term wrapped in <mark>; numbers only where they stand alone. */
function highlighted(text, terms) {
  if (!terms.length) return [document.createTextNode(text)];
  const parts = terms.map((s) => /^[\d.,]+$/.test(s) ? `(?<![\\d.])${escapeRegExp(s)}(?![\\d.])` : escapeRegExp(s));
  const pattern = new RegExp(parts.join("|"), "g");
  const nodes = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (!m[0]) continue;
    if (m.index > last) nodes.push(document.createTextNode(text.slice(last, m.index)));
    nodes.push(el("mark", { text: m[0] }));
    last = m.index + m[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

function renderSources(a) {
  const figures = a.figures || [], passages = a.passages || [];
  const box = el("details", { class: "sources" }, el("summary", { text: t("sources", figures.length, passages.length) }));
  const cited = new Map();
  for (const f of figures) {
    const where = `${f.source_file}${f.page ? ` · p.${f.page}` : ""} › ${f.cite || ""}`;
    if (!cited.has(where)) cited.set(where, `${f.issuer || ""} ${f.year ?? ""}`);
  }
  if (cited.size) {
    box.append(el("ul", { class: "cites" }, [...cited].map(([where, who]) => el("li", { class: "cite", text: `${who} · ${where}` }))));
  }
  if (!passages.length) box.append(el("p", { class: "help", text: t("no_passages") }));
  const terms = figureTerms(a);
  for (const p of passages) {
    box.append(el("div", { class: "passage" },
      el("p", { class: "where", text: `${p.issuer || ""} ${p.year ?? ""} · ${p.source_file}${p.page ? ` · p.${p.page}` : ""} › ${p.section || ""}` }),
      el("blockquote", {}, highlighted(p.text || "", terms))));
  }
  return box;
}

function renderActions(a) {
  const status = el("span", { class: "status feedback-status", role: "status" });
  const good = el("button", { type: "button", class: "good", "aria-pressed": "false", text: t("good") });
  const bad = el("button", { type: "button", class: "bad", "aria-pressed": "false", text: t("bad") });
  const reason = el("select", { class: "reason", "aria-label": t("reason"), hidden: true },
    Object.entries(TEXT[state.lang].reasons).map(([value, label]) => el("option", { value, text: label })));
  const send = el("button", { type: "button", class: "secondary", text: t("send"), hidden: true });
  const record = async (verdict) => {
    try {
      await postJSON(`/api/answers/${encodeURIComponent(a.id)}/feedback`,
                     verdict === "bad" ? { verdict, reason: reason.value } : { verdict });
      good.setAttribute("aria-pressed", String(verdict === "good"));
      bad.setAttribute("aria-pressed", String(verdict === "bad"));
      reason.hidden = send.hidden = true;
      status.textContent = t("recorded");
    } catch (e) {
      status.textContent = t("error") + e.message;
    }
  };
  good.addEventListener("click", () => record("good"));
  bad.addEventListener("click", () => { reason.hidden = send.hidden = false; reason.focus(); });
  send.addEventListener("click", () => record("bad"));
  // Another's answer is a read-only copy: feedback is its asker's (or an admin's) to give.
  const actions = a.read_only ? el("div", { class: "actions" }) : el("div", { class: "actions" }, good, bad, reason, send);
  if (TABLE_ROUTES.includes(a.route)) {
    actions.append(el("button", { type: "button", class: "export", text: t("export"), onclick: () => exportCsv(a, status) }));
  }
  if (a.id) actions.append(el("a", { class: "permalink", href: `/a/${encodeURIComponent(a.id)}`, text: t("permalink") }));
  actions.append(status);
  return actions;
}

const exportCsv = (a, status) => download(`/api/export.csv?answer=${encodeURIComponent(a.id)}`, `nianbao-${a.id}.csv`, status);

/** Fetch with the token, then hand the file to the browser (a plain link could not carry the token). */
async function download(path, filename, status) {
  try {
    const response = await api(path, { raw: true });
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) {
    status.textContent = t("error") + e.message;
  }
}

// ------------------------------------------------------------------ the chart
// The answer's chart spec (bot/chart_spec.py), drawn as SVG; Telegram draws the same spec as PNG.
// Drawn at the width of its card (redrawn when that changes), so its text stays 12 px on a phone.
const BAR = "#4878a8", FROM_TEXT = "#a9c1da", UP = "#2e7d32", DOWN = "#b3261e", FONT_PX = 12;

/** About how wide `text` is at FONT_PX: a Chinese character is a full em, anything else about 0.6 em. */
const textWidth = (text) => [...String(text)].reduce((w, c) => w + (c.codePointAt(0) > 0x2e80 ? FONT_PX : FONT_PX * 0.6), 0);

/** `text` cut to `width`, its end (a year: 淮安市洪泽区 2024) kept: the name is shortened, never the year. */
function fitText(text, width) {
  if (textWidth(text) <= width) return text;
  const [, name, year] = text.match(/^(.*?)( \d{4})?$/);
  const chars = [...name], end = year || "";
  while (chars.length > 1 && textWidth(chars.join("") + "…" + end) > width) chars.pop();
  return chars.join("") + "…" + end;
}

function renderChart(spec) {
  if (!spec || !spec.series.some((s) => s.points.some((p) => p.value !== null))) return null;
  const box = el("figure", { class: "chart", "data-kind": spec.kind },
                 el("figcaption", { class: "chart-title", text: spec.title + (spec.unit ? `（${spec.unit}）` : "") }));
  const holder = el("div", { class: "chart-drawing" });
  box.append(holder);
  if (spec.kind === "lines" && spec.series.length > 1) {
    box.append(el("div", { class: "legend" }, spec.series.map((s, i) => {
      const swatch = el("i");
      swatch.style.background = COLORS[i % COLORS.length];  // CSSOM, allowed by the page's content security policy
      return el("span", {}, swatch, s.name);
    })));
  }
  if (spec.notes.length) box.append(el("ul", { class: "chart-notes" }, spec.notes.map((n) => el("li", { text: n }))));
  let drawnAt = 0;
  const draw = () => {
    const width = Math.max(280, Math.floor(holder.clientWidth));
    if (!holder.clientWidth || width === drawnAt) return;
    drawnAt = width;
    holder.replaceChildren(spec.kind === "lines" ? lineChart(spec, width) : barChart(spec, width));
  };
  new ResizeObserver(draw).observe(holder);
  return box;
}

function barChart(spec, width) {
  const points = spec.series[0].points.filter((p) => p.value !== null);
  const rowHeight = 26, labelWidth = Math.min(200, Math.round(width * 0.42));
  const valueWidth = Math.min(Math.max(...points.map((p) => textWidth(p.text))) + 10, Math.round(width * 0.36));
  const span = Math.max(width - labelWidth - valueWidth - 8, 40);
  const most = Math.max(...points.map((p) => Math.max(p.value, 0)), 0);
  const least = Math.min(...points.map((p) => Math.min(p.value, 0)), 0);
  const scale = span / ((most - least) || 1);
  const zero = labelWidth + 4 + -least * scale;
  const chart = svg("svg", { width, height: points.length * rowHeight + 6, viewBox: `0 0 ${width} ${points.length * rowHeight + 6}`,
                             role: "img", "aria-label": spec.title });
  points.forEach((p, i) => {
    const y = i * rowHeight + 3;
    const name = svg("text", { x: labelWidth - 4, y: y + 17, "text-anchor": "end", class: "bar-label" }, fitText(p.label, labelWidth - 8));
    name.append(svg("title", {}, p.label));
    const w = Math.max(Math.abs(p.value) * scale, 1);
    const fill = spec.kind === "changes" ? (p.value >= 0 ? UP : DOWN) : (p.from_text ? FROM_TEXT : BAR);
    const rect = svg("rect", { x: p.value >= 0 ? zero : zero - w, y: y + 4, width: w, height: rowHeight - 9, fill });
    rect.append(svg("title", {}, `${p.label}: ${p.text}`));
    const valueX = Math.max(zero, p.value >= 0 ? zero + w : zero) + 4;
    chart.append(name, rect, svg("text", { x: valueX, y: y + 17, class: "bar-value" }, p.text));
  });
  if (least < 0) chart.append(svg("line", { x1: zero, x2: zero, y1: 0, y2: points.length * rowHeight + 6, class: "axis" }));
  return chart;
}

function lineChart(spec, width) {
  const height = 230, left = 12, right = 12, top = 22, bottom = 28;
  const years = [...new Set(spec.series.flatMap((s) => s.points.map((p) => p.year)))].filter((y) => y).sort();
  const values = spec.series.flatMap((s) => s.points.map((p) => p.value)).filter((v) => v !== null);
  const most = Math.max(...values, 0), least = Math.min(...values, 0);
  const x = (year) => years.length < 2 ? width / 2 : left + 20 + (years.indexOf(year) / (years.length - 1)) * (width - left - right - 40);
  const y = (v) => top + (1 - (v - least) / ((most - least) || 1)) * (height - top - bottom);
  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": spec.title });
  chart.append(svg("line", { x1: left, x2: width - right, y1: y(least), y2: y(least), class: "axis" }));
  for (const year of years) chart.append(svg("text", { x: x(year), y: height - 8, "text-anchor": "middle", class: "bar-label" }, year));
  spec.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const shown = s.points.filter((p) => p.value !== null && p.year);
    chart.append(svg("polyline", { points: shown.map((p) => `${x(p.year)},${y(p.value)}`).join(" "), fill: "none", stroke: color, "stroke-width": 2 }));
    for (const p of shown) {
      const dot = svg("circle", { cx: x(p.year), cy: y(p.value), r: 4, fill: p.from_text ? FROM_TEXT : color });
      dot.append(svg("title", {}, `${s.name} ${p.label}: ${p.text}`));
      chart.append(dot, svg("text", { x: x(p.year), y: y(p.value) - 8, "text-anchor": "middle", class: "bar-value" }, p.text));
    }
  });
  return chart;
}

// ------------------------------------------------------------------ reports and coverage
async function loadReports() {
  await Promise.all([loadCoverage(), loadReportList()]);
}

/** Previous / "K–L of N" / Next over one paged list; `page` is its state ({ offset, limit }). */
function pager(prefix, page, shown, total, said, reload) {
  const first = page.offset;
  return el("div", { class: "row pager" },
    el("button", { type: "button", class: "secondary", id: `${prefix}-prev`, text: t("f_prev"), disabled: first === 0,
                   onclick: () => { page.offset = Math.max(0, first - page.limit); reload(); } }),
    el("span", { id: `${prefix}-total`, text: t(said, first + 1, first + shown, total) }),
    el("button", { type: "button", class: "secondary", id: `${prefix}-next`, text: t("f_next"),
                   disabled: first + shown >= total, onclick: () => { page.offset = first + page.limit; reload(); } }));
}

/** One page of a paged list (`page`: { offset, limit }): its body and the whole count (X-Total-Count). */
async function fetchPage(path, page) {
  const response = await api(`${path}?limit=${page.limit}&offset=${page.offset}`, { raw: true });
  const body = await response.json();
  return { body, total: Number(response.headers.get("X-Total-Count") || 0) };
}

/** A page of the coverage grid (issuers by name), then the marks of the reports it shows. */
async function loadCoverage() {
  let got;
  try {
    got = await fetchPage("/api/coverage", state.coverage);
  } catch (e) {
    $("coverage").replaceChildren(el("p", { class: "error", text: t("error") + e.message }));
    return;
  }
  if (!got.body.issuers.length && state.coverage.offset > 0) { state.coverage.offset = 0; return loadCoverage(); }
  $("coverage").replaceChildren(
    got.total ? pager("cov", state.coverage, got.body.issuers.length, got.total, "coverage_total", loadCoverage) : "",
    renderCoverage(got.body));
  markProblems();
}

/** A page of the list of reports (by issuer and year), with each one's card under it. */
async function loadReportList() {
  let got;
  try {
    got = await fetchPage("/api/reports", state.reports);
  } catch (e) {
    $("reports").replaceChildren(el("p", { class: "error", text: t("error") + e.message }));
    return;
  }
  if (!got.body.length && state.reports.offset > 0) { state.reports.offset = 0; return loadReportList(); }
  $("reports").replaceChildren(
    got.total ? pager("rep", state.reports, got.body.length, got.total, "reports_total", loadReportList) : "",
    renderReports(got.body));
  if (state.me && state.me.admin) {
    const status = el("span", { class: "status", role: "status" });
    $("reports").append(el("p", { class: "row" },
      el("button", { type: "button", class: "secondary", id: "export-answers", text: t("export_answers"),
                     onclick: () => download("/api/answers.csv", "nianbao-answers.csv", status) }), status));
  }
}

function renderCoverage(c) {
  if (!c.issuers.length) return el("p", { text: t("none_yet") });
  const head = el("tr", {}, el("th", { scope: "col", text: t("col_issuer") }),
                  c.years.map((y) => el("th", { scope: "col", text: y })));
  const rows = c.issuers.map((i) => el("tr", {}, el("th", { scope: "row", text: i.issuer || "?" }), c.years.map((y) => {
    const here = i.reports.filter((r) => r.year === y);
    if (!here.length) return el("td", { class: "missing", text: t("missing") });
    const failed = here.reduce((n, r) => n + r.failed_checks, 0);
    return el("td", { class: failed ? "have checks" : "have", title: here.map((r) => r.source_file).join(", "),
                      "data-reports": here.map((r) => r.report_id).join(" ") },
              failed ? `${t("on_file")} · ${t("failed_checks", failed)}` : t("on_file"));
  })));
  return el("div", { class: "scroll" }, el("table", { class: "coverage" }, el("thead", {}, head), el("tbody", {}, rows)));
}

const PROBLEM_IDS = 200;  // reports asked about at once (the server takes at most 500)

/** The grid marks every report whose card (as `nianbao check`) has a finding of any kind, not only
 * failed checks: asked for the reports of the grid shown, some at a time, each cell marked once all its reports are known. */
async function markProblems() {
  const cells = [...document.querySelectorAll("table.coverage td[data-reports]")];
  const ids = [...new Set(cells.flatMap((cell) => cell.dataset.reports.split(" ")))];
  const counts = {};
  for (let i = 0; i < ids.length; i += PROBLEM_IDS) {
    try {
      Object.assign(counts, await api(`/api/problems?ids=${ids.slice(i, i + PROBLEM_IDS).map(encodeURIComponent).join(",")}`));
    } catch (e) {
      return;  // the grid stays as drawn, with the failed checks it knows
    }
    if (!cells[0].isConnected) return;  // another page is shown now
    markCells(cells, counts, new Set(ids.slice(0, i + PROBLEM_IDS)));
  }
}

/** Each cell whose reports were all asked about: its card counts added up, in its text and its title. */
function markCells(cells, counts, asked) {
  const kinds = t("card_kinds");
  for (const cell of cells) {
    const mine = cell.dataset.reports.split(" ");
    if (cell.dataset.marked || !mine.every((id) => asked.has(id))) continue;
    cell.dataset.marked = "1";
    const found = {};
    for (const id of mine) {
      for (const [kind, n] of Object.entries(counts[id] || {})) found[kind] = (found[kind] || 0) + n;
    }
    const total = Object.values(found).reduce((a, b) => a + b, 0);
    cell.classList.toggle("checks", total > 0);
    cell.classList.toggle("problems", total > 0);
    cell.textContent = total ? `${t("on_file")} · ${t("problems", total)}` : t("on_file");
    const said = Object.entries(found).filter(([, n]) => n).map(([k, n]) => `${kinds[k] || k}: ${n}`);
    if (said.length) cell.title = said.join("\n");
  }
}

function renderReports(reports) {
  if (!reports.length) return el("p", { text: t("none_yet") });
  const columns = ["col_issuer", "col_year", "col_template", "col_file", "col_figures", "col_chunks", "col_checks", "col_card"];
  const head = el("tr", {}, columns.map((k) => el("th", { scope: "col", text: t(k) })));
  const rows = reports.flatMap((r) => {
    const card = el("tr", { class: "card", hidden: true }, el("td", { colspan: columns.length }));
    const row = el("tr", {},
      el("td", { text: r.issuer || "" }), el("td", { text: r.year ?? "" }), el("td", { text: r.template || "" }),
      el("td", { class: "file-cell", text: (r.sources || [r.source_file]).join(", ") }),
      el("td", { class: "num", text: r.figures }),
      el("td", { class: "num", text: r.chunks }),
      el("td", {}, r.failed_checks.length
        ? el("ul", {}, r.failed_checks.map((c) => el("li", { text: `${c.description}：${c.left ?? "—"} ≠ ${c.right ?? "—"}` })))
        : (r.figures ? t("checks_ok") : "—")),
      el("td", {}, r.issuer && r.year ? el("button", { type: "button", class: "secondary card-open", text: t("card_open"),
                                                      onclick: () => openCard(r, card) }) : ""));
    return [row, card];
  });
  return el("div", { class: "scroll" }, el("table", { class: "reports" }, el("thead", {}, head), el("tbody", {}, rows)));
}

// A report's card (/api/check, the same findings as `nianbao check`), under its row.
async function openCard(report, row) {
  const cell = row.firstChild;
  row.hidden = !row.hidden;
  if (row.hidden || cell.dataset.loaded) return;
  cell.replaceChildren(el("p", { text: t("card_loading") }));
  try {
    const card = await api(`/api/check?issuer=${encodeURIComponent(report.issuer)}&year=${report.year}`);
    cell.dataset.loaded = "1";
    cell.replaceChildren(card.items.length
      ? el("ul", { class: "card-items" }, card.items.map((i) => el("li", {},
          el("strong", { text: `${t("card_kinds")[i.kind] || i.kind}：` }),
          document.createTextNode(i.description || i.quote || i.section || i.name || ""),
          (i.where || []).length ? el("div", { class: "where", text: i.where.join("；") }) : "")))
      : el("p", { text: t("card_none") }));
  } catch (e) {
    cell.replaceChildren(el("p", { class: "error", text: t("error") + e.message }));
  }
}

// ------------------------------------------------------------------ the figures browser
const FIGURE_FILTERS = ["issuer", "year_from", "year_to", "metric", "status", "sort"];

/** The filter form (drawn once per language), then the current page of cells. */
function renderFigureForm() {
  const form = $("figures-form");
  const before = Object.fromEntries(FIGURE_FILTERS.map((k) => [k, form.elements[k] ? form.elements[k].value : ""]));
  const field = (name, label, input) => el("div", { class: "field" }, el("label", { for: `f-${name}`, text: label }), input);
  const select = (name, options) => el("select", { id: `f-${name}`, name },
    Object.entries(options).map(([value, label]) => el("option", { value, text: label, selected: before[name] === value })));
  form.replaceChildren(
    field("issuer", t("f_issuer"), el("input", { id: "f-issuer", name: "issuer", type: "text", value: before.issuer })),
    field("year_from", t("f_year_from"), el("input", { id: "f-year_from", name: "year_from", type: "number", min: 2000, max: 2100, value: before.year_from })),
    field("year_to", t("f_year_to"), el("input", { id: "f-year_to", name: "year_to", type: "number", min: 2000, max: 2100, value: before.year_to })),
    field("metric", t("f_metric"), el("input", { id: "f-metric", name: "metric", type: "text", value: before.metric })),
    field("status", t("f_status"), select("status", Object.assign({ "": t("f_any") }, t("f_statuses")))),
    field("sort", t("f_sort"), select("sort", t("f_sorts"))),
    el("div", { class: "field" }, el("button", { type: "submit", id: "f-search", text: t("f_search") })));
  loadFigures();
}

function figureQuery() {
  const form = $("figures-form"), params = new URLSearchParams();
  for (const k of FIGURE_FILTERS) {
    const v = form.elements[k] ? form.elements[k].value.trim() : "";
    if (v) params.set(k, v);
  }
  params.set("limit", state.figures.limit);
  params.set("offset", state.figures.offset);
  return params.toString();
}

async function loadFigures() {
  const out = $("figures-results"), query = figureQuery();
  let response, cells;
  try {
    response = await api(`/api/figures?${query}`, { raw: true });
    cells = await response.json();
  } catch (e) {
    out.replaceChildren(el("p", { class: "error", text: t("error") + e.message }));
    return;
  }
  const total = Number(response.headers.get("X-Total-Count") || cells.length), first = state.figures.offset;
  const status = el("span", { class: "status", role: "status" });
  const pager = el("div", { class: "row pager" },
    el("button", { type: "button", class: "secondary", id: "f-prev", text: t("f_prev"), disabled: first === 0,
                   onclick: () => { state.figures.offset = Math.max(0, first - state.figures.limit); loadFigures(); } }),
    el("span", { id: "f-total", text: t("f_total", first + 1, first + cells.length, total) }),
    el("button", { type: "button", class: "secondary", id: "f-next", text: t("f_next"), disabled: first + cells.length >= total,
                   onclick: () => { state.figures.offset = first + state.figures.limit; loadFigures(); } }),
    el("button", { type: "button", class: "secondary", id: "f-csv", text: t("f_csv"), disabled: !cells.length,
                   onclick: () => download(`/api/figures.csv?${query}`, "nianbao-figures.csv", status) }),
    status);
  const head = el("tr", {}, ["col_issuer", "col_year", "col_metric", "col_where", "col_value", "col_status"]
    .map((k) => el("th", { scope: "col", text: t(k) })));
  const rows = cells.map((f) => el("tr", { class: `status-${f.status}` },
    el("td", {}, f.issuer || "", el("span", { class: "file", text: f.source_file + (f.page ? ` · p.${f.page}` : "") })),
    el("td", { text: f.year ?? "" }),
    el("td", { class: "metric-cell", text: f.label || f.metric }),
    el("td", { text: f.cite || "" }),
    el("td", { class: `num status-${f.status}`, text: f.status === "reported" ? `${f.raw || f.value}${f.unit && !String(f.raw).includes(f.unit) ? ` ${f.unit}` : ""}` : "" }),
    el("td", { text: t("f_statuses")[f.status] || f.status })));
  out.replaceChildren(pager, el("div", { class: "scroll" },
    el("table", { class: "figures-browser" }, el("thead", {}, head), el("tbody", {}, rows))));
}

// ------------------------------------------------------------------ uploads (admins)
function uploadOne(file, issuer, year, onProgress) {
  // XMLHttpRequest rather than fetch: it reports upload progress.
  return new Promise((resolve) => {
    const form = new FormData();
    form.append("file", file);
    if (issuer) form.append("issuer", issuer);
    if (year) form.append("year", year);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/ingest");
    xhr.setRequestHeader("Authorization", `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}`);
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener("load", () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 401) signOut();
      resolve({ ok: xhr.status === 200, body, status: xhr.status });
    });
    xhr.addEventListener("error", () => resolve({ ok: false, body: { detail: t("network") }, status: 0 }));
    xhr.send(form);
  });
}

async function upload(event) {
  event.preventDefault();
  const files = [...$("upload-file").files];
  if (!files.length) return;
  const issuer = $("upload-issuer").value.trim(), year = $("upload-year").value.trim();
  const progress = $("upload-progress"), status = $("upload-status"), results = $("upload-results");
  const button = event.target.querySelector("button[type=submit]");
  button.disabled = true;
  progress.hidden = false;
  for (const [n, file] of files.entries()) {
    status.textContent = t("uploading", file.name);
    const result = await uploadOne(file, issuer, year, (share) => {
      progress.value = Math.round(((n + share) / files.length) * 100);
      if (share >= 1) status.textContent = t("processing", file.name);
    });
    results.append(result.ok
      ? el("li", { class: "ok", text: t("stored", result.body) },
           (result.body.warnings || []).map((w) => el("div", { class: "help", text: serverText(w) })))
      : el("li", { class: "bad", text: t("refused") + serverText(result.body.detail || `${file.name}: ${result.status}`) }));
  }
  progress.value = 100;
  status.textContent = t("upload_done");
  button.disabled = false;
  $("upload-file").value = "";
}

// ------------------------------------------------------------------ start
function start() {
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    localStorage.setItem(LANG_KEY, state.lang);
    applyLanguage();
  });
  $("logout").addEventListener("click", signOut);
  $("login-form").addEventListener("submit", (e) => { e.preventDefault(); signIn($("token").value.trim()); });
  $("ask-form").addEventListener("submit", (e) => { e.preventDefault(); ask($("question").value); });
  $("question").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); ask($("question").value); }
  });
  $("new-conversation").addEventListener("click", newConversation);
  $("upload-form").addEventListener("submit", upload);
  $("figures-form").addEventListener("submit", (e) => { e.preventDefault(); state.figures.offset = 0; loadFigures(); });
  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => show(tab.dataset.view));
  applyLanguage();
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) signIn(token);
  else show("login");
}

document.addEventListener("DOMContentLoaded", start);
