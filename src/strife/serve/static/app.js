// Strife's page: filters, a map over packaged country outlines, a monthly timeline, a table of
// incidents and an incident view. Vanilla JS, no network beyond this server (the optional tile
// layer aside). Source text is only ever set with textContent / text nodes, never as markup.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const WORLD = 1000; // width of the Web Mercator square, in map units
const TILE_URL = "https://tile.openstreetmap.org";
const KIND_COLORS = {
  attack: "#c0392b", battle: "#7d3c98", airstrike: "#2471a3", raid: "#d35400", arrest: "#148f77",
  leader_killed: "#2e4053", execution: "#641e16", territory_change: "#b7950b",
};
const OTHER_COLOR = "#566573";
const FILTER_FIELDS = ["country", "kind", "attack_type", "actor", "date_from", "date_to", "min_killed", "q"];

const state = {
  filter: {}, sort: "date", order: "desc", offset: 0, limit: 50, bboxOn: false,
  selected: null, view: { x: 0, y: 0, w: WORLD }, points: [], tilesOn: false,
};

// ---- small DOM helpers ------------------------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  return node;
}

function $(id) { return document.getElementById(id); }

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function fmtInt(n) { return n === null || n === undefined ? "—" : Number(n).toLocaleString("en-US"); }

function fmtRange(lo, hi) {
  if (lo === null && hi === null) return "—";
  if (hi === null) return "≥" + fmtInt(lo);
  if (lo === null) return "≤" + fmtInt(hi);
  return lo === hi ? fmtInt(lo) : fmtInt(lo) + "–" + fmtInt(hi);
}

function label(value) { return value ? String(value).replace(/_/g, " ") : "—"; }

function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

async function fetchJSON(url, options) {
  const response = await fetch(url, options);
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) {
    let detail = body && body.detail;
    if (Array.isArray(detail)) detail = detail.map((d) => (d.loc || []).slice(-1)[0] + ": " + d.msg).join("; ");
    throw new Error(detail || response.status + " " + response.statusText);
  }
  return body;
}

// ---- query state ------------------------------------------------------------------------------
function filterParams(withBbox = true) {
  const params = new URLSearchParams();
  for (const key of FILTER_FIELDS) {
    const value = state.filter[key];
    if (value !== undefined && value !== null && String(value).trim() !== "") params.append(key, String(value).trim());
  }
  if (withBbox && state.bboxOn) params.append("bbox", viewBbox());
  return params;
}

function readForm() {
  const form = $("filters");
  const filter = {};
  for (const key of FILTER_FIELDS) {
    const input = form.elements[key];
    if (input && input.value.trim() !== "") filter[key] = input.value.trim();
  }
  state.filter = filter;
  state.bboxOn = $("f-bbox").checked;
}

function writeForm() {
  const form = $("filters");
  for (const key of FILTER_FIELDS) {
    const input = form.elements[key];
    if (!input) continue;
    const value = state.filter[key] || "";
    if (input.tagName === "SELECT" && value && ![...input.options].some((o) => o.value === value)) {
      input.append(el("option", { value }, value));
    }
    input.value = value;
  }
  $("f-bbox").checked = state.bboxOn;
}

function saveHash() {
  const params = filterParams(false);
  if (state.sort !== "date") params.set("sort", state.sort);
  if (state.order !== "desc") params.set("order", state.order);
  if (state.offset) params.set("offset", state.offset);
  if (state.selected) params.set("incident", state.selected);
  const hash = params.toString();
  history.replaceState(null, "", hash ? "#" + hash : location.pathname);
}

function loadHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  state.filter = {};
  for (const key of FILTER_FIELDS) if (params.get(key)) state.filter[key] = params.get(key);
  state.sort = ["date", "killed", "n_sources"].includes(params.get("sort")) ? params.get("sort") : "date";
  state.order = params.get("order") === "asc" ? "asc" : "desc";
  state.offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  state.selected = params.get("incident");
}

