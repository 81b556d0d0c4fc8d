// The phone page: join the class, then each round see your citizen and choose.
// The server sends a whole view after every change; the page only draws it and sends
// one small message per tap. The seat token lives in localStorage, so a reload, a locked
// phone or a lost connection gets the same citizen back.
"use strict";

(() => {
  const { T, el, clear, tierChip, setText, wsUrl, loadText } = Sesame;
  const $ = (id) => document.getElementById(id);
  const TOKEN = "sesame-seat";
  let lang = localStorage.getItem("sesame-lang") || ((navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en");
  let ws = null, view = null, backoff = 500, seated = false, gone = false;
  let left = null, leftAt = 0, phase = "lobby", ready = [0, 0];
  const params = new URLSearchParams(location.search);
  const roomFromUrl = (params.get("r") || "").toUpperCase().replace(/[^A-Z]/g, "").slice(0, 8);

  function show(id) {
    for (const s of ["loading", "join", "play", "debrief", "gone"]) $(s).hidden = s !== id;
    $("bar").hidden = !(id === "play");
  }

  function banner(message) {
    $("banner").textContent = message || "";
    $("banner").hidden = !message;
  }

  function send(msg) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  }

  async function useLanguage(code) {
    lang = code;
    localStorage.setItem("sesame-lang", code);
    document.documentElement.lang = code === "zh" ? "zh-Hans" : "en";
    try { setText(await loadText(code)); } catch (e) { /* keep the old text */ }
    $("lang-label").textContent = code === "zh" ? "English" : "\u7b80\u4f53\u4e2d\u6587"; // 简体中文
    document.title = T("title");
    if (seated) send({ t: "lang", lang: code });
    else if (view) draw(view);
  }

  // --- the connection -------------------------------------------------------------
  function connect() {
    ws = new WebSocket(wsUrl("/ws"));
    ws.onopen = () => {
      backoff = 500;
      const token = localStorage.getItem(TOKEN);
      if (token) send({ t: "resume", token, lang });
      else { banner(""); show("join"); }
    };
    ws.onmessage = (e) => handle(JSON.parse(e.data));
    ws.onclose = () => {
      seated = false;
      if (gone) return;
      banner(T("reconnecting"));
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 5000);
    };
  }

  function handle(msg) {
    switch (msg.t) {
      case "welcome":
        seated = true;
        localStorage.setItem(TOKEN, msg.token);
        banner("");
        if (msg.text) setText(msg.text);
        break;
      case "unknown": // a token from another session, or taken back: join afresh
        localStorage.removeItem(TOKEN);
        banner("");
        show("join");
        break;
      case "text":
        setText(msg.text);
        if (view) draw(view);
        break;
      case "state":
        view = msg;
        draw(msg);
        break;
      case "tick":
        ready = [msg.ready, msg.present];
        phase = msg.phase;
        setLeft(msg.left);
        drawBar();
        break;
      case "refused":
        refused(msg.reason);
        break;
      case "bye":
        gone = true;
        if (msg.reason === "kicked") localStorage.removeItem(TOKEN);
        $("gone-text").textContent = T(msg.reason === "kicked" ? "kicked" : "taken_over");
        show("gone");
        break;
    }
  }

  function refused(reason) {
    const known = { bad_code: "bad_code", "the class is full": "full", "the session has ended": "ended",
                    paused: "refused_paused", "ask limit": "ask_limit" };
    const key = known[reason];
    const text = key ? T(key, { n: view ? view.max_asks : 3 }) : T("refused", { reason });
    if (!seated) {
      $("join-error").textContent = text;
      $("join-button").disabled = false;
      $("join-button").textContent = T("join");
    } else {
      banner(text);
      setTimeout(() => banner(""), 3500);
      if (view) draw(view); // undo what the tap showed
    }
  }

  // --- joining --------------------------------------------------------------------
  function setupJoin() {
    if (roomFromUrl) {
      $("code").value = roomFromUrl;
      $("code-label").hidden = true;
    }
    $("join-form").addEventListener("submit", (e) => {
      e.preventDefault();
      $("join-error").textContent = "";
      const code = $("code").value.trim().toUpperCase();
      if (!code) { $("code-label").hidden = false; $("code").focus(); return; }
      $("join-button").disabled = true;
      $("join-button").textContent = T("joining");
      send({ t: "join", room: code, name: $("name").value.slice(0, 20), lang });
    });
  }

  // --- the round timer ------------------------------------------------------------
  function setLeft(seconds) {
    left = seconds;
    leftAt = performance.now();
  }

  function drawBar() {
    if (!view) return;
    const done = $("done");
    let status = "";
    if (phase === "paused") status = T("paused");
    else if (phase === "lobby") status = T("lobby");
    else if (view.choices.ready) status = T("waiting", { ready: ready[0], present: ready[1] });
    else if (left !== null) {
      const s = Math.max(0, Math.round(left - (performance.now() - leftAt) / 1000));
      status = T("time_left", { s });
    } else if (phase === "open") status = T("proj_ready", { ready: ready[0], present: ready[1] });
    $("timer").textContent = status;
    $("status").textContent = phase === "lobby" || phase === "ended" ? "" : T("round", { n: view.round });
    done.textContent = view.choices.ready ? T("done_on") : T("done");
    done.classList.toggle("on", view.choices.ready);
    done.disabled = phase === "paused" || phase === "ended";
    done.hidden = phase === "lobby"; // nothing to be done with before the first round
    document.body.classList.toggle("paused", phase === "paused");
  }

  setInterval(() => { if (left !== null && phase === "open") drawBar(); }, 500);

  // --- drawing a view -------------------------------------------------------------
  function pressed(button, on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.classList.toggle("on", on);
  }

  function personRow(p, actions) {
    const li = el("li", "person" + (p.listed ? " is-listed" : ""));
    const who = el("div", "who");
    const name = el("span", "name", p.name);
    who.append(name);
    if (p.classmate) who.append(el("span", "badge classmate", T("classmate")));
    if (p.listed) who.append(el("span", "badge listed", T("listed_badge")));
    const meta = el("div", "meta");
    if (p.tier) meta.append(tierChip(p.tier), el("span", "pts", p.score));
    who.append(meta);
    if (p.cost !== undefined && p.cost >= 1) {
      // under secret rules the price is what the citizen fears, and the page says so
      who.append(el("div", "cost", T(view && view.me.secret_rules ? "cost_fear" : "cost", { points: p.cost })));
    }
    li.append(who);
    for (const a of actions) li.append(a);
    return li;
  }

  function toggle(label, on, onLabel, msg) {
    const b = el("button", "small" + (on ? " on" : ""), on ? onLabel : label);
    b.type = "button";
    pressed(b, on);
    b.addEventListener("click", () => {
      const next = !(b.getAttribute("aria-pressed") === "true");
      pressed(b, next);
      b.textContent = next ? onLabel : label;
      send({ ...msg, on: next });
    });
    return b;
  }

  // a classmate's request: Accept / Decline, each tap again to take the answer back
  function answerButtons(p) {
    const buttons = [];
    for (const [reply, label, onLabel] of [["yes", "accept", "accepted"], ["no", "decline", "declined"]]) {
      const on = p.reply === reply;
      const b = el("button", "small" + (on ? " on" : "") + (reply === "no" ? " quiet" : ""), T(on ? onLabel : label));
      b.type = "button";
      pressed(b, on);
      b.addEventListener("click", () => send({ t: "answer", citizen: p.id, reply: on ? "open" : reply }));
      buttons.push(b);
    }
    return buttons;
  }

  function draw(v) {
    phase = v.phase;
    if (v.deadline_in !== null && v.deadline_in !== undefined) setLeft(v.deadline_in);
    else if (v.phase !== "open") left = null;
    $("who").textContent = T("you_are", { name: v.name });
    if (v.phase === "ended" && v.debrief) {
      drawDebrief(v.debrief);
      show("debrief");
      $("status").textContent = "";
      $("bar").hidden = true;
      return;
    }
    show("play");
    const me = v.me;
    $("score-label").textContent = me.visible ? T("your_score") : T("observer_score");
    $("score").textContent = me.score;
    $("change").textContent = v.rounds_done ? T("change", { change: (me.change > 0 ? "+" : "") + me.change }) : "";
    $("change").className = "change " + (me.change < 0 ? "down" : me.change > 0 ? "up" : "");
    clear($("tier")).append(tierChip(me.tier));
    if (me.tier.label) $("tier").append(el("div", "tier-label", me.tier.label));
    $("listed").hidden = !me.listed;
    $("listed").textContent = me.listed ? T("listed", { days: me.days_left }) : "";
    $("savings").textContent = T("savings", { wealth: me.wealth });
    spark(me.history);
    $("why-title").textContent = T("why", { score: me.score });
    const factors = clear($("factors"));
    for (const f of v.why.factors) {
      const li = el("li");
      const head = el("div", "factor-head");
      head.append(el("span", "", f.label), el("span", "pts", T("factor_points", { points: f.points, most: f.most })));
      const bar = el("div", "bar");
      const fill = el("div", "fill");
      fill.style.width = Math.round(f.value * 100) + "%";
      bar.append(fill);
      li.append(head, bar);
      factors.append(li);
    }
    $("why-sum").textContent = v.why.sum || "";

    $("news-card").hidden = !v.news.length && !(!v.held && v.rounds_done);
    const news = clear($("news"));
    for (const n of v.news) news.append(el("li", "", n));
    if (!v.held && v.rounds_done) news.append(el("li", "dim", T("bot_played")));

    const c = v.choices;
    pressed($("pay-yes"), c.pay); pressed($("pay-no"), !c.pay);
    pressed($("speak-yes"), c.speak); pressed($("speak-no"), !c.speak);
    const services = clear($("services"));
    for (const s of v.services) {
      const on = c.apply.includes(s.key);
      services.append(toggle(s.label, on, "\u2713 " + s.label, { t: "apply", service: s.key }));
    }
    $("appeal").hidden = !me.listed;
    pressed($("appeal"), c.appeal);
    $("appeal").textContent = c.appeal ? T("appeal_on") : T("appeal");

    $("requests-card").hidden = !v.requests.length;
    const req = clear($("requests"));
    for (const p of v.requests) req.append(personRow(p, answerButtons(p)));

    $("friends-title").textContent = T("friends_title", { n: v.friends.length });
    $("friends-none").hidden = v.friends.length > 0;
    const friends = clear($("friends"));
    for (const p of v.friends) {
      const row = personRow(p, [toggle(T("drop"), p.drop, T("dropping"), { t: "drop", citizen: p.id })]);
      if (p.drop) row.classList.add("dropping");
      friends.append(row);
    }
    $("dropped-card").hidden = !v.dropped_by.length;
    const dropped = clear($("dropped"));
    for (const d of v.dropped_by) dropped.append(el("li", "", d.name + " \u00b7 " + T("round_n", { n: d.round })));

    $("ask-title").textContent = T("ask_title", { n: v.max_asks });
    const suggest = clear($("suggest"));
    for (const p of v.suggest) suggest.append(personRow(p, [toggle(T("ask"), p.asked, T("asked"), { t: "ask", citizen: p.id })]));

    $("refusals-card").hidden = !v.refusals.length;
    const refusals = clear($("refusals"));
    for (const r of v.refusals) refusals.append(el("li", "", r));
    drawBar();
  }

  function drawDebrief(d) {
    for (const [id, lines] of [["mine", d.mine || []], ["class", d.class], ["run", d.run]]) {
      const ul = clear($(id));
      for (const line of lines) ul.append(el("li", "", line));
    }
  }

  function spark(history) {
    const canvas = $("spark");
    const ctx = canvas.getContext("2d");
    const w = canvas.width = canvas.clientWidth * devicePixelRatio || 300;
    const h = canvas.height = 40 * devicePixelRatio;
    ctx.clearRect(0, 0, w, h);
    canvas.hidden = history.length < 2;
    if (history.length < 2) return;
    const lo = Math.min(...history), hi = Math.max(...history), span = Math.max(hi - lo, 1);
    ctx.strokeStyle = "#56b4e9";
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.beginPath();
    history.forEach((s, i) => {
      const x = (i / (history.length - 1)) * (w - 4) + 2;
      const y = h - 3 - ((s - lo) / span) * (h - 6);
      i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
    });
    ctx.stroke();
  }

  // --- taps -----------------------------------------------------------------------
  function standing(id, key, value) {
    $(id).addEventListener("click", () => {
      if (!view) return;
      view.choices[key] = value;
      pressed($(key + "-yes"), value); pressed($(key + "-no"), !value);
      send({ t: key, on: value });
    });
  }

  standing("pay-yes", "pay", true); standing("pay-no", "pay", false);
  standing("speak-yes", "speak", true); standing("speak-no", "speak", false);
  $("appeal").addEventListener("click", () => send({ t: "appeal", on: !(view && view.choices.appeal) }));
  $("done").addEventListener("click", () => {
    if (!view) return;
    view.choices.ready = !view.choices.ready;
    drawBar();
    send({ t: "ready", on: view.choices.ready });
  });
  $("lang").addEventListener("click", (e) => { e.preventDefault(); useLanguage(lang === "zh" ? "en" : "zh"); });

  setupJoin();
  useLanguage(lang).then(connect);
})();
