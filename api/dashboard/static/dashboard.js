// Warmline dashboard: fetches the /v1 operator endpoints with the key in sessionStorage and draws inline SVG charts.
"use strict";
const KEY = "warmline.operatorKey";
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const pct = (v) => (v === null || v === undefined ? "–" : (v * 100).toFixed(1) + "%");
const num = (v, d = 1) => (v === null || v === undefined ? "–" : Number(v).toFixed(d));
// The seed's interpretation bands: above them, the metric is flagged with its diagnosis.
const BANDS = {
  escalation: { max: 0.8, why: "scope/knowledge gaps" },
  repeat: { max: 0.05, why: "context transfer failure" },
  gap: { max: 15, why: "escalation experience needs redesign" },
};

async function api(path, options = {}) {
  const headers = { Authorization: "Bearer " + (sessionStorage.getItem(KEY) || ""), ...(options.headers || {}) };
  const r = await fetch(path, { ...options, headers });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${(await r.json().catch(() => ({}))).detail || ""}`);
  return r.headers.get("content-type").includes("json") ? r.json() : r.text();
}

// The period on screen is whole calendar days where the browser is: From's midnight to the midnight after To,
// sent as instants with this zone's offset (a review's heading then names the operator's days), plus the zone's
// name so the day-by-day charts are cut at the same midnights. Cards, charts, staffing and the review all use it.
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const two = (n) => String(n).padStart(2, "0");
const dateOf = (d) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
function midnight(value, plusDays = 0) {  // a local date "YYYY-MM-DD" → its first instant (JS skips a missing 00:00)
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y, m - 1, d + plusDays);
}
function withOffset(d) {  // "2025-03-04T00:00:00+13:00": the local wall time and its offset
  const off = -d.getTimezoneOffset(), sign = off < 0 ? "-" : "+", a = Math.abs(off);
  return `${dateOf(d)}T${two(d.getHours())}:${two(d.getMinutes())}:00${sign}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}
function defaultPeriod() {  // the last 14 days, today included
  const today = new Date();
  if (!$("until").value) $("until").value = dateOf(today);
  if (!$("since").value) $("since").value = dateOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 13));
}
function period() {
  defaultPeriod();
  if ($("since").value > $("until").value) throw new Error("From must be on or before To.");
  return new URLSearchParams({ since: withOffset(midnight($("since").value)), until: withOffset(midnight($("until").value, 1)) });
}
// A stored period [since, until) as the days it covers, in this browser's zone.
const shownPeriod = (since, until) => `${dateOf(new Date(since))} – ${dateOf(new Date(new Date(until).getTime() - 1))}`;

function card(title, value, detail, band, actual) {
  const flagged = band && actual !== null && actual !== undefined && actual > band.max;
  const bandText = band ? (flagged ? `above ${band.max < 1 ? pct(band.max) : band.max}: ${band.why}` : `band ≤ ${band.max < 1 ? pct(band.max) : band.max}`) : "";
  return `<div class="card${flagged ? " flagged" : ""}" data-metric="${esc(title)}"><div>${esc(title)}</div>
    <div class="value">${esc(value)}</div><div>${esc(detail)}</div><div class="band">${esc(bandText)}</div></div>`;
}

function bars(items, { width = 480, barH = 18, color = "#3b6fd8" } = {}) {
  if (!items.length) return "<p>No data.</p>";
  const max = Math.max(...items.map((i) => i.value), 1), labelW = 150, h = items.length * (barH + 6);
  const rows = items.map((it, i) => {
    const w = ((width - labelW - 40) * it.value) / max, y = i * (barH + 6);
    return `<text x="0" y="${y + barH - 5}">${esc(it.label)}</text>
      <rect x="${labelW}" y="${y}" width="${w}" height="${barH}" fill="${color}"><title>${esc(it.label)}: ${it.value}</title></rect>
      <text x="${labelW + w + 4}" y="${y + barH - 5}">${esc(it.value)}</text>`;
  });
  return `<svg role="img" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}">${rows.join("")}</svg>`;
}