// ---- map --------------------------------------------------------------------------------------
function project(lon, lat) {
  const clamped = Math.max(-85, Math.min(85, lat)) * Math.PI / 180;
  return [(lon + 180) / 360 * WORLD, (1 - Math.log(Math.tan(Math.PI / 4 + clamped / 2)) / Math.PI) / 2 * WORLD];
}

function unproject(x, y) {
  const n = Math.PI * (1 - 2 * y / WORLD);
  return [x / WORLD * 360 - 180, Math.atan(Math.sinh(n)) * 180 / Math.PI];
}

function mapSize() {
  const svg = $("map");
  return [svg.clientWidth || 800, svg.clientHeight || 430];
}

function viewHeight() {
  const [width, height] = mapSize();
  return state.view.w * height / width;
}

function applyView() {
  const v = state.view;
  $("map").setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${viewHeight()}`);
  const unitsPerPx = v.w / mapSize()[0];
  for (const circle of $("markers").children) {
    circle.setAttribute("r", circle.dataset.px * unitsPerPx);
  }
  if (state.tilesOn) scheduleTiles();
}

function setView(cx, cy, w) {
  w = Math.max(WORLD / 400, Math.min(WORLD * 1.3, w));
  const h = w * mapSize()[1] / mapSize()[0];
  state.view = { x: cx - w / 2, y: cy - h / 2, w };
  applyView();
}

function viewBbox() {
  const v = state.view;
  const [west, north] = unproject(Math.max(0, v.x), Math.max(0, v.y));
  const [east, south] = unproject(Math.min(WORLD, v.x + v.w), Math.min(WORLD, v.y + viewHeight()));
  const r = (n) => Math.round(n * 1000) / 1000;
  return [r(west), r(Math.max(-90, south)), r(east), r(Math.min(90, north))].join(",");
}

function drawCountries(world) {
  const group = $("countries");
  clear(group);
  for (const country of world.countries) {
    const parts = [];
    for (const ring of country.rings) {
      let d = "";
      for (let i = 0; i < ring.length; i += 2) {
        const [x, y] = project(ring[i], ring[i + 1]);
        d += (i === 0 ? "M" : "L") + x.toFixed(2) + "," + y.toFixed(2);
      }
      parts.push(d + "Z");
    }
    const path = svgEl("path", { d: parts.join(""), "data-iso2": country.iso2 });
    const title = svgEl("title");
    title.textContent = country.name;
    path.append(title);
    group.append(path);
  }
}

function markerPx(killed) {
  return Math.min(22, 3.5 + 1.5 * Math.sqrt(killed || 0));
}

function drawMarkers(data) {
  const group = $("markers");
  clear(group);
  state.points = data.points;
  const unitsPerPx = state.view.w / mapSize()[0];
  for (const [id, lat, lon, kind, date, killed, place] of data.points) {
    const [x, y] = project(lon, lat);
    const px = markerPx(killed);
    const circle = svgEl("circle", { cx: x.toFixed(3), cy: y.toFixed(3), r: px * unitsPerPx,
                                     fill: KIND_COLORS[kind] || OTHER_COLOR, class: "marker" });
    circle.dataset.id = id;
    circle.dataset.px = px;
    if (id === state.selected) circle.classList.add("selected");
    const title = svgEl("title");
    title.textContent = `${label(kind)} — ${place || "?"}, ${date || "undated"}${killed ? ", " + killed + " killed" : ""}`;
    circle.append(title);
    circle.addEventListener("click", (event) => { event.stopPropagation(); openIncident(id); });
    group.append(circle);
  }
  const note = data.total > data.shown
    ? `${fmtInt(data.shown)} of ${fmtInt(data.total)} located incidents shown (deadliest first)`
    : `${fmtInt(data.total)} located incidents`;
  $("map-note").textContent = note;
}

function fitToMarkers() {
  if (!state.points.length) { setView(WORLD / 2, WORLD / 2 - 60, WORLD); return; }
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [, lat, lon] of state.points) {
    const [x, y] = project(lon, lat);
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const [width, height] = mapSize();
  const w = Math.max(90, (maxX - minX) * 1.3, (maxY - minY) * 1.3 * width / height);
  setView((minX + maxX) / 2, (minY + maxY) / 2, w);
}

function drawLegend() {
  const legend = $("legend");
  clear(legend);
  const kinds = new Set(state.points.map((p) => p[3]));
  for (const kind of kinds) {
    const item = el("span", {}, label(kind));
    item.style.setProperty("--c", KIND_COLORS[kind] || OTHER_COLOR);
    legend.append(item);
  }
  legend.hidden = kinds.size === 0;
}

let tileTimer = null;
function scheduleTiles() {
  clearTimeout(tileTimer);
  tileTimer = setTimeout(drawTiles, 120);
}

function drawTiles() {
  const group = $("tiles");
  clear(group);
  $("map").classList.toggle("tiles", state.tilesOn);
  $("tile-credit").hidden = !state.tilesOn;
  if (!state.tilesOn) return;
  const v = state.view;
  const worldPx = mapSize()[0] * WORLD / v.w;
  const z = Math.max(0, Math.min(12, Math.ceil(Math.log2(worldPx / 256))));
  const n = 2 ** z;
  const size = WORLD / n;
  const x0 = Math.max(0, Math.floor(v.x / size)), x1 = Math.min(n - 1, Math.floor((v.x + v.w) / size));
  const y0 = Math.max(0, Math.floor(v.y / size)), y1 = Math.min(n - 1, Math.floor((v.y + viewHeight()) / size));
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > 80) return;
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      group.append(svgEl("image", { href: `${TILE_URL}/${z}/${x}/${y}.png`, x: x * size, y: y * size,
                                    width: size, height: size }));
    }
  }
}

function setupMapInteraction() {
  const svg = $("map");
  let drag = null;
  const toMap = (event) => {
    const rect = svg.getBoundingClientRect();
    const v = state.view;
    return [v.x + (event.clientX - rect.left) / rect.width * v.w, v.y + (event.clientY - rect.top) / rect.height * viewHeight()];
  };
  svg.addEventListener("pointerdown", (event) => {
    if (event.target.classList && event.target.classList.contains("marker")) return;
    drag = { x: event.clientX, y: event.clientY, view: { ...state.view }, moved: false };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const scale = drag.view.w / svg.getBoundingClientRect().width;
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; svg.classList.add("dragging"); }
    state.view = { x: drag.view.x - dx * scale, y: drag.view.y - dy * scale, w: drag.view.w };
    applyView();
  });
  const end = () => {
    if (drag && drag.moved && state.bboxOn) scheduleRefresh();
    drag = null;
    svg.classList.remove("dragging");
  };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const [mx, my] = toMap(event);
    zoomAt(mx, my, event.deltaY < 0 ? 1 / 1.25 : 1.25);
  }, { passive: false });
  const zoomCentre = (factor) => {
    const v = state.view;
    zoomAt(v.x + v.w / 2, v.y + viewHeight() / 2, factor);
  };
  $("zoom-in").addEventListener("click", () => zoomCentre(1 / 1.5));
  $("zoom-out").addEventListener("click", () => zoomCentre(1.5));
  $("zoom-fit").addEventListener("click", fitToMarkers);
  $("tiles-on").addEventListener("change", (event) => { state.tilesOn = event.target.checked; drawTiles(); });
  window.addEventListener("resize", () => applyView());
}

function zoomAt(mx, my, factor) {
  const v = state.view;
  const w = Math.max(WORLD / 400, Math.min(WORLD * 1.3, v.w * factor));
  const k = w / v.w;
  state.view = { x: mx - (mx - v.x) * k, y: my - (my - v.y) * k, w };
  applyView();
  if (state.bboxOn) scheduleRefresh();
}

// ---- timeline ---------------------------------------------------------------------------------
function monthsBetween(first, last) {
  const months = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    months.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
    if (months.length > 1200) break;
  }
  return months;
}

function shiftMonth(month, by) {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String(index % 12 + 1).padStart(2, "0")}`;
}

