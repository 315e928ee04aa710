// Warmline agent desk: renders the server's view from server-sent events; no framework, no CDN.
"use strict";

const $ = (id) => document.getElementById(id);
let view = null;
let shownCall = null;

function text(el, value) { el.textContent = value == null ? "" : String(value); }

function humanize(name) { return (name || "").replaceAll("_", " "); }

function renderContext(ctx, coaching) {
  const node = $("context-template").content.firstElementChild.cloneNode(true);
  const f = (name) => node.querySelector(`[data-f="${name}"]`);
  // The first 15 seconds: what to say, and the one thing not to do, above everything else.
  f("coaching").hidden = !coaching;
  if (coaching) {
    text(f("opening"), coaching.opening);
    f("avoid").hidden = !coaching.avoid;
    text(f("avoid"), coaching.avoid);
  }
  text(f("summary"), ctx.summary);
  text(f("intent"), ctx.intent ? `${humanize(ctx.intent.name)} · confidence ${Math.round(ctx.intent.confidence * 100)}%` : "unknown");
  const auth = ctx.authentication;
  text(f("auth"), auth.verified ? `Verified · ${auth.method || "unknown method"} (no need to re-verify)` : "Not verified");
  f("auth").className = auth.verified ? "ok" : "warn";
  const esc = ctx.escalation;
  text(f("reason"), `${humanize(esc.reason)} at turn ${esc.turn} · ${esc.detail}`);
  const confirm = ctx.flags && ctx.flags.confirmation_seeking;
  text(f("confirm"), confirm ? "Yes · the AI already answered; confirm briefly" : "No");
  const caller = ctx.caller || {};
  text(f("caller"), [caller.number, caller.account_id && `account ${caller.account_id}`].filter(Boolean).join(" · ") || "unknown");
  const cb = ctx.callback;
  f("callback-label").hidden = f("callback").hidden = !cb;
  if (cb) {
    text(f("callback"), `Ring the caller back on ${cb.number || "the number on the account"} · attempt ${cb.attempt} of ${cb.max_attempts} · ` +
      `booked ${new Date(cb.booked_at).toLocaleString()} (${humanize(cb.reason)})`);
  }
  // A message the caller left after hours: the recording to play and, when the account transcribes, its text.
  const vm = cb && cb.voicemail;
  f("voicemail-label").hidden = f("voicemail").hidden = !(vm && vm.recording_url);
  if (vm && vm.recording_url) {
    f("recording").href = vm.recording_url;
    text(f("recording"), `Play the message (${vm.duration_s} s)`);
    text(f("voicemail-text"), vm.transcript ? `“${vm.transcript}”` :
      vm.transcript_status === "failed" ? "No transcript: the transcription failed." :
      vm.transcribe ? "Transcript not in yet." : "No transcript (the line does not transcribe messages).");
  }
  const actions = f("actions");
  if (!ctx.actions.length) { const li = document.createElement("li"); text(li, "Nothing yet."); actions.append(li); }
  for (const a of ctx.actions) {
    const li = document.createElement("li");
    li.className = a.status;
    text(li, `${a.status === "succeeded" ? "✓" : "✗"} ${humanize(a.name)} · ${a.status}${a.detail ? " · " + a.detail : ""}`);
    actions.append(li);
  }
  const transcript = f("transcript");
  for (const u of ctx.transcript) {
    const li = document.createElement("li");
    li.className = u.speaker;
    const who = document.createElement("b");
    text(who, u.speaker === "ai" ? "AI" : "Caller");
    li.append(who, document.createTextNode(" " + u.text));
    transcript.append(li);
  }
  return node;
}

function renderQueues(queues) {
  const rows = $("queue-rows");
  rows.replaceChildren();
  for (const q of queues) {
    const tr = document.createElement("tr");
    const cells = [q.name, q.waiting, q.longest_wait_s == null ? "–" : `${Math.round(q.longest_wait_s)} s`,
      q.agents_available, q.answered, q.mean_wait_s == null ? "–" : `${q.mean_wait_s.toFixed(1)} s`];
    for (const c of cells) { const td = document.createElement("td"); text(td, c); tr.append(td); }
    rows.append(tr);
  }
}

function countdown() {
  if (!view || !view.offer || !view.offer.ring_deadline) return;
  const left = Math.max(0, Math.round((Date.parse(view.offer.ring_deadline) - Date.now()) / 1000));
  text($("offer-countdown"), `${left} s left`);
}

