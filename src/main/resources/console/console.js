// The qmkdc console: renders each `status` event of GET /events; attaches, detaches and posts scenarios through the
// control API's own routes on this origin. Text only ever goes through textContent (no HTML from the server).
"use strict";
(function () {
  const WINDOW_S = 300;              // charts keep the last 5 minutes
  const history = new Map();         // link id -> {t: [], qber: [], pool: []}
  const linkState = new Map();       // link id -> {compromisedAt, rekeyed, epochAtAttack}
  const abortLog = [];               // {t, link, qber, reason}: aborts seen while the page is open
  const abortsSeen = new Map();      // link id -> its abort count at the previous event
  let charts = null, chartLinks = "", lastStatus = null, scenarioId = null;

  const $ = (id) => document.getElementById(id);
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function row(cells, attrs) {
    const tr = document.createElement("tr");
    for (const c of cells) tr.appendChild(c instanceof Node ? c : el("td", c));
    for (const [k, v] of Object.entries(attrs || {})) tr.setAttribute(k, v);
    return tr;
  }
  function fill(tableId, rows) {
    const body = $(tableId).querySelector("tbody");
    body.replaceChildren(...rows);
  }
  const short = (a) => (a || "").replace(/^.*@/, "");

  function topology(s) {
    $("session").textContent = s.session ? "session " + s.session : "";
    $("kdc").textContent = "KDC singleton on " + (s.kdcNode ? short(s.kdcNode) : "this node");
    const nodes = s.nodes.length ? s.nodes : [{address: "this node", roles: [], status: "Up"}];
    const per = (key) => (n) => key(n) === short(n.address) || key(n) === n.address;
    fill("topology", nodes.map((n) => {
      const here = (x) => x === n.address || short(x) === short(n.address) || (!x && nodes.length === 1);
      const members = Object.entries(s.membersPerNode || {}).filter(([node]) => here(node) || (node === "unplaced" && nodes.length === 1))
        .flatMap(([, m]) => m);
      const groups = s.groups.filter((g) => here(g.node)).map((g) => g.id);
      const channels = s.links.filter((l) => here(l.channelNode)).map((l) => l.id);
      return row([short(n.address), n.roles.join(", "), n.status, members.join(" "), groups.join(" "), channels.join(" ")],
        {"data-node": short(n.address)});
    }));
    void per;
  }

  const pct = (q, d) => q == null ? "–" : (100 * q).toFixed(d) + " %";

  function links(s) {
    fill("links", s.links.map((l) => {
      const st = trackLink(l, s);
      const stateCell = el("td", st, st === "compromised" ? "bad" : st === "re-keyed" || st === "keyed" ? "ok" : "warn");
      const qber = pct(l.qber, 2) + (l.qberThreshold != null ? " / " + pct(l.qberThreshold, 1) : "")
        + (l.abortQber != null && l.compromised ? " (aborted at " + pct(l.abortQber, 1) + ")" : "");
      return row([l.id, l.group, l.linkKm, qber, stateCell, l.siftedBits, l.finalBits,
        l.keyPoolBits, l.aborts, l.lastAbort || "", l.tamperAlarms, l.channelNode ? short(l.channelNode) : "this node"],
        {"data-link": l.id, "data-state": st});
    }));
    abortsOf(s);
  }

  // An abort count that grew since the previous event is one more abort (its reason is the link's last one).
  function abortsOf(s) {
    const now = Date.now();
    for (const l of s.links) {
      const before = abortsSeen.get(l.id);
      if (before !== undefined && l.aborts > before) {
        abortLog.push({t: now, link: l.id, qber: l.abortQber, reason: l.lastAbort || "", n: l.aborts - before});
      }
      abortsSeen.set(l.id, l.aborts);
    }
    while (abortLog.length && abortLog[0].t < now - WINDOW_S * 1000) abortLog.shift();
    fill("aborts", abortLog.slice().reverse().map((a) => row([new Date(a.t).toLocaleTimeString(), a.link,
      pct(a.qber, 1), (a.n > 1 ? a.n + "× " : "") + a.reason], {"data-abort-link": a.link})));
  }

  // compromised → (detached, the retry keys it) re-keyed; keyed otherwise once it holds key bits.
  function trackLink(l, s) {
    const t = linkState.get(l.id) || {};
    const group = s.groups.find((g) => g.id === l.group);
    if (l.compromised) {
      if (!t.compromised) { t.compromised = true; t.epochAtAttack = group ? group.keyEpoch : 0; t.rekeyed = false; }
    } else if (t.compromised) {
      t.compromised = false; t.rekeyed = true;
    }
    linkState.set(l.id, t);
    if (l.compromised) return "compromised";
    if (t.rekeyed && group && group.keyEpoch > t.epochAtAttack) return "re-keyed";
    return l.keyPoolBits > 0 ? "keyed" : "keying";
  }

  function groups(s) {
    fill("groups", s.groups.map((g) => row([g.id, g.keying, g.members.join(" "), g.keyEpoch, g.installedEpoch,
      memberEpochs(g), g.delivered, g.rejected,
      el("td", g.compromised ? "compromised" : g.refusal ? "refused: " + g.refusal : "ok", g.compromised || g.refusal ? "bad" : "ok"),
      g.node ? short(g.node) : "this node"], {"data-group": g.id, "data-epoch": g.keyEpoch})));
  }

  // Members grouped by the epoch they hold, newest first ("–": none yet, or no answer to the latest probe).
  function memberEpochs(g) {
    const by = new Map();
    for (const [m, e] of Object.entries(g.memberEpochs || {})) by.set(e, (by.get(e) || []).concat(m));
    return Array.from(by.keys()).sort((a, b) => b - a).map((e) => (e < 0 ? "–" : e) + ": " + by.get(e).join(" ")).join("; ");
  }

  function attacks(s) {
    fill("attacks", s.attacks.map((a) => {
      const td = el("td");
      const b = el("button", "detach");
      b.setAttribute("data-detach", a.id);
      b.addEventListener("click", () => detach(a.id));
      td.appendChild(b);
      return row([a.id, a.type, a.target, a.fraction == null ? "" : a.fraction,
        new Date(a.attachedAtMillis).toLocaleTimeString(), td], {"data-attack": a.id, "data-target": a.target});
    }));
    targets(s);
  }

  function targets(s) {
    const sel = $("attack-target");
    const memberType = ["impostor", "measure-pair", "intercept-return"].includes($("attack-type").value);
    const want = memberType ? Object.values(s.membersPerNode || {}).flat().sort() : s.links.map((l) => l.id);
    const have = Array.from(sel.options).map((o) => o.value);
    if (want.join() === have.join()) return;
    const keep = sel.value;
    sel.replaceChildren(...want.map((v) => { const o = el("option", v); o.value = v; return o; }));
    if (want.includes(keep)) sel.value = keep;
  }

  function record(s) {
    const now = Date.now() / 1000;
    for (const l of s.links) {
      const h = history.get(l.id) || {t: [], qber: [], pool: []};
      h.t.push(now); const q = l.compromised && l.abortQber != null ? l.abortQber : l.qber; // the aborted round's QBER while compromised
      h.qber.push(q == null ? null : 100 * q); h.pool.push(l.keyPoolBits);
      while (h.t.length && h.t[0] < now - WINDOW_S) { h.t.shift(); h.qber.shift(); h.pool.shift(); }
      history.set(l.id, h);
    }
    const po = s.links.find((l) => l.qberThreshold != null);
    draw(s.links.map((l) => l.id), po ? 100 * po.qberThreshold : null);
  }

  // One chart per quantity, one series per link, sampled on a shared clock (each event is one sample); the QBER chart
  // also draws P_o, the threshold at which a round aborts.
  function draw(ids, po) {
    if (typeof uPlot === "undefined" || !ids.length) return;
    const t = history.get(ids[0]).t;
    const data = (key) => [t, ...ids.map((id) => { const h = history.get(id); return t.map((x) => {
      const i = h.t.indexOf(x); return i < 0 ? null : h[key][i]; }); })];
    const colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
    const series = ids.map((id, i) => ({label: id, stroke: colors[i % colors.length], width: 2, spanGaps: false}));
    const qber = () => [...data("qber"), t.map(() => po)];
    if (!charts || chartLinks !== ids.join()) {
      if (charts) { charts.qber.destroy(); charts.pool.destroy(); }
      const opts = (title, unit, extra) => ({title, width: 560, height: 220, scales: {x: {time: true}},
        series: [{}, ...series.concat(extra).map((x) => Object.assign({}, x, {value: (u, v) => v == null ? "–" : v.toFixed(unit === "%" ? 2 : 0) + " " + unit}))],
        axes: [{}, {label: unit}]});
      const threshold = {label: "P_o", stroke: "#555", width: 1, dash: [6, 4]};
      charts = {qber: new uPlot(opts("QBER per link against P_o (last 5 min)", "%", [threshold]), qber(), $("qber-chart")),
        pool: new uPlot(opts("key pool per link (bits)", "bits", []), data("pool"), $("pool-chart"))};
      chartLinks = ids.join();
    } else {
      charts.qber.setData(qber()); charts.pool.setData(data("pool"));
    }
  }

  function render(s) {
    lastStatus = s;
    topology(s); links(s); groups(s); attacks(s); record(s);
    document.body.setAttribute("data-state", "live");
    document.body.setAttribute("data-updates", String(Number(document.body.getAttribute("data-updates") || 0) + 1));
  }

  async function api(method, path, body) {
    const r = await fetch(path, {method, body, headers: body ? {"Content-Type": "application/json"} : {}});
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = {message: text}; }
    if (!r.ok) throw new Error((json && json.message) || r.status + " " + r.statusText);
    return json;
  }
  function say(id, text, error) {
    const p = $(id); p.textContent = text; p.className = "message" + (error ? " error" : "");
  }

  async function attach(ev) {
    ev.preventDefault();
    const type = $("attack-type").value, target = $("attack-target").value;
    const memberType = ["impostor", "measure-pair", "intercept-return"].includes(type);
    const req = {type};
    req[memberType ? "member" : "link"] = target;
    if (type === "intercept-resend") req.fraction = Number($("attack-fraction").value);
    try {
      const a = await api("POST", "/attacks", JSON.stringify(req));
      say("attack-message", "attached " + a.id + " (" + a.type + " on " + a.target + ")");
    } catch (e) { say("attack-message", e.message, true); }
  }
  async function detach(id) {
    try { await api("DELETE", "/attacks/" + encodeURIComponent(id)); say("attack-message", "detached " + id); }
    catch (e) { say("attack-message", e.message, true); }
  }

  async function runScenario(ev) {
    ev.preventDefault();
    try {
      const run = await api("POST", "/scenarios", $("scenario-text").value);
      scenarioId = run.id;
      say("scenario-message", "running " + run.id);
      pollScenario();
    } catch (e) { say("scenario-message", e.message, true); }
  }
  // The account grows while the run plays; read it until the run is done or failed.
  async function pollScenario() {
    if (!scenarioId) return;
    try {
      const run = await api("GET", "/scenarios/" + encodeURIComponent(scenarioId));
      $("scenario-account").textContent = (run.account || []).join("\n") + (run.error ? "\n" + run.error : "");
      say("scenario-message", run.id + (run.name ? " (" + run.name + ")" : "") + ": " + run.state, run.state === "failed");
      if (run.state === "running") setTimeout(pollScenario, 1000);
    } catch (e) { say("scenario-message", e.message, true); }
  }

  function connect() {
    const source = new EventSource("/events");
    source.addEventListener("status", (e) => render(JSON.parse(e.data)));
    source.addEventListener("problem", (e) => say("attack-message", JSON.parse(e.data).message, true));
    source.onopen = () => { $("live").textContent = "live"; $("live").className = "badge live"; };
    source.onerror = () => { $("live").textContent = "reconnecting…"; $("live").className = "badge down"; };
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("attack-form").addEventListener("submit", attach);
    $("attack-type").addEventListener("change", () => lastStatus && targets(lastStatus));
    $("scenario-form").addEventListener("submit", runScenario);
    $("scenario-file").addEventListener("change", async (e) => {
      const f = e.target.files[0]; if (f) $("scenario-text").value = await f.text();
    });
    connect();
  });
})();
