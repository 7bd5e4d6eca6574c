"use strict";
// Filter and sort the index in the page (no network): rows are bodies, .d blocks their documents.
(function () {
  var tbody = document.querySelector("#docs tbody");
  var rows = Array.prototype.map.call(tbody.rows, function (tr, i) {
    var docs = Array.prototype.map.call(tr.querySelectorAll(".d"), function (el) {
      var cov = el.getAttribute("data-coverage");
      return {el: el, verdict: el.getAttribute("data-verdict"), year: +el.getAttribute("data-year"),
              errors: +el.getAttribute("data-errors"), coverage: cov === "" ? null : +cov};
    });
    return {tr: tr, order: i, name: tr.getAttribute("data-name"), region: tr.getAttribute("data-region"),
            level: tr.getAttribute("data-level"), kind: tr.getAttribute("data-kind"), docs: docs,
            text: (tr.getAttribute("data-name") + " " + tr.getAttribute("data-region")).toLowerCase()};
  });
  var $ = function (id) { return document.getElementById(id); };
  var shown = $("shown");
  function apply() {
    var verdict = $("f-verdict").value, region = $("f-region").value, level = $("f-level").value,
        kind = $("f-kind").value, text = $("f-text").value.trim().toLowerCase(), sort = $("sort").value;
    var visible = [];
    rows.forEach(function (r) {
      var match = (!region || r.region === region) && (!level || r.level === level) &&
                  (!kind || r.kind === kind) && (!text || r.text.indexOf(text) >= 0);
      var errors = 0, coverage = null, year = 0, any = false;
      r.docs.forEach(function (d) {
        var on = match && (!verdict || d.verdict === verdict);
        if (d.el.hidden === on) d.el.hidden = !on;
        if (!on) return;
        any = true;
        errors += d.errors;
        if (d.coverage !== null && (coverage === null || d.coverage < coverage)) coverage = d.coverage;
        if (d.year > year) year = d.year;
      });
      r.errors = errors; r.coverage = coverage; r.year = year;
      if (r.tr.hidden === any) r.tr.hidden = !any;
      if (any) visible.push(r);
    });
    var by = {
      name: function (a, b) { return a.order - b.order; },
      errors: function (a, b) { return b.errors - a.errors || a.order - b.order; },
      // unknown coverage last: it is neither good nor bad
      coverage: function (a, b) {
        var x = a.coverage === null ? 2 : a.coverage, y = b.coverage === null ? 2 : b.coverage;
        return x - y || a.order - b.order;
      },
      year: function (a, b) { return b.year - a.year || a.order - b.order; }
    }[sort] || function (a, b) { return a.order - b.order; };
    visible.sort(by);
    var frag = document.createDocumentFragment();
    visible.forEach(function (r) { frag.appendChild(r.tr); });
    rows.forEach(function (r) { if (r.tr.hidden) frag.appendChild(r.tr); });
    tbody.appendChild(frag);
    shown.textContent = "显示 " + visible.length + " / " + rows.length + " 行";
  }
  var timer = null;
  $("controls").addEventListener("submit", function (e) { e.preventDefault(); });
  $("controls").addEventListener("change", apply);
  $("f-text").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
}());