function render(v) {
  view = v;
  text($("agent"), `${v.agent_id} · ${v.skills.join(", ") || "no skills"}`);
  text($("status"), v.status);
  $("status").className = `pill ${v.status}`;
  $("note").hidden = !v.note;
  text($("note"), v.note);
  renderQueues(v.queues);
  const offer = v.offer;
  $("offer").hidden = !offer;
  if (offer) {
    if ($("offer").dataset.context !== offer.context.context_id) {
      $("offer").dataset.context = offer.context.context_id;
      $("offer-context").replaceChildren(renderContext(offer.context, offer.coaching));
      $("accept").disabled = false;
    }
    const cb = offer.context.callback;
    text($("offer-kind"), cb ? (cb.voicemail ? "Voicemail · callback to make" : "Callback to make") : "Incoming call");
    text($("offer-queue"), offer.queue);
    text($("offer-waited"), `${Math.round(offer.waited_s)} s`);
    countdown();
  } else {
    delete $("offer").dataset.context;
  }
  const call = v.call;
  $("call").hidden = !call;
  if (call && shownCall !== call.call_id) {
    shownCall = call.call_id;
    text($("call-id"), call.call_id);
    $("call-context").replaceChildren(call.context ? renderContext(call.context, call.coaching) : document.createTextNode(""));
    $("wrap-up").reset();
    $("callback-outcome").hidden = !(call.context && call.context.callback);
    $("wrap-error").hidden = true;
  }
  if (!call) shownCall = null;
  $("idle").hidden = Boolean(offer || call);
  $("go-available").disabled = v.status === "busy";
  $("go-away").disabled = v.status === "busy";
}

async function post(path, body) {
  const r = await fetch(path, {
    method: "POST", credentials: "same-origin",
    headers: { "content-type": "application/json" }, body: JSON.stringify(body || {}),
  });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(data.detail || `HTTP ${r.status}`);
  return data;
}

async function setStatus(status) {
  try { render(await post("/desk/api/presence", { status })); } catch (e) { text($("note"), e.message); $("note").hidden = false; }
}

async function accept() {
  if (!view || !view.offer) return;
  $("accept").disabled = true;
  try { await post(`/desk/api/offers/${encodeURIComponent(view.offer.context.context_id)}/accept`); }
  catch (e) { text($("note"), `Could not accept: ${e.message}`); $("note").hidden = false; $("accept").disabled = false; }
}

async function wrapUp(event) {
  event.preventDefault();
  if (!view || !view.call) return;
  const form = $("wrap-up");
  const codes = [...form.querySelectorAll('input[name="codes"]:checked')].map((i) => i.value);
  if (!codes.length) { text($("wrap-error"), "Pick at least one code (or None)."); $("wrap-error").hidden = false; return; }
  const body = {
    codes, repeat_explanation: form.elements.repeat_explanation.checked, notes: form.elements.notes.value || null,
    intended_query_type: form.elements.intended_query_type.value || null,
  };
  if (view.call.context && view.call.context.callback) {
    const picked = form.querySelector('input[name="callback_outcome"]:checked');
    if (!picked) { text($("wrap-error"), "Say whether you reached the caller."); $("wrap-error").hidden = false; return; }
    body.callback_outcome = picked.value;
  }
  try { render(await post(`/desk/api/calls/${encodeURIComponent(view.call.call_id)}/wrap-up`, body)); }
  catch (e) { text($("wrap-error"), e.message); $("wrap-error").hidden = false; }
}

async function loadQueryTypes() {
  // The "should have been" select: the live policy's query types, optional (the first option is empty).
  const r = await fetch("/desk/api/wrap-up-options", { credentials: "same-origin" });
  if (!r.ok) return;
  const select = $("intended-query-type");
  for (const name of (await r.json()).query_types) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = name.replaceAll("_", " ");
    select.append(option);
  }
}

function connect() {
  const source = new EventSource("/desk/api/events");
  source.addEventListener("desk", (e) => { $("link").hidden = true; render(JSON.parse(e.data)); });
  source.addEventListener("unavailable", () => { $("link").hidden = false; });
  source.onerror = () => { $("link").hidden = false; };
}

document.addEventListener("DOMContentLoaded", () => {
  $("go-available").addEventListener("click", () => setStatus("available"));
  $("go-away").addEventListener("click", () => setStatus("away"));
  $("accept").addEventListener("click", accept);
  $("wrap-up").addEventListener("submit", wrapUp);
  setInterval(countdown, 1000);
  loadQueryTypes();
  connect();
});