function drawTimeline(rows) {
  const svg = $("timeline");
  clear(svg);
  const width = svg.clientWidth || 800, height = svg.clientHeight || 130;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const byMonth = new Map();
  for (const row of rows) {
    const entry = byMonth.get(row.month) || { events: 0, killed: 0 };
    entry.events += row.events;
    entry.killed += row.killed;
    byMonth.set(row.month, entry);
  }
  const known = [...byMonth.keys()].sort();
  $("timeline-note").textContent = known.length ? "" : "(no dated incidents)";
  if (!known.length) return;
  let months = monthsBetween(known[0], known[known.length - 1]);
  if (months.length < 13) { // a short span is shown as a year around it, not as a few wide bars
    const pad = Math.ceil((13 - months.length) / 2);
    months = monthsBetween(shiftMonth(known[0], -pad), shiftMonth(known[known.length - 1], pad));
  }
  const left = 30, bottom = 18, top = 6;
  const plotW = width - left - 6, plotH = height - bottom - top;
  const max = Math.max(...[...byMonth.values()].map((e) => e.events));
  const step = plotW / months.length;
  svg.append(svgEl("line", { x1: left, x2: width - 6, y1: top + plotH, y2: top + plotH }));
  const axisLabel = svgEl("text", { x: left - 4, y: top + 8, "text-anchor": "end" });
  axisLabel.textContent = String(max);
  svg.append(axisLabel);
  const yearEvery = Math.max(1, Math.ceil(months.length / 12 / Math.max(1, plotW / 600 * 10)));
  months.forEach((month, i) => {
    const x = left + i * step;
    const entry = byMonth.get(month);
    if (entry) {
      const h = Math.max(1, entry.events / max * plotH);
      const bar = svgEl("rect", { class: "bar", x: x + step * 0.1, width: Math.max(1, step * 0.8), y: top + plotH - h, height: h });
      bar.dataset.month = month;
      const title = svgEl("title");
      title.textContent = `${month}: ${entry.events} incidents, ${entry.killed} killed`;
      bar.append(title);
      bar.addEventListener("click", () => filterMonth(month));
      svg.append(bar);
    }
    const [year, mon] = month.split("-").map(Number);
    const short = months.length <= 24;
    if (short ? i % 3 === 0 : mon === 1 && year % yearEvery === 0) {
      const tick = svgEl("text", { x: x, y: height - 4 });
      tick.textContent = short ? month : String(year);
      svg.append(tick);
    }
  });
}

