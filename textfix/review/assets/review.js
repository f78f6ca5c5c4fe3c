// textfix review page: draws a page of documents at a time from the JSON data, keeps the
// reviewer's decisions (in this browser too) and exports them for `textfix apply`.
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("tf-data").textContent);
  var docs = DATA.docs, rules = DATA.rules, tiers = DATA.tiers, glossaries = DATA.glossaries;
  var ruleGloss = DATA.ruleGlossary;
  var PROPOSED = 0, ACCEPTED = 1, REJECTED = 2;

  // Flat tables over every edit of the report (index = report index = data-edit).
  var total = 0;
  docs.forEach(function (d) { total += d.e.length; });
  var eDoc = new Int32Array(total), eRule = new Int32Array(total), eTier = new Int8Array(total);
  var ruleCount = new Int32Array(rules.length), ruleDocs = new Int32Array(rules.length);
  docs.forEach(function (d, n) {
    var seen = {};
    d.e.forEach(function (e, k) {
      var i = d.o + k;
      eDoc[i] = n; eRule[i] = e[4]; eTier[i] = e[5];
      ruleCount[e[4]]++;
      if (!seen[e[4]]) { seen[e[4]] = true; ruleDocs[e[4]]++; }
    });
  });
  var state = new Int8Array(total);

  var filt = {
    tiers: tiers.map(function () { return true; }),
    gloss: glossaries.map(function () { return true; }),
    rule: -1, lo: -1, hi: -1, search: "", only: false, sort: "input"
  };
  var view = [], page = 0, cur = -1;
  var PAGE = Math.max(1, DATA.pageSize | 0);
  var STORE = "textfix-review:" + DATA.key;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined && text !== null) x.textContent = text;
    return x;
  }
  function fmt(n) { return n.toLocaleString("en-US"); }
  function plural(n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); }
  function ruleEntry(r) { var s = rules[r], c = s.indexOf(":"); return c < 0 ? s : s.slice(c + 1); }
  function glossName(r) { return glossaries[ruleGloss[r]]; }

  function shown(i) {
    return filt.tiers[eTier[i]] && filt.gloss[ruleGloss[eRule[i]]] &&
      (filt.rule < 0 || eRule[i] === filt.rule);
  }
  function filtersActive() {
    return filt.rule >= 0 || filt.lo >= 0 || filt.search !== "" || filt.only ||
      filt.tiers.indexOf(false) >= 0 || filt.gloss.indexOf(false) >= 0;
  }
  function docShown(d) {
    if (filt.lo >= 0 && !(d.s >= filt.lo && (d.s < filt.hi || (filt.hi >= 1 && d.s <= 1)))) {
      return false;
    }
    if (filt.search && d.n.toLowerCase().indexOf(filt.search) < 0) return false;
    if (filt.only || filt.rule >= 0) {
      for (var k = 0; k < d.e.length; k++) if (shown(d.o + k)) return true;
      return false;
    }
    return true;
  }

  // ---- decisions -------------------------------------------------------------------------
  function save() {
    try {
      var changed = [];
      for (var i = 0; i < total; i++) if (state[i]) changed.push(i + ":" + state[i]);
      localStorage.setItem(STORE, changed.join(","));
    } catch (err) { /* storage may be off for file pages: decisions stay in memory */ }
  }
  function load() {
    try {
      var s = localStorage.getItem(STORE);
      if (!s) return;
      s.split(",").forEach(function (p) {
        var kv = p.split(":"), i = +kv[0], v = +kv[1];
        if (i >= 0 && i < total && (v === ACCEPTED || v === REJECTED)) state[i] = v;
      });
    } catch (err) { /* nothing stored */ }
  }
  var saveTimer = 0;
  function changed() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 250);
    paintTotals();
    paintPage();
    paintInspector();
  }
  function setState(list, s) {
    list.forEach(function (i) { state[i] = s; });
    changed();
  }
  function allShown() {
    var out = [];
    view.forEach(function (n) {
      var d = docs[n];
      for (var k = 0; k < d.e.length; k++) if (shown(d.o + k)) out.push(d.o + k);
    });
    return out;
  }
  function ofRule(r) {
    var out = [];
    for (var i = 0; i < total; i++) if (eRule[i] === r) out.push(i);
    return out;
  }

  function decisions() {
    return {
      format: DATA.format, version: DATA.version, title: DATA.title,
      exported: new Date().toISOString(),
      documents: docs.map(function (d) {
        var acc = [], rej = [];
        d.e.forEach(function (e, k) { (state[d.o + k] === REJECTED ? rej : acc).push(k); });
        return {
          name: d.n, path: d.p, record: d.r, field: d.f, page: d.g, sha256: d.h,
          edits: d.e.map(function (e) { return [e[0], e[1], e[2], e[3], rules[e[4]]]; }),
          accepted: acc, rejected: rej
        };
      })
    };
  }
  function exportName() {
    var base = (DATA.title || "review").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
    return (base || "review") + ".decisions.json";
  }
  function exportDecisions() {
    var blob = new Blob([JSON.stringify(decisions(), null, 1) + "\n"], { type: "application/json" });
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = exportName();
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
    toast("Decisions exported as " + a.download);
  }
  function importDecisions(obj) {
    if (!obj || obj.format !== DATA.format || !Array.isArray(obj.documents)) {
      throw new Error("not a textfix decisions file");
    }
    var byKey = {};
    docs.forEach(function (d, n) { byKey[[d.p, d.r, d.f, d.g, d.h].join("\u0000")] = n; });
    var matched = 0;
    obj.documents.forEach(function (od) {
      var n = byKey[[od.path, od.record, od.field, od.page, od.sha256].join("\u0000")];
      if (n === undefined) return;
      var d = docs[n], acc = {};
      (od.accepted || []).forEach(function (k) { acc[k] = true; });
      for (var k = 0; k < d.e.length; k++) state[d.o + k] = acc[k] ? ACCEPTED : REJECTED;
      matched++;
    });
    changed();
    toast("Imported decisions for " + plural(matched, "document"));
  }

  // ---- drawing ---------------------------------------------------------------------------
  function paintEdit(x, i) {
    var s = state[i], on = shown(i);
    x.className = "ed t-" + tiers[eTier[i]] + (s === ACCEPTED ? " s-acc" : "") +
      (s === REJECTED ? " s-rej" : "") + (on ? "" : " off") + (i === cur ? " cur" : "");
    x.tabIndex = on ? 0 : -1;
    var e = docs[eDoc[i]].e[i - docs[eDoc[i]].o];
    x.setAttribute("aria-label", (s === REJECTED ? "kept " + e[2] + " (rejected " + e[3] + ")"
      : e[2] + " replaced by " + e[3]) + ", " + tiers[e[5]] + ", rule " + rules[e[4]]);
  }
  function editNode(d, k) {
    var i = d.o + k, e = d.e[k];
    var x = el("span");
    x.dataset.edit = i;
    x.setAttribute("role", "button");
    var del = el("del", null, e[2]), ins = el("ins", null, e[3]);
    x.appendChild(del);
    x.appendChild(ins);
    paintEdit(x, i);
    return x;
  }
  function scoreClass(s) { return s >= 0.5 ? "hi" : s >= 0.2 ? "mid" : "lo"; }
  function docCounts(d) {
    var rej = 0;
    for (var k = 0; k < d.e.length; k++) if (state[d.o + k] === REJECTED) rej++;
    return plural(d.e.length, "edit") + (rej ? " · " + fmt(rej) + " rejected" : "");
  }
  function docNode(n) {
    var d = docs[n];
    var art = el("article", "doc");
    art.id = "doc-" + n;
    art.dataset.doc = n;
    var head = el("header", "doc-head");
    var left = el("div", "doc-title");
    left.appendChild(el("h2", null, d.n));
    var loc = [];
    if (d.p !== null && d.p !== d.n) loc.push(d.p);
    if (d.r !== null) loc.push("record " + d.r);
    if (d.f !== null) loc.push("field " + d.f);
    if (d.g !== null) loc.push("page " + d.g);
    if (loc.length) left.appendChild(el("div", "doc-loc", loc.join(" · ")));
    var right = el("div", "doc-meta");
    var badge = el("span", "score " + scoreClass(d.s));
    badge.title = "spin score: 0 clean, 1 spun";
    badge.appendChild(el("span", "score-label", "spin"));
    var meter = el("span", "score-meter");
    var fill = el("span");
    fill.style.width = Math.round(d.s * 100) + "%";
    meter.appendChild(fill);
    badge.appendChild(meter);
    badge.appendChild(el("b", null, d.s.toFixed(2)));
    right.appendChild(badge);
    right.appendChild(el("span", "doc-count", docCounts(d)));
    if (d.e.length) {
      var ba = el("button", "btn tiny", "Accept doc");
      ba.type = "button"; ba.dataset.act = "doc-accept";
      var br = el("button", "btn tiny", "Reject doc");
      br.type = "button"; br.dataset.act = "doc-reject";
      right.appendChild(ba);
      right.appendChild(br);
    }
    head.appendChild(left);
    head.appendChild(right);
    art.appendChild(head);
    var body = el("div", "doc-text");
    body.lang = "en";
    for (var k = 0; k <= d.e.length; k++) {
      if (d.t[k]) body.appendChild(document.createTextNode(d.t[k]));
      if (k < d.e.length) body.appendChild(editNode(d, k));
    }
    if (!d.e.length && !d.t[0]) body.appendChild(el("span", "muted", "(empty)"));
    art.appendChild(body);
    return art;
  }
  function pages() { return Math.max(1, Math.ceil(view.length / PAGE)); }
  function pager(nav) {
    nav.replaceChildren();
    var first = page * PAGE + 1, last = Math.min(view.length, (page + 1) * PAGE);
    var prev = el("button", "btn small", "‹ Previous");
    prev.type = "button"; prev.dataset.act = "prev"; prev.disabled = page === 0;
    var next = el("button", "btn small", "Next ›");
    next.type = "button"; next.dataset.act = "next"; next.disabled = page >= pages() - 1;
    var info = el("span", "pager-info", view.length ?
      "Documents " + fmt(first) + "–" + fmt(last) + " of " + fmt(view.length) +
      (view.length !== docs.length ? " shown (" + fmt(docs.length) + " in all)" : "") :
      "No document matches the filters");
    nav.appendChild(prev);
    nav.appendChild(info);
    if (pages() > 1) {
      var lab = el("label", "pager-jump", "Page ");
      var inp = el("input");
      inp.type = "number"; inp.min = 1; inp.max = pages(); inp.value = page + 1;
      inp.dataset.act = "jump";
      inp.setAttribute("aria-label", "Page number");
      lab.appendChild(inp);
      lab.appendChild(document.createTextNode(" of " + fmt(pages())));
      nav.appendChild(lab);
    }
    nav.appendChild(next);
    nav.hidden = docs.length <= 1;
  }
  function render() {
    var box = $("docs");
    var frag = document.createDocumentFragment();
    view.slice(page * PAGE, (page + 1) * PAGE).forEach(function (n) { frag.appendChild(docNode(n)); });
    box.replaceChildren(frag);
    pager($("pager-top"));
    pager($("pager-bottom"));
  }
  function paintPage() {
    document.querySelectorAll("#docs [data-edit]").forEach(function (x) { paintEdit(x, +x.dataset.edit); });
    document.querySelectorAll("#docs .doc").forEach(function (a) {
      a.querySelector(".doc-count").textContent = docCounts(docs[+a.dataset.doc]);
    });
  }
  function paintTotals() {
    var rej = 0, dec = 0;
    for (var i = 0; i < total; i++) { if (state[i] === REJECTED) rej++; if (state[i]) dec++; }
    $("st-acc").textContent = fmt(total - rej);
    $("st-rej").textContent = fmt(rej);
    $("st-dec").textContent = fmt(dec);
    $("st-progress").style.width = (total ? 100 * dec / total : 0) + "%";
    var act = filtersActive();
    $("btn-accept-all").textContent = act ? "Accept shown" : "Accept all";
    $("btn-reject-all").textContent = act ? "Reject shown" : "Reject all";
  }
  function stateName(s) { return s === ACCEPTED ? "accepted" : s === REJECTED ? "rejected" : "undecided (counts as accepted)"; }
  function paintInspector() {
    var on = cur >= 0;
    $("in-empty").hidden = on;
    $("in-body").hidden = !on;
    if (!on) { $("in-pos").textContent = ""; return; }
    var d = docs[eDoc[cur]], e = d.e[cur - d.o];
    $("in-pos").textContent = "#" + cur + " of " + fmt(total);
    $("in-before").textContent = e[2];
    $("in-after").textContent = e[3];
    $("in-rule").textContent = ruleEntry(e[4]);
    $("in-rule").title = rules[e[4]];
    $("in-gloss").textContent = glossName(e[4]);
    var t = $("in-tier");
    t.textContent = tiers[e[5]];
    t.className = "tier t-" + tiers[e[5]];
    $("in-score").textContent = e[6].toFixed(2);
    $("in-score-bar").style.width = Math.round(e[6] * 100) + "%";
    var s = $("in-state");
    s.textContent = stateName(state[cur]);
    s.className = "state st-" + state[cur];
    $("in-doc").textContent = d.n;
    $("in-rule-count").textContent = "This rule made " + plural(ruleCount[e[4]], "edit") +
      (docs.length > 1 ? " in " + plural(ruleDocs[e[4]], "document") : "") + ".";
  }

  // ---- tooltip ---------------------------------------------------------------------------
  var tip = $("tip");
  function showTip(x) {
    var i = +x.dataset.edit, d = docs[eDoc[i]], e = d.e[i - d.o];
    tip.replaceChildren();
    var top = el("div", "tip-rule", ruleEntry(e[4]));
    var row = el("div", "tip-row");
    row.appendChild(el("span", "tip-gloss", glossName(e[4])));
    row.appendChild(el("span", "tier t-" + tiers[e[5]], tiers[e[5]]));
    row.appendChild(el("span", "tip-score", "score " + e[6].toFixed(2)));
    tip.appendChild(top);
    tip.appendChild(row);
    tip.appendChild(el("div", "tip-state st-" + state[i], stateName(state[i])));
    tip.hidden = false;
    var r = x.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.min(Math.max(8, r.left + r.width / 2 - w / 2), window.innerWidth - w - 8);
    var y = r.top - h - 8 < 64 ? r.bottom + 8 : r.top - h - 8;
    tip.style.left = left + "px";
    tip.style.top = (y + window.scrollY) + "px";
  }
  function hideTip() { tip.hidden = true; }

  // ---- moving around ---------------------------------------------------------------------
  function select(i, focus) {
    var old = cur;
    cur = i;
    [old, cur].forEach(function (j) {
      if (j < 0) return;
      var x = document.querySelector('#docs [data-edit="' + j + '"]');
      if (x) paintEdit(x, j);
    });
    paintInspector();
    if (focus) {
      var x = document.querySelector('#docs [data-edit="' + i + '"]');
      if (x) {
        x.focus({ preventScroll: true });
        x.scrollIntoView({ block: "center" });
        showTip(x);
      }
    }
  }
  function step(dir) {
    var list = Array.prototype.slice.call(document.querySelectorAll("#docs .ed:not(.off)"));
    var at = -1;
    for (var k = 0; k < list.length; k++) if (+list[k].dataset.edit === cur) { at = k; break; }
    var to = at < 0 ? (dir > 0 ? 0 : list.length - 1) : at + dir;
    if (to >= 0 && to < list.length) { select(+list[to].dataset.edit, true); return; }
    if (dir > 0 && page < pages() - 1) { goPage(page + 1); step(1); }
    else if (dir < 0 && page > 0) { goPage(page - 1); cur = -1; step(-1); }
  }
  function goPage(p) {
    page = Math.min(Math.max(0, p), pages() - 1);
    render();
    window.scrollTo(0, 0);
  }
  function showEdit(i) {
    // bring report edit i onto the page (clearing filters that hide it) and select it
    if (!shown(i)) { filt.tiers[eTier[i]] = true; filt.gloss[ruleGloss[eRule[i]]] = true; }
    var at = view.indexOf(eDoc[i]);
    if (at < 0) { filt.lo = filt.hi = -1; filt.search = ""; $("search").value = ""; refilter(); at = view.indexOf(eDoc[i]); }
    page = Math.floor(at / PAGE);
    render();
    select(i, true);
  }

  // ---- filters ---------------------------------------------------------------------------
  function refilter() {
    view = [];
    for (var n = 0; n < docs.length; n++) if (docShown(docs[n])) view.push(n);
    if (filt.sort === "score") view.sort(function (a, b) { return docs[b].s - docs[a].s || a - b; });
    if (filt.sort === "edits") view.sort(function (a, b) { return docs[b].e.length - docs[a].e.length || a - b; });
    page = 0;
    cur = -1;
    drawFilters();
    render();
    paintTotals();
    paintInspector();
  }
  function toggle(label, on, count, cls, onchange) {
    var b = el("button", "toggle " + (cls || "") + (on ? " on" : ""));
    b.type = "button";
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.appendChild(el("span", "toggle-label", label));
    b.appendChild(el("span", "toggle-count", fmt(count)));
    b.addEventListener("click", onchange);
    return b;
  }
  function drawFilters() {
    var tc = tiers.map(function () { return 0; }), gc = glossaries.map(function () { return 0; });
    for (var i = 0; i < total; i++) { tc[eTier[i]]++; gc[ruleGloss[eRule[i]]]++; }
    var ft = $("f-tiers"), fg = $("f-glossaries");
    ft.replaceChildren();
    fg.replaceChildren();
    tiers.forEach(function (t, k) {
      if (!tc[k]) return;
      ft.appendChild(toggle(t, filt.tiers[k], tc[k], "t-" + t, function () { filt.tiers[k] = !filt.tiers[k]; refilter(); }));
    });
    glossaries.forEach(function (g, k) {
      fg.appendChild(toggle(g, filt.gloss[k], gc[k], "", function () { filt.gloss[k] = !filt.gloss[k]; refilter(); }));
    });
    if (!fg.childNodes.length) fg.appendChild(el("span", "muted small", "no edits"));
    if (!ft.childNodes.length) ft.appendChild(el("span", "muted small", "no edits"));
    var chips = $("active-filters");
    chips.replaceChildren();
    function chip(text, clear) {
      var c = el("button", "chip");
      c.type = "button";
      c.appendChild(el("span", null, text));
      c.appendChild(el("span", "x", "×"));
      c.title = "Clear this filter";
      c.addEventListener("click", clear);
      chips.appendChild(c);
    }
    if (filt.rule >= 0) chip("rule: " + ruleEntry(filt.rule), function () { filt.rule = -1; refilter(); });
    if (filt.lo >= 0) chip("spin " + filt.lo.toFixed(1) + "–" + filt.hi.toFixed(1), function () { filt.lo = filt.hi = -1; refilter(); });
    if (filt.search) chip("name: " + filt.search, function () { filt.search = ""; $("search").value = ""; refilter(); });
    document.querySelectorAll("[data-rule]").forEach(function (a) {
      a.classList.toggle("on", +a.dataset.rule === filt.rule);
    });
    document.querySelectorAll(".hist .bar").forEach(function (b) {
      b.classList.toggle("on", +b.dataset.lo === filt.lo);
    });
  }

  // ---- events ----------------------------------------------------------------------------
  var main = $("docs");
  main.addEventListener("mouseover", function (ev) {
    var x = ev.target.closest && ev.target.closest("[data-edit]");
    if (x) showTip(x);
  });
  main.addEventListener("mouseout", function (ev) {
    var x = ev.target.closest && ev.target.closest("[data-edit]");
    if (x && !(ev.relatedTarget && x.contains(ev.relatedTarget)) && document.activeElement !== x) hideTip();
  });
  main.addEventListener("focusin", function (ev) {
    var x = ev.target.closest && ev.target.closest("[data-edit]");
    if (x) { if (+x.dataset.edit !== cur) select(+x.dataset.edit, false); showTip(x); }
  });
  main.addEventListener("focusout", hideTip);
  main.addEventListener("click", function (ev) {
    var x = ev.target.closest("[data-edit]");
    if (x) { x.focus({ preventScroll: true }); return; }
    var b = ev.target.closest("[data-act]");
    if (!b) return;
    var d = docs[+b.closest(".doc").dataset.doc], list = [];
    for (var k = 0; k < d.e.length; k++) if (shown(d.o + k)) list.push(d.o + k);
    if (b.dataset.act === "doc-accept") setState(list, ACCEPTED);
    if (b.dataset.act === "doc-reject") setState(list, REJECTED);
  });
  document.querySelectorAll(".pager").forEach(function (nav) {
    nav.addEventListener("click", function (ev) {
      var b = ev.target.closest("[data-act]");
      if (!b) return;
      if (b.dataset.act === "prev") goPage(page - 1);
      if (b.dataset.act === "next") goPage(page + 1);
    });
    nav.addEventListener("change", function (ev) {
      if (ev.target.dataset.act === "jump") goPage((+ev.target.value || 1) - 1);
    });
  });
  document.querySelectorAll("[data-rule]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var r = +a.dataset.rule;
      filt.rule = filt.rule === r ? -1 : r;
      if (filt.rule >= 0) { filt.tiers = filt.tiers.map(function () { return true; }); filt.gloss[ruleGloss[r]] = true; }
      refilter();
      if (filt.rule >= 0) step(1);
    });
  });
  document.querySelectorAll(".hist .bar").forEach(function (b) {
    function pick() {
      var lo = +b.dataset.lo;
      if (filt.lo === lo) { filt.lo = filt.hi = -1; } else { filt.lo = lo; filt.hi = +b.dataset.hi; }
      refilter();
    }
    b.addEventListener("click", pick);
    b.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); pick(); } });
  });
  var searchTimer = 0;
  $("search").addEventListener("input", function (ev) {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { filt.search = ev.target.value.trim().toLowerCase(); refilter(); }, 150);
  });
  $("f-only").addEventListener("change", function (ev) { filt.only = ev.target.checked; refilter(); });
  $("f-sort").addEventListener("change", function (ev) { filt.sort = ev.target.value; refilter(); });
  $("btn-accept-all").addEventListener("click", function () { setState(allShown(), ACCEPTED); });
  $("btn-reject-all").addEventListener("click", function () { setState(allShown(), REJECTED); });
  $("btn-export").addEventListener("click", exportDecisions);
  $("btn-import").addEventListener("click", function () { $("file-import").click(); });
  $("file-import").addEventListener("change", function (ev) {
    var f = ev.target.files && ev.target.files[0];
    if (!f) return;
    var rd = new FileReader();
    rd.onload = function () {
      try { importDecisions(JSON.parse(rd.result)); } catch (err) { toast("Could not import: " + err.message); }
      ev.target.value = "";
    };
    rd.readAsText(f);
  });
  function withCur(fn) { return function () { if (cur >= 0) fn(); }; }
  var acceptOne = withCur(function () { setState([cur], ACCEPTED); });
  var rejectOne = withCur(function () { setState([cur], REJECTED); });
  var acceptRule = withCur(function () { setState(ofRule(eRule[cur]), ACCEPTED); });
  var rejectRule = withCur(function () { setState(ofRule(eRule[cur]), REJECTED); });
  $("in-accept").addEventListener("click", acceptOne);
  $("in-reject").addEventListener("click", rejectOne);
  $("in-accept-rule").addEventListener("click", acceptRule);
  $("in-reject-rule").addEventListener("click", rejectRule);

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) {
      if (ev.key === "Escape") t.blur();
      return;
    }
    var k = ev.key, done = true;
    if (k === "j" || k === "n") step(1);
    else if (k === "k" || k === "p") step(-1);
    else if (k === "a") acceptOne();
    else if (k === "r" || k === "x") rejectOne();
    else if (k === "A") acceptRule();
    else if (k === "R") rejectRule();
    else if (k === "u") { if (cur >= 0) setState([cur], PROPOSED); }
    else if (k === " " && cur >= 0 && t && t.dataset && t.dataset.edit !== undefined) {
      setState([cur], state[cur] === REJECTED ? ACCEPTED : REJECTED);
    }
    else if (k === "]") goPage(page + 1);
    else if (k === "[") goPage(page - 1);
    else if (k === "/") $("search").focus();
    else if (k === "e") exportDecisions();
    else if (k === "Escape") { hideTip(); }
    else done = false;
    if (done) ev.preventDefault();
  });
  window.addEventListener("scroll", function () { if (document.activeElement && document.activeElement.dataset && document.activeElement.dataset.edit === undefined) hideTip(); }, { passive: true });

  var toastTimer = 0;
  function toast(msg) {
    var x = $("toast");
    x.textContent = msg;
    x.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { x.hidden = true; }, 2600);
  }

  load();
  refilter();

  // for scripts and tests: the decisions the export would write, and the report's edits
  window.textfixReview = {
    decisions: decisions,
    total: total,
    setAll: function (s) { setState(Array.from({ length: total }, function (_, i) { return i; }), s === "reject" ? REJECTED : ACCEPTED); },
    show: showEdit,
    ready: true
  };
  document.documentElement.dataset.ready = "true";
})();
