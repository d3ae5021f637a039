"use strict";
const $ = id => document.getElementById(id);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
let state = null, index = 0, busy = false;

async function api(path, body) {
  const r = await fetch(path, body === undefined ? {} : {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  if (!r.ok) throw new Error(path + ": " + r.status + " " + await r.text());
  return r.json();
}
function hasCoder() { return document.cookie.split(";").some(c => c.trim().startsWith("portrayal_coder=")); }

function highlighted(text, spans) {
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at || s.end > text.length) continue;
    frag.append(document.createTextNode(text.slice(at, s.start)), el("mark", text.slice(s.start, s.end)));
    at = s.end;
  }
  frag.append(document.createTextNode(text.slice(at)));
  return frag;
}
function safeLink(url) {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  const a = el("a", url); a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer"; return a;
}
function showProgress() { $("progress").textContent = state.coded + " of " + state.total + " coded"; }

function show() {
  $("status").textContent = "";
  if (index >= state.units.length) { $("coding").classList.add("hidden"); $("done").classList.remove("hidden"); return; }
  $("done").classList.add("hidden"); $("coding").classList.remove("hidden");
  const {unit: u, code} = state.units[index];
  const meta = $("meta"); meta.replaceChildren();
  meta.append((index + 1) + " / " + state.units.length + " · " + u.platform + " · " + (u.accountName || u.account) + " · " + u.published + " ");
  const link = safeLink(u.url); if (link) meta.append(link);
  const parent = $("parent");
  if (u.parent) { parent.replaceChildren(el("div", "in reply to " + u.parent.account + " · " + u.parent.published, "meta"), el("div", u.parent.text, "text")); parent.classList.remove("hidden"); }
  else parent.classList.add("hidden");
  $("text").replaceChildren(highlighted(u.text, u.mentions));
  $("actor").textContent = u.actorName;
  $("current").textContent = code ? "coded " + code.stance : "";
  document.querySelectorAll(".stances button").forEach(b => b.classList.toggle("on", !!code && b.dataset.stance === code.stance));
  const box = $("narratives"); box.replaceChildren();
  for (const n of state.narratives) {
    const label = el("label"); const cb = el("input"); cb.type = "checkbox"; cb.value = n.id;
    cb.checked = code ? code.narratives.includes(n.id) : false;
    label.append(cb, " " + n.label + " "); box.append(label);
  }
  $("note").value = code ? code.note : "";
}

async function code(stance) {
  if (busy || index >= state.units.length) return;
  busy = true;
  const {unit: u} = state.units[index];
  const narratives = [...document.querySelectorAll("#narratives input:checked")].map(c => c.value);
  const note = $("note").value;
  try {
    const r = await api("/api/code", {key: u.key, stance, narratives, note});
    state.units[index].code = {stance, narratives, note};
    state.coded = r.coded; state.total = r.total; showProgress();
    index++; show();
  } catch (e) { $("status").textContent = "not saved: " + e.message; $("status").className = "err"; }
  finally { busy = false; }
}

async function startCoding() {
  if (!hasCoder()) { $("login").classList.remove("hidden"); $("coder-name").focus(); return; }
  $("login").classList.add("hidden");
  state = await api("/api/units");
  $("who").textContent = "coder: " + state.coder;
  showProgress();
  index = state.units.findIndex(x => !x.code); if (index < 0) index = state.units.length;
  show();
}

$("coder-go").onclick = async () => {
  const name = $("coder-name").value.trim(); if (!name) return;
  await api("/api/coder", {name}); startCoding();
};
$("coder-name").addEventListener("keydown", e => { if (e.key === "Enter") { e.preventDefault(); $("coder-go").click(); } });
document.querySelectorAll(".stances button").forEach(b => b.onclick = () => code(b.dataset.stance));
$("skip").onclick = () => { if (index < state.units.length) { index++; show(); } };
$("back").onclick = () => { if (index > 0) { index--; show(); } };
$("review").onclick = () => { index = 0; show(); };
document.addEventListener("keydown", e => {
  if (!state || $("coding").classList.contains("hidden")) return;
  const t = e.target.tagName; if (t === "INPUT" && e.target.type !== "checkbox" || t === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) return;
  const stance = {"1": "negative", "2": "neutral", "3": "positive"}[e.key];
  if (stance) { e.preventDefault(); code(stance); }
  else if (e.key === "ArrowRight") $("skip").click();
  else if (e.key === "ArrowLeft") $("back").click();
});

async function browse() {
  $("browse").classList.remove("hidden");
  const q = new URLSearchParams();
  for (const f of ["actor", "stance", "narrative", "day"]) { const v = $("f-" + f).value; if (v) q.set(f, v); }
  const r = await api("/api/browse?" + q);
  const fill = (id, items) => { const s = $(id); if (s.options.length > 1) return; for (const [v, t] of items) { const o = el("option", t); o.value = v; s.append(o); } };
  fill("f-actor", r.actors.map(a => [a.id, a.name])); fill("f-narrative", r.narratives.map(n => [n.id, n.label])); fill("f-day", r.days.map(d => [d, d]));
  $("b-count").textContent = r.total + " units" + (r.total > r.units.length ? ", first " + r.units.length + " shown" : "");
  const body = $("b-rows"); body.replaceChildren();
  for (const u of r.units) {
    const tr = el("tr");
    const text = el("td"); text.append(highlighted(u.text, u.mentions)); const link = safeLink(u.url); if (link) text.append(el("br"), link);
    tr.append(el("td", u.day), el("td", u.platform + " / " + (u.accountName || u.account)), el("td", u.actorName),
      el("td", u.machine.label + " " + u.machine.confidence.toFixed(2), u.machine.label.slice(0, 3)), el("td", u.machine.evidence.join(", ")),
      el("td", u.narratives.join(", ")), text);
    body.append(tr);
  }
}
for (const f of ["actor", "stance", "narrative", "day"]) $("f-" + f).onchange = browse;

if (location.pathname === "/browse") browse().catch(e => $("b-count").textContent = e.message);
else startCoding().catch(e => { document.querySelector("main").prepend(el("p", e.message, "err")); });