function filterMonth(month) {
  const [y, m] = month.split("-").map(Number);
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  state.filter.date_from = `${month}-01`;
  state.filter.date_to = `${month}-${String(lastDay).padStart(2, "0")}`;
  state.offset = 0;
  writeForm();
  refresh();
}

// ---- table ------------------------------------------------------------------------------------
function drawTable(page) {
  const body = $("events").querySelector("tbody");
  clear(body);
  for (const e of page.items) {
    const row = el("tr", { "data-id": e.id, class: e.id === state.selected ? "selected" : null },
      el("td", {}, e.date || "—"),
      el("td", {}, e.place_name || "—"),
      el("td", {}, e.country || "—"),
      el("td", {}, label(e.kind), e.attack_type ? el("div", { class: "muted" }, label(e.attack_type)) : null),
      el("td", {}, e.perpetrator || "—"),
      el("td", { class: "num", title: "low–high: " + fmtRange(e.killed_low, e.killed_high) }, fmtInt(e.killed_best)),
      el("td", { class: "num" }, e.n_sources));
    row.addEventListener("click", () => openIncident(e.id));
    body.append(row);
  }
  if (!page.items.length) body.append(el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No incident matches these filters.")));
  const first = page.total ? page.offset + 1 : 0;
  $("page-info").textContent = `${fmtInt(first)}–${fmtInt(page.offset + page.items.length)} of ${fmtInt(page.total)}`;
  $("prev").disabled = page.offset === 0;
  $("next").disabled = page.offset + page.items.length >= page.total;
  for (const button of document.querySelectorAll("th .sort")) {
    const active = button.dataset.sort === state.sort;
    button.classList.toggle("active", active);
    button.dataset.dir = active ? (state.order === "desc" ? "↓" : "↑") : "";
  }
}

// ---- incident view ----------------------------------------------------------------------------
function highlighted(text, terms) {
  // the evidence sentence as text nodes, with the phrases the extractor used (whole words) in <strong>
  const fragment = document.createDocumentFragment();
  const hits = [];
  for (const term of terms) {
    if (!term || term.trim().length < 3) continue;
    const escaped = term.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const match = new RegExp(`(^|[^\\p{L}\\p{N}])(${escaped})(?![\\p{L}\\p{N}])`, "iu").exec(text);
    if (!match) continue;
    const start = match.index + match[1].length, end = start + match[2].length;
    if (!hits.some(([s, e]) => start < e && end > s)) hits.push([start, end]);
  }
  hits.sort((a, b) => a[0] - b[0]);
  let pos = 0;
  for (const [start, end] of hits) {
    fragment.append(document.createTextNode(text.slice(pos, start)));
    fragment.append(el("strong", {}, text.slice(start, end)));
    pos = end;
  }
  fragment.append(document.createTextNode(text.slice(pos)));
  return fragment;
}

function contextBefore(evidence) {
  // a cut context starts at a word, not inside one
  const text = evidence.truncated_before ? evidence.before.replace(/^\S*\s/, "") : evidence.before;
  return (evidence.truncated_before ? "…" : "") + text;
}

function contextAfter(evidence) {
  const text = evidence.truncated_after ? evidence.after.replace(/\s\S*$/, "") : evidence.after;
  return text + (evidence.truncated_after ? "…" : "");
}

function evidenceQuote(evidence, mention) {
  const quote = el("blockquote", { class: "evidence", "data-start": evidence.start, "data-end": evidence.end });
  if (evidence.before) quote.append(el("span", { class: "ctx" }, contextBefore(evidence)));
  const mark = el("mark", { class: "span", title: `characters ${evidence.start}–${evidence.end}` });
  mark.append(highlighted(evidence.text, [mention.victims_text, mention.perpetrator_text, mention.weapon_text]));
  quote.append(mark);
  if (evidence.after) quote.append(el("span", { class: "ctx" }, contextAfter(evidence)));
  return quote;
}

function figuresTable(sources) {
  const killedRanges = new Set(sources.filter((s) => s.killed_min !== null || s.killed_max !== null)
    .map((s) => fmtRange(s.killed_min, s.killed_max)));
  const woundedRanges = new Set(sources.filter((s) => s.wounded_min !== null || s.wounded_max !== null)
    .map((s) => fmtRange(s.wounded_min, s.wounded_max)));
  const differs = killedRanges.size > 1 || woundedRanges.size > 1;
  const table = el("table", { class: "figures", id: "figures" },
    el("thead", {}, el("tr", {}, el("th", {}, "Source"), el("th", {}, "Published"),
      el("th", { class: "num" }, "Killed"), el("th", { class: "num" }, "Wounded"))));
  const body = el("tbody");
  for (const s of sources) {
    const row = el("tr", { class: killedRanges.size > 1 ? "differs" : null, "data-doc": s.doc_id },
      el("td", {}, el("div", { class: "outlet" }, s.source || s.name || s.doc_id),
        s.source && s.name ? el("div", { class: "muted" }, s.name) : null,
        s.syndicated_of ? el("div", { class: "muted" }, "syndicated copy") : null),
      el("td", { title: s.pub_date_source || "" }, s.pub_date || "undated"),
      el("td", { class: "num killed" }, fmtRange(s.killed_min, s.killed_max)),
      el("td", { class: "num wounded" }, fmtRange(s.wounded_min, s.wounded_max)));
    body.append(row);
  }
  table.append(body);
  const heading = el("h3", {}, "Figures by source", differs ? el("span", { class: "badge" }, "sources disagree") : null);
  return [heading, table];
}

function renderIncident(e) {
  const body = $("incident-body");
  clear(body);
  const where = e.place_name ? ` in ${e.place_name}` : "";
  body.append(el("h2", {}, label(e.kind) + (e.attack_type ? ` (${label(e.attack_type)})` : "") + where));
  const facts = el("dl");
  const add = (term, value) => facts.append(el("dt", {}, term), el("dd", {}, value === null || value === undefined || value === "" ? "—" : value));
  add("Date", e.date);
  add("Place", [e.place_name, e.country].filter(Boolean).join(", "));
  add("Coordinates", e.lat !== null ? `${e.lat.toFixed(3)}, ${e.lon.toFixed(3)}` : null);
  add("Perpetrator", e.perpetrator ? e.perpetrator + (e.claimed ? " (claimed)" : "") : null);
  add("Killed", `best ${fmtInt(e.killed_best)} · range ${fmtRange(e.killed_low, e.killed_high)}`);
  add("Wounded", `best ${fmtInt(e.wounded_best)} · range ${fmtRange(e.wounded_low, e.wounded_high)}`);
  add("Sources", `${e.n_sources} (${e.n_mentions} mentions)`);
  add("Id", e.id);
  body.append(facts);
  body.append(...figuresTable(e.sources));
  body.append(el("h3", {}, "What the sources say"));
  for (const s of e.sources) {
    const block = el("div", { class: "source", "data-doc": s.doc_id });
    const head = el("div", {}, el("span", { class: "outlet" }, s.source || s.name || s.doc_id));
    if (s.title) head.append(" — ", s.title);
    block.append(head);
    if (s.url && /^https?:\/\//i.test(s.url)) {
      block.append(el("a", { href: s.url, rel: "noopener noreferrer nofollow", target: "_blank", class: "muted" }, s.url));
    }
    for (const m of s.mentions) {
      for (const ev of m.evidence) block.append(evidenceQuote(ev, m));
    }
    body.append(block);
  }
}

async function openIncident(id) {
  try {
    const incident = await fetchJSON(`/api/incidents/${encodeURIComponent(id)}`);
    state.selected = id;
    renderIncident(incident);
    $("incident").hidden = false;
    document.querySelector(".layout").classList.add("with-incident");
    for (const node of document.querySelectorAll(".selected")) node.classList.remove("selected");
    for (const node of document.querySelectorAll(`[data-id="${CSS.escape(id)}"]`)) node.classList.add("selected");
    saveHash();
    applyView(); // the map narrowed: keep markers round
  } catch (err) {
    showError(`Incident ${id}: ${err.message}`);
  }
}

function closeIncident() {
  state.selected = null;
  $("incident").hidden = true;
  document.querySelector(".layout").classList.remove("with-incident");
  for (const node of document.querySelectorAll(".selected")) node.classList.remove("selected");
  saveHash();
  applyView();
}

// ---- loading ----------------------------------------------------------------------------------
let refreshTimer = null;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => { state.offset = 0; refresh(); }, 300);
}

