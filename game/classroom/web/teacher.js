// The teacher console: paces rounds, changes the rules live, lists or pardons, removes a
// seat, shows scores on the projector, ends the lesson and saves the export. The key
// comes from the link the laptop printed (after '#', so it never travels in a request
// line); a wrong key gets nothing.
"use strict";

(() => {
  const { T, el, clear, setText, wsUrl, loadText } = Sesame;
  const $ = (id) => document.getElementById(id);
  const key = new URLSearchParams(location.hash.slice(1)).get("key") || "";
  let ws = null, lang = localStorage.getItem("sesame-lang") || "en", last = null, backoff = 500;
  const EXPORTS = ["choices.csv", "class.csv", "record.json", "debrief.txt"];

  function send(msg) { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg)); }
  function banner(text) { $("banner").textContent = text || ""; $("banner").hidden = !text; }

  async function useLanguage(code) {
    lang = code;
    localStorage.setItem("sesame-lang", code);
    try { setText(await loadText(code)); } catch (e) { /* keep */ }
    $("lang-label").textContent = code === "zh" ? "English" : "\u7b80\u4f53\u4e2d\u6587"; // 简体中文
    send({ t: "lang", lang: code });
    if (last) draw(last);
  }

  function connect() {
    ws = new WebSocket(wsUrl("/ws/teacher"));
    ws.onopen = () => { backoff = 500; send({ t: "auth", key }); };
    ws.onmessage = (e) => handle(JSON.parse(e.data));
    ws.onclose = () => {
      if (!$("console").hidden) { banner(T("reconnecting")); setTimeout(connect, backoff); backoff = Math.min(backoff * 2, 5000); }
    };
  }

  function handle(m) {
    if (m.t === "welcome") { banner(""); $("console").hidden = false; send({ t: "lang", lang }); }
    else if (m.t === "console") { last = m; draw(m); }
    else if (m.t === "tick") { if (last) { last.ready = m.ready; last.present = m.present; last.deadline_in = m.left; last.phase = m.phase; drawTop(last); } }
    else if (m.t === "refused") {
      if (m.reason === "wrong_key") { $("nokey").hidden = false; $("nokey").textContent = T("wrong_key"); ws.onclose = null; }
      else { banner(m.reason); setTimeout(() => banner(""), 4000); }
    } else if (m.t === "exported") {
      $("exported").textContent = T("exported", { path: m.path });
    }
  }

  function drawTop(v) {
    const names = { lobby: T("state_lobby"), open: T("state_open", { n: v.round }), paused: T("state_paused"), ended: T("state_ended") };
    $("state").textContent = names[v.phase] || v.phase;
    $("status").textContent = names[v.phase] || "";
    $("code").textContent = v.code;
    const counts = [T("joined", { n: v.joined, cap: v.capacity })];  // only what means something now
    if (v.phase === "open") counts.push(T("proj_ready", { ready: v.ready, present: v.present }));
    if (v.deadline_in !== null && v.deadline_in !== undefined) counts.push(T("proj_timer", { s: Math.round(v.deadline_in) }));
    $("counts").textContent = counts.join(" \u00b7 ");
    $("start").hidden = v.phase !== "lobby";
    $("next").hidden = v.phase === "lobby" || v.phase === "ended";
    $("pause").hidden = v.phase !== "open";
    $("resume").hidden = v.phase !== "paused";
    $("end").hidden = v.phase === "ended";
  }

  function draw(v) {
    drawTop(v);
    if (document.activeElement !== $("timer")) $("timer").value = v.timer;
    $("auto").checked = v.auto;
    $("scores").checked = v.scores;
    $("shaming").checked = v.shaming;
    const seats = clear($("seats"));
    for (const s of v.seats) {
      const tr = el("tr");
      const kick = el("button", "act", T("kick"));
      kick.type = "button";
      kick.addEventListener("click", () => { if (confirm(T("kick_confirm"))) send({ t: "kick", seat: s.seat }); });
      tr.append(el("td", "", s.seat), el("td", "", s.name), el("td", "dim", "#" + s.citizen),
                el("td", s.online ? "ok" : "off", s.online ? T("online") : T("away")),
                el("td", "ok", s.ready ? T("ready") : ""), el("td", "", ""));
      tr.lastChild.append(kick);
      seats.append(tr);
    }
    const rules = $("rules");
    if (!rules.dataset.built || rules.dataset.built !== JSON.stringify(v.rules.map((r) => r.path))) {
      clear(rules);
      rules.dataset.built = JSON.stringify(v.rules.map((r) => r.path));
      for (const r of v.rules) {
        const label = el("label", "");
        const text = el("span", "rule-label");
        const input = el("input");
        Object.assign(input, { type: "range", min: r.lo, max: r.hi, step: (r.hi - r.lo) / 100 });
        input.dataset.path = r.path;
        input.dataset.scale = r.scale;
        input.dataset.label = r.label;
        input.addEventListener("input", () => { text.textContent = r.label + ": " + (+input.value * r.scale).toPrecision(3); });
        input.addEventListener("change", () => send({ t: "rule", path: r.path, value: +input.value }));
        label.append(text, input);
        rules.append(label);
      }
    }
    for (const input of rules.querySelectorAll("input")) {
      const r = v.rules.find((x) => x.path === input.dataset.path);
      if (r && document.activeElement !== input) {
        input.value = r.value;
        input.previousSibling.textContent = r.label + ": " + (r.value * r.scale).toPrecision(3);
      }
    }
    const opacity = clear($("opacity"));
    for (const o of v.opacities) {
      const opt = el("option", "", o.label);
      opt.value = o.key;
      opt.selected = o.key === v.opacity;
      opacity.append(opt);
    }
    const log = clear($("log"));
    for (const line of v.log) log.append(el("div", "", line));
    log.scrollTop = log.scrollHeight;
    const downloads = clear($("downloads"));
    for (const name of EXPORTS) {
      const li = el("li");
      const a = el("a", "", name);
      a.href = "/export/" + name + "?key=" + encodeURIComponent(key);
      a.download = name;
      li.append(a);
      downloads.append(li);
    }
    $("debrief-card").hidden = !v.debrief;
    if (v.debrief) {
      for (const id of ["class", "run"]) {
        const ul = clear($(id));
        for (const line of v.debrief[id]) ul.append(el("li", "", line));
      }
    }
  }

  $("start").addEventListener("click", () => send({ t: "start" }));
  $("next").addEventListener("click", () => send({ t: "next" }));
  $("pause").addEventListener("click", () => send({ t: "pause" }));
  $("resume").addEventListener("click", () => send({ t: "resume" }));
  $("end").addEventListener("click", () => { if (confirm(T("end_confirm"))) send({ t: "end" }); });
  $("timer").addEventListener("change", () => send({ t: "timer", seconds: Math.max(0, Math.min(900, Math.round(+$("timer").value || 0))) }));
  $("auto").addEventListener("change", () => send({ t: "auto", on: $("auto").checked }));
  $("scores").addEventListener("change", () => send({ t: "scores", on: $("scores").checked }));
  $("shaming").addEventListener("change", () => send({ t: "rule", path: "authorities.public_shaming", value: $("shaming").checked }));
  $("opacity").addEventListener("change", () => send({ t: "rule", path: "scoring.opacity", value: $("opacity").value }));
  $("list").addEventListener("click", () => send({ t: "list", citizen: Math.max(0, Math.round(+$("citizen").value || 0)) }));
  $("pardon").addEventListener("click", () => send({ t: "pardon", citizen: Math.max(0, Math.round(+$("citizen").value || 0)) }));
  $("export").addEventListener("click", () => send({ t: "export" }));
  $("lang").addEventListener("click", (e) => { e.preventDefault(); useLanguage(lang === "zh" ? "en" : "zh"); });

  useLanguage(lang).then(() => {
    if (!key) { $("nokey").hidden = false; return; }
    connect();
  });
})();
