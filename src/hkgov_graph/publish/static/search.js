/* hkgov-graph site search (own code, MIT licence, part of hkgov-graph).
   Finds resources by any of their names: window.HKGOV_SEARCH (search/index.js) holds every name in the
   project's normal form (NFKC, Simplified script, lower case, single spaces) and the character table that
   brings a query to that form. Works offline and from file://; builds the results with DOM calls only. */
(function () {
  "use strict";
  var data = window.HKGOV_SEARCH;
  var lang = document.documentElement.lang || "en";
  var fallback = {"en": ["en", "zh-Hant", "zh-Hans"], "zh-Hant": ["zh-Hant", "zh-Hans", "en"],
                  "zh-Hans": ["zh-Hans", "zh-Hant", "en"]}[lang] || ["en", "zh-Hant", "zh-Hans"];

  function normalise(text) {
    var out = "";
    var chars = Array.from(text.normalize("NFKC"));
    for (var i = 0; i < chars.length; i++) {
      out += data.table[chars[i]] || chars[i];
    }
    return out.toLowerCase().replace(/\s+/g, " ").trim();
  }

  function label(forms) {
    for (var i = 0; i < fallback.length; i++) {
      if (forms[fallback[i]]) return [forms[fallback[i]], fallback[i]];
    }
    return null;
  }

  function score(key, q, words) {
    if (key === q) return 0;
    if (key.indexOf(q) === 0) return 1;
    var at = key.indexOf(q);
    if (at > 0) return /[\s\-\/(·,]/.test(key.charAt(at - 1)) ? 2 : 3;
    if (words.length > 1 && words.every(function (w) { return key.indexOf(w) >= 0; })) return 4;
    return -1;
  }

  /* Resources whose names match the query, best first: how well a name matches, then the HKSAR
     Government's own resources, then names over alternative names, then shorter labels. */
  function search(query) {
    var q = normalise(query);
    if (!q) return [];
    var words = q.split(" ");
    var best = {};
    data.names.forEach(function (entry) {
      var s = score(entry[0], q, words);
      if (s < 0) return;
      var item = entry[1];
      var key = [s, entry[2]];
      if (!best[item] || key[0] < best[item].s || (key[0] === best[item].s && key[1] < best[item].r)) {
        best[item] = {s: s, r: entry[2], text: entry[3]};
      }
    });
    return Object.keys(best).map(function (k) {
      var item = data.items[k];
      var shown = label(item[4]) || [item[1], null];
      return {item: item, s: best[k].s, r: best[k].r, matched: best[k].text, label: shown};
    }).sort(function (a, b) {
      return a.s - b.s || b.item[3] - a.item[3] || a.r - b.r || a.label[0].length - b.label[0].length ||
        (a.label[0] < b.label[0] ? -1 : a.label[0] > b.label[0] ? 1 : 0);
    });
  }

  function pageOf(path) {
    return path + (lang === "en" ? ".html" : "." + lang + ".html");
  }

  function show(query) {
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    while (list.firstChild) list.removeChild(list.firstChild);
    status.textContent = "";
    if (!query.trim()) return;
    var started = performance.now();
    var found = search(query);
    found.slice(0, 50).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = pageOf(r.item[0]);
      a.textContent = r.label[0];
      if (r.label[1] && r.label[1] !== lang) a.lang = r.label[1];
      li.appendChild(a);
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = (data.kinds[r.item[2]] || {})[lang] || r.item[2];
      li.appendChild(document.createTextNode(" "));
      li.appendChild(kind);
      var code = document.createElement("code");
      code.className = "curie";
      code.textContent = " " + r.item[1];
      li.appendChild(code);
      if (r.matched && normalise(r.matched) !== normalise(r.label[0])) {
        var matched = document.createElement("span");
        matched.className = "matched";
        matched.textContent = " — " + r.matched;
        li.appendChild(matched);
      }
      list.appendChild(li);
    });
    status.dataset.count = String(found.length);
    status.dataset.ms = (performance.now() - started).toFixed(1);
    if (!found.length) status.textContent = status.getAttribute("data-none");
  }

  var input = document.getElementById("search-input");
  var form = document.getElementById("search-form");
  if (!input || !data) return;
  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  show(initial);
  input.addEventListener("input", function () { show(input.value); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url.toString());
    show(input.value);
  });
})();