let generation = 0;
async function refresh({ fit = false } = {}) {
  const mine = ++generation;
  const filter = filterParams();
  const page = new URLSearchParams(filter);
  page.set("sort", state.sort);
  page.set("order", state.order);
  page.set("limit", state.limit);
  page.set("offset", state.offset);
  showError("");
  saveHash();
  for (const [id, fmt] of [["dl-csv", "csv"], ["dl-geojson", "geojson"]]) {
    $(id).href = `/api/incidents.${fmt}` + (filter.toString() ? "?" + filter : "");
  }
  try {
    const [events, points, trends] = await Promise.all([
      fetchJSON("/api/incidents?" + page),
      fetchJSON("/api/incidents/map?" + filter),
      fetchJSON("/api/trends/monthly?" + filter),
    ]);
    if (mine !== generation) return; // a newer request has been made
    drawTable(events);
    drawMarkers(points);
    drawLegend();
    drawTimeline(trends);
    if (fit) fitToMarkers();
    document.body.dataset.loaded = String(mine);
  } catch (err) {
    showError(err.message);
  }
}

function fillSelect(select, facets, describe) {
  const current = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const facet of facets) select.append(el("option", { value: facet.value }, `${describe(facet.value)} (${facet.count})`));
  select.value = current;
}

async function loadFacets() {
  const [facets, counts] = await Promise.all([fetchJSON("/api/facets"), fetchJSON("/api/summary")]);
  fillSelect($("f-country"), facets.countries, (v) => v);
  fillSelect($("f-kind"), facets.kinds, label);
  fillSelect($("f-attack-type"), facets.attack_types, label);
  const actors = $("actors");
  clear(actors);
  for (const facet of facets.actors) actors.append(el("option", { value: facet.value }));
  $("counts").textContent = `${fmtInt(counts.events)} incidents from ${fmtInt(counts.documents)} documents · ` +
    `${fmtInt(counts.indicators)} indicators`;
}