function line(points, { width = 480, height = 160, fmt = (v) => num(v), band = null } = {}) {
  const pts = points.filter((p) => p.value !== null && p.value !== undefined);
  if (!pts.length) return "<p>No data.</p>";
  const max = Math.max(...pts.map((p) => p.value), band || 0) * 1.1 || 1, left = 40, bottom = 20;
  const x = (i) => left + ((width - left - 10) * i) / Math.max(points.length - 1, 1);
  const y = (v) => height - bottom - ((height - bottom - 10) * v) / max;
  const path = points.map((p, i) => (p.value === null ? null : `${x(i)},${y(p.value)}`)).filter(Boolean).join(" ");
  const dots = points.map((p, i) => (p.value === null ? "" : `<circle cx="${x(i)}" cy="${y(p.value)}" r="3" fill="#3b6fd8"><title>${esc(p.label)}: ${fmt(p.value)}</title></circle>`));
  const bandLine = band === null ? "" : `<line x1="${left}" x2="${width - 10}" y1="${y(band)}" y2="${y(band)}" stroke="#c0392b" stroke-dasharray="4 3"><title>band ${fmt(band)}</title></line>`;
  const ends = points.length > 1 ? [[0, "start"], [points.length - 1, "end"]] : [[0, "middle"]];
  const labels = ends.map(([i, a]) => `<text x="${x(i)}" y="${height - 4}" text-anchor="${a}">${esc(points[i].label)}</text>`);
  return `<svg role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
    <text x="0" y="12">${esc(fmt(max / 1.1))}</text><text x="0" y="${height - bottom}">0</text>
    ${bandLine}<polyline fill="none" stroke="#3b6fd8" stroke-width="2" points="${path}"/>${dots.join("")}${labels.join("")}</svg>`;
}

// Disposition codes per code, with where they came from ("complex 3 · transactional 1"); busiest first.
function dispositionRows(d) {
  const by = (groups, code) => Object.entries(groups).filter(([, c]) => c[code]).sort((a, b) => b[1][code] - a[1][code])
    .map(([k, c]) => `${esc(k.replaceAll("_", " "))} ${c[code]}`).join(" · ") || "–";
  return Object.entries(d.by_code).map(([code, n]) => `<tr data-code="${esc(code)}"><td>${esc(code.replaceAll("_", " "))}</td>
    <td>${n}</td><td>${by(d.by_queue, code)}</td><td>${by(d.by_query_type, code)}</td></tr>`).join("");
}

async function load() {
  $("status").textContent = "Loading…";
  $("status").className = "";
  try {
    const p = period();
    for (const f of ["queue", "query_type"]) if ($(f).value) p.set(f, $(f).value);
    $("period").textContent = `(${$("since").value} – ${$("until").value}, ${ZONE})`;
    const zoned = new URLSearchParams({ tz: ZONE });
    const [m, days, staff, reviews] = await Promise.all([
      api("/v1/metrics?" + p), api(`/v1/trends?${p}&${zoned}`), api(`/v1/staffing?${period()}&${zoned}`), api("/v1/reviews"),
    ]);
    $("cards").innerHTML = [
      card("Escalation rate", pct(m.escalation_rate.value), `${m.escalation_rate.numerator} of ${m.escalation_rate.denominator} calls`, BANDS.escalation, m.escalation_rate.value),
      card("Repeat-explanation rate", pct(m.repeat_explanation_rate.value), `${m.repeat_explanation_rate.numerator} of ${m.repeat_explanation_rate.denominator} disposed`, BANDS.repeat, m.repeat_explanation_rate.value),
      card("CSAT gap (points)", num(m.csat.gap), `AI ${num(m.csat.ai)}% · escalated ${num(m.csat.escalated)}%`, BANDS.gap, m.csat.gap),
      card("Agent handle time", num(m.agent_handle_time_s.mean, 0) + " s", `p90 ${num(m.agent_handle_time_s.p90, 0)} s · ${m.agent_handle_time_s.count} calls`),
      card("Transfers without context", pct(m.transfers_without_context.value), `${m.transfers_without_context.numerator} of ${m.transfers_without_context.denominator}`),
      card("Helpdesk ack", num(m.helpdesk_ack_s.p50, 2) + " s", `p90 ${num(m.helpdesk_ack_s.p90, 2)} s`),
    ].join("");
    $("reasons-chart").innerHTML = bars(Object.entries(m.escalation_reasons).map(([label, value]) => ({ label, value })));
    const day = (d) => d.date.slice(5);  // the calendar day the bucket covers, in this browser's zone
    $("rate-chart").innerHTML = line(days.map((d) => ({ label: day(d), value: d.metrics.escalation_rate.value })), { fmt: pct, band: BANDS.escalation.max });
    $("handle-chart").innerHTML = line(days.map((d) => ({ label: day(d), value: d.metrics.agent_handle_time_s.mean })));
    $("staffing-chart").innerHTML = bars(staff.slots.map((s) => ({ label: `${s.queue} ${s.label}`, value: s.agents })), { color: "#2e8b57" });
    $("dispositions").tBodies[0].innerHTML = dispositionRows(m.dispositions);
    $("coded").textContent = `(${m.dispositions.coded_calls} coded calls)`;
    $("mix").tBodies[0].innerHTML = staff.queues.map((q) => `<tr><td>${esc(q.queue)}</td><td>${pct(q.share)}</td><td>${pct(q.share_before)}</td>
      <td>${num(q.handle_s, 0)}</td><td>${num(q.handle_s_before, 0)}</td><td>${num(q.queue_wait_s)}</td><td>${q.peak_agents}</td></tr>`).join("");
    $("reviews").tBodies[0].innerHTML = reviews.map((r) => `<tr><td>${esc(shownPeriod(r.since, r.until))}</td>
      <td>${r.calls}</td><td>${r.patterns}</td><td>${r.proposals}</td><td>${esc(r.flags.join("; "))}</td>
      <td><button type="button" data-review="${esc(r.review_id)}">Read</button></td></tr>`).join("");
    $("status").textContent = `${m.calls} calls` + (m.flags.length ? ` · ${m.flags.length} flagged` : "");
  } catch (e) {
    $("status").textContent = e.message.includes("401") ? "Enter a valid operator key." : e.message;
    $("status").className = "error";
  }
}

