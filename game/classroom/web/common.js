// Shared by the phone page and the teacher console: text from the catalog, safe elements.
// Everything shown is set with textContent: names and sentences are text, never markup.
"use strict";

const Sesame = (() => {
  let text = {};
  const SHAPES = ["\u25CF", "\u25A0", "\u25B2", "\u25C6", "\u271A", "\u25CB"]; // the window's tier shapes

  // "{n} {n:friend|friends}": the catalog's fields and English plurals (as game.text does)
  function format(template, fields) {
    return template.replace(/\{(\w+)(?::([^|}]*)\|([^}]*))?\}/g, (all, name, one, other) => {
      if (!(name in fields)) return all;
      if (one !== undefined) return fields[name] === 1 ? one : other;
      return String(fields[name]);
    });
  }

  function T(key, fields) {
    const t = text["classroom." + key] ?? text[key] ?? key;
    return fields ? format(t, fields) : t;
  }

  function setText(map) {
    text = map || {};
    document.querySelectorAll("[data-k]").forEach((node) => {
      node.textContent = text[node.dataset.k] ?? "";
    });
  }

  function el(tag, cls, content) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function tierChip(tier) {
    const chip = el("span", "tier-chip tier-" + (tier.rank % 6));
    chip.append(el("span", "shape", SHAPES[tier.rank % 6]), el("span", "", tier.name));
    if (tier.label) chip.title = tier.label;
    return chip;
  }

  function wsUrl(path) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  }

  async function loadText(lang) {
    const r = await fetch("/text/" + encodeURIComponent(lang), { cache: "no-cache" });
    if (!r.ok) throw new Error("text " + r.status);
    return r.json();
  }

  return { T, format, setText, el, clear, tierChip, wsUrl, loadText, SHAPES };
})();