async function ingest(event) {
  event.preventDefault();
  const result = $("ingest-result");
  const data = new FormData();
  for (const file of $("i-files").files) data.append("file", file);
  if ($("i-url").value.trim()) data.append("url", $("i-url").value.trim());
  result.textContent = "Ingesting…";
  try {
    const summary = await fetchJSON("/api/ingest", {
      method: "POST", body: data, headers: { Authorization: "Bearer " + $("i-token").value },
    });
    result.textContent = `${summary.documents} documents, ${summary.incidents} incident mentions, ` +
      `${summary.events} events in store` + (summary.errors.length ? `; errors: ${summary.errors.join("; ")}` : "");
    await loadFacets();
    await refresh();
  } catch (err) {
    result.textContent = "Refused: " + err.message;
  }
}

async function init() {
  setupMapInteraction();
  loadHash();
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault(); readForm(); state.offset = 0; refresh({ fit: !state.bboxOn });
  });
  $("reset").addEventListener("click", () => {
    state.filter = {}; state.bboxOn = false; state.offset = 0; writeForm(); refresh({ fit: true });
  });
  $("f-bbox").addEventListener("change", () => { readForm(); state.offset = 0; refresh(); });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); refresh(); });
  $("next").addEventListener("click", () => { state.offset += state.limit; refresh(); });
  for (const button of document.querySelectorAll("th .sort")) {
    button.addEventListener("click", () => {
      if (state.sort === button.dataset.sort) state.order = state.order === "desc" ? "asc" : "desc";
      else { state.sort = button.dataset.sort; state.order = "desc"; }
      state.offset = 0;
      refresh();
    });
  }
  $("close-incident").addEventListener("click", closeIncident);
  $("ingest-form").addEventListener("submit", ingest);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && state.selected) closeIncident(); });
  try {
    const [world] = await Promise.all([fetchJSON("/static/world.json"), loadFacets()]);
    drawCountries(world);
  } catch (err) {
    showError("Could not load the map or the filters: " + err.message);
  }
  writeForm();
  const selected = state.selected;
  await refresh({ fit: true });
  if (selected) openIncident(selected);
}

document.addEventListener("DOMContentLoaded", init);