// Calls in progress, refreshed every few seconds (Temporal's visibility, via /v1/live).
const PHASES = { ai: "With the AI", transferring: "Transferring", with_agent: "With an agent", wrap_up: "In wrap-up" };
const LIVE_EVERY_MS = 5000;
const duration = (s) => (s < 60 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${two(Math.round(s % 60))} s`);
async function loadLive() {
  try {
    const live = await api("/v1/live");
    $("live-counts").innerHTML = Object.entries(PHASES).map(([k, title]) => `<div class="card${live.counts[k] ? "" : " zero"}"
      data-phase="${k}"><div>${esc(title)}</div><div class="value">${live.counts[k]}</div></div>`).join("");
    $("live").tBodies[0].innerHTML = live.calls.map((c) => `<tr data-call="${esc(c.call_id)}" data-phase="${esc(c.status)}">
      <td>${esc(c.call_id)}</td><td>${esc(PHASES[c.status] || c.status)}</td><td>${duration(c.for_s)}</td>
      <td>${esc((c.intent || "–").replaceAll("_", " "))}</td><td>${esc(c.queue || "–")}</td>
      <td>${esc((c.reason || "–").replaceAll("_", " "))}</td><td>${c.authenticated ? "yes" : "no"}</td></tr>`).join("");
    $("live-as-of").textContent = `(${live.in_progress} now · as of ${new Date(live.as_of).toLocaleTimeString()})`;
  } catch (e) {
    $("live-as-of").textContent = e.message.includes("401") ? "" : `(${e.message})`;
  }
}

async function showReview(id) {
  $("review").innerHTML = await api(`/v1/reviews/${encodeURIComponent(id)}?format=html`);  // escaped by the API
  $("review").scrollIntoView({ block: "nearest" });
}

$("key-form").addEventListener("submit", (e) => { e.preventDefault(); sessionStorage.setItem(KEY, $("key").value); $("key").value = ""; load(); loadLive(); });
$("filters").addEventListener("submit", (e) => { e.preventDefault(); load(); });
$("reviews").addEventListener("click", (e) => {
  const id = e.target.dataset && e.target.dataset.review;
  if (id) showReview(id).catch((err) => { $("status").textContent = err.message; $("status").className = "error"; });
});
$("run-review").addEventListener("click", async () => {
  $("status").className = "";
  try {
    const p = period();
    $("status").textContent = "Running the review…";
    const body = JSON.stringify({ since: p.get("since"), until: p.get("until") });
    const r = await api("/v1/reviews/run", { method: "POST", headers: { "content-type": "application/json" }, body });
    await load();
    await showReview(r.review_id);
  } catch (err) { $("status").textContent = err.message; $("status").className = "error"; }
});
defaultPeriod();
load();
loadLive();
setInterval(loadLive, LIVE_EVERY_MS);
