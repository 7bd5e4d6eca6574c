"use strict";
// Filter and sort the index in the page (no network). Rows are bodies, .d blocks their documents.
// Only the first PAGE matching rows are shown (more on request): a browser lays out a few hundred
// table rows at once quickly, not thousands.
(function () {
  var PAGE = 200;
  var tbody = document.querySelector("#docs tbody");
  var rows = Array.prototype.map.call(tbody.rows, function (tr, i) {
    var docs = Array.prototype.map.call(tr.querySelectorAll(".d"), function (el) {
      var cov = el.getAttribute("data-coverage");
      return {el: el, on: true, verdict: el.getAttribute("data-verdict"), year: +el.getAttribute("data-year"),
              errors: +el.getAttribute("data-errors"), coverage: cov === "" ? null : +cov};
    });
    var name = tr.getAttribute("data-name"), region = tr.getAttribute("data-region");
    return {tr: tr, order: i, region: region, level: tr.getAttribute("data-level"),
            kind: tr.getAttribute("data-kind"), docs: docs, text: (name + " " + region).toLowerCase()};
  });
  var $ = function (id) { return document.getElementById(id); };
  var limit = PAGE, shownRows = [];
  var orders = {
    name: function (a, b) { return a.order - b.order; },
    errors: function (a, b) { return b.errors - a.errors || a.order - b.order; },
    // unknown coverage last: it is neither good nor bad
    coverage: function (a, b) {
      var x = a.coverage === null ? 2 : a.coverage, y = b.coverage === null ? 2 : b.coverage;
      return x - y || a.order - b.order;
    },
    year: function (a, b) { return b.year - a.year || a.order - b.order; }
  };
  function apply() {
    var verdict = $("f-verdict").value, region = $("f-region").value, level = $("f-level").value,
        kind = $("f-kind").value, text = $("f-text").value.trim().toLowerCase();
    var matching = [];
    rows.forEach(function (r) {
      var match = (!region || r.region === region) && (!level || r.level === level) &&
                  (!kind || r.kind === kind) && (!text || r.text.indexOf(text) >= 0);
      var errors = 0, coverage = null, year = 0, any = false;
      r.docs.forEach(function (d) {
        d.on = match && (!verdict || d.verdict === verdict);
        if (!d.on) return;
        any = true;
        errors += d.errors;
        if (d.coverage !== null && (coverage === null || d.coverage < coverage)) coverage = d.coverage;
        if (d.year > year) year = d.year;
      });
      r.errors = errors; r.coverage = coverage; r.year = year;
      if (any) matching.push(r);
    });
    matching.sort(orders[$("sort").value] || orders.name);
    var show = matching.slice(0, limit);
    shownRows.forEach(function (r) { r.tr.hidden = true; });
    var frag = document.createDocumentFragment();
    show.forEach(function (r) {
      r.docs.forEach(function (d) { if (d.el.hidden === d.on) d.el.hidden = !d.on; });
      r.tr.hidden = false;
      frag.appendChild(r.tr);
    });
    tbody.insertBefore(frag, tbody.firstChild);
    shownRows = show;
    $("shown").textContent = "显示 " + show.length + " / " + matching.length + " 行（共 " + rows.length + " 行）";
    var more = matching.length - show.length;
    $("more").hidden = more <= 0;
    $("more").textContent = "再显示 " + Math.min(PAGE, more) + " 行（还有 " + more + " 行）";
  }
  var timer = null;
  function again() { limit = PAGE; apply(); }
  $("controls").addEventListener("submit", function (e) { e.preventDefault(); });
  $("controls").addEventListener("change", again);
  $("f-text").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(again, 120); });
  $("more").addEventListener("click", function () { limit += PAGE; apply(); });
  apply();
}());
