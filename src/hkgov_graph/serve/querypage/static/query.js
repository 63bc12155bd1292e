/* The query page of hkgov-graph: YASQE as the editor, the site's SPARQL endpoint, and the answer as a table whose
   resources link to their pages.

   Reads window.Yasqe (editor/yasqe.min.js, vendored), window.HKGOV_QUERY (editor/data.js, or data.zh-Hant.js and
   data.zh-Hans.js: the site's base, its prefixes, its pages and the examples in the page's language) and the
   page's words (#query-words). Every request goes to the endpoint
   next to the page ("sparql"), nowhere else: YASQE's look-ups (prefix.cc, Linked Open Vocabularies, link
   shorteners) are all switched off. */
(function () {
  "use strict";

  var form = document.getElementById("query-form");
  var data = window.HKGOV_QUERY;
  if (!form || !data) {
    return;
  }
  var words = JSON.parse(document.getElementById("query-words").textContent);
  var lang = form.getAttribute("data-lang");
  var endpoint = new URL(form.getAttribute("data-endpoint"), document.baseURI).href;
  var pageSuffix = lang === "en" ? ".html" : "." + lang + ".html";
  var pages = new Set(data.pages);
  var examples = {};
  data.examples.forEach(function (example) { examples[example.name] = example; });
  var prefixes = Object.keys(data.prefixes)
    .map(function (name) { return [name, data.prefixes[name]]; })
    .sort(function (a, b) { return b[1].length - a[1].length; });  // the longest namespace wins

  var textarea = document.getElementById("query-text");
  var statusLine = document.getElementById("query-status");
  var results = document.getElementById("query-results");
  var runButton = document.getElementById("query-run");
  var exampleSelect = document.getElementById("query-example");
  var exampleNote = document.getElementById("query-example-note");
  var noEndpoint = document.getElementById("query-no-endpoint");

  var MAX_ROWS = 1000;  // rows drawn; the downloads hold every one
  var ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  var GRAPH_DOWNLOADS = [["Turtle", "turtle"], ["N-Triples", "ntriples"], ["JSON-LD", "json-ld"]];
  var RESULT_DOWNLOADS = [["CSV", "csv"], ["TSV", "tsv"], ["JSON", "json"], ["XML", "xml"]];

  // -- Small helpers --

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (attributes[name] !== null && attributes[name] !== undefined) {
        node.setAttribute(name, attributes[name]);
      }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* A catalogue sentence with its {fields} filled, as nodes: the fields named in codeFields as <code>. */
  function sentence(template, fields, codeFields) {
    var out = document.createDocumentFragment();
    template.split(/(\{\w+\})/).forEach(function (part) {
      var m = /^\{(\w+)\}$/.exec(part);
      if (m && Object.prototype.hasOwnProperty.call(fields, m[1])) {
        var value = String(fields[m[1]]);
        out.appendChild((codeFields || []).indexOf(m[1]) >= 0 ? element("code", {}, [value])
          : document.createTextNode(value));
      } else if (part) {
        out.appendChild(document.createTextNode(part));
      }
    });
    return out;
  }

  function say(template, fields) {
    statusLine.textContent = "";
    statusLine.appendChild(sentence(template, fields || {}));
  }

  // -- The editor --

  var yasqe = null;
  var errorLine = null;
  if (window.Yasqe) {
    var Yasqe = window.Yasqe;
    // Completion of the project's own prefixes after PREFIX, from the page's data: no prefix.cc, and no
    // declaration added behind the user's back (the endpoint declares these prefixes anyway).
    Yasqe.forkAutocompleter("prefixes", {
      name: "hkgov-prefixes",
      persistenceId: null,
      onInitialize: function () {},
      get: function () {
        return Promise.resolve(Object.keys(data.prefixes).sort().map(function (name) {
          return name + ": <" + data.prefixes[name] + ">";
        }));
      }
    }, false);
    var holder = element("div", { "class": "query-editor" });
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.hidden = true;
    yasqe = new Yasqe(holder, {
      value: textarea.value,
      autocompleters: ["hkgov-prefixes", "variables"],
      persistenceId: "hkgov-graph-query",  // the query survives a reload and a change of language
      showQueryButton: false,
      createShareableLink: null,
      consumeShareLink: null,
      createShortLink: undefined,
      syntaxErrorCheck: false,  // the endpoint's parser is the judge; its message is shown below
      prefixCcApi: null,
      resizeable: true,
      editorHeight: "16rem",
      lineWrapping: true,
      requestConfig: { endpoint: endpoint },
      extraKeys: {
        "Ctrl-Enter": function () { run(); },
        "Cmd-Enter": function () { run(); }
      }
    });
    yasqe.getInputField().setAttribute("aria-labelledby", "query-text-label");
    yasqe.on("change", clearErrorLine);
  }

  function getQuery() {
    return yasqe ? yasqe.getValue() : textarea.value;
  }

  /* An example's query is often longer than the editor: the editor grows to show more of it, up to half the
     window, so that the Run button and the start of the answer stay near. */
  function fitEditor() {
    var least = parseFloat(getComputedStyle(document.documentElement).fontSize) * 16;  // editorHeight, 16rem
    var most = Math.max(least, Math.round(window.innerHeight * 0.5));
    yasqe.setSize(null, Math.min(most, Math.max(least, yasqe.getScrollInfo().height + 4)));
  }

  /* An example opens with its notes folded into their first line (a click on the marker unfolds them) and its
     PREFIX lines collapsed, so that the query itself is in view. */
  function foldNotes() {
    var last = -1;
    for (var i = 0; i < yasqe.lineCount() && /^\s*(#.*)?$/.test(yasqe.getLine(i)); i++) {
      last = i;
    }
    if (last >= 2) {
      var marker = element("span", { "class": "query-fold", title: words["query-unfold"] },
        [sentence(words["query-folded"], { n: last })]);
      yasqe.foldCode({ line: 0, ch: 0 }, {
        rangeFinder: function () {
          return { from: { line: 0, ch: yasqe.getLine(0).length }, to: { line: last, ch: yasqe.getLine(last).length } };
        },
        widget: marker
      }, "fold");
    }
    yasqe.collapsePrefixes(true);
  }

  function setQuery(text, folded) {
    if (yasqe) {
      yasqe.setValue(text);
      if (folded) {
        foldNotes();
      }
      fitEditor();
      yasqe.scrollTo(0, 0);
    } else {
      textarea.value = text;
    }
  }

  function markErrorLine(line, column) {
    if (!yasqe || line < 1 || line > yasqe.lineCount()) {
      return false;
    }
    clearErrorLine();
    errorLine = yasqe.addLineClass(line - 1, "background", "query-error-line");
    yasqe.setCursor({ line: line - 1, ch: Math.max(column - 1, 0) });
    yasqe.scrollIntoView({ line: line - 1, ch: 0 }, 40);
    return true;
  }

  function clearErrorLine() {
    if (yasqe && errorLine) {
      yasqe.removeLineClass(errorLine, "background", "query-error-line");
    }
    errorLine = null;
  }

  // -- Terms and links --

  var XSD = "http://www.w3.org/2001/XMLSchema#";
  // Types whose values say what they are (a number, a string): shown without a datatype tag. Dates keep theirs,
  // which tells their precision (xsd:gYear, xsd:gYearMonth, xsd:date).
  var PLAIN_TYPES = new Set([XSD + "string", XSD + "integer", XSD + "decimal", XSD + "double", XSD + "boolean",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"]);
  var NUMBER_TYPES = new Set([XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float", XSD + "int",
    XSD + "long", XSD + "nonNegativeInteger", XSD + "positiveInteger"]);

  var DATE = /^-?\d{4}(-\d\d(-\d\d)?)?(T[\d:.]+(Z|[+-]\d\d:\d\d)?)?$/;

  function shorten(iri) {
    for (var i = 0; i < prefixes.length; i++) {
      var namespace = prefixes[i][1];
      var local = iri.slice(namespace.length);
      if (iri.indexOf(namespace) === 0 && local && /^[\w\u00b7-\uffff][\w.\-\u00b7-\uffff%]*$/.test(local)
          && local.slice(-1) !== ".") {
        return prefixes[i][0] + ":" + local;
      }
    }
    return "<" + iri + ">";
  }

  /* The site page of an IRI, relative to this page (which sits at the site's root), or null. */
  function pageOf(iri) {
    var hash = iri.indexOf("#");
    var doc = hash < 0 ? iri : iri.slice(0, hash);
    if (doc === data.ontology) {
      return "ontology" + pageSuffix + (hash < 0 ? "" : iri.slice(hash));
    }
    if (doc === data.dataset) {
      return "dataset" + pageSuffix;
    }
    if (doc.indexOf(data.base) === 0 && pages.has(doc.slice(data.base.length))) {
      return encodeURI(doc.slice(data.base.length)) + pageSuffix;  // a hash IRI is described on its owner's page
    }
    return null;
  }

  function iriNode(iri) {
    var shown = shorten(iri);
    var page = pageOf(iri);
    if (page) {
      return element("a", { href: page, title: iri, "class": "query-iri" }, [shown]);
    }
    if (/^https?:\/\//.test(iri) && iri.indexOf(data.base) !== 0) {
      return element("a", { href: iri, title: iri, rel: "external noopener", "class": "query-iri" }, [shown]);
    }
    return element("span", { title: iri, "class": "query-iri" }, [shown]);
  }

  /* A text that holds IRIs (a GROUP_CONCAT of graphs, say) shows each one as a link. */
  function textNodes(text) {
    var out = document.createDocumentFragment();
    var parts = text.split(/(\s+)/);
    var iris = parts.filter(function (part, i) { return i % 2 === 0; });
    if (iris.length > 1 && iris.every(function (part) { return /^https?:\/\/\S+$/.test(part); })) {
      iris.forEach(function (iri, i) {  // a list of IRIs (the graphs of a step): one a line
        if (i) { out.appendChild(element("br")); }
        out.appendChild(iriNode(iri));
      });
      return out;
    }
    parts.forEach(function (part) {
      out.appendChild(/^https?:\/\/\S+$/.test(part) ? iriNode(part) : document.createTextNode(part));
    });
    return out;
  }

  /* A value word of the catalogue ("in force", "possibly") or a list of them ("stated, inferred", "structure
     stated") in the page's language, as the CLI shows them; null for any other text (and on the English page). */
  var WORDS = data.words || {};
  var LISTS = [["; ", "\uff1b"], [", ", "\u3001"], [" ", "\u3001"]];

  function valueWords(text) {
    if (Object.prototype.hasOwnProperty.call(WORDS, text)) {
      return WORDS[text];
    }
    for (var i = 0; i < LISTS.length; i++) {
      var parts = text.split(LISTS[i][0]);
      if (parts.length > 1 && parts.every(function (part) { return Object.prototype.hasOwnProperty.call(WORDS, part); })) {
        return parts.map(function (part) { return WORDS[part]; }).join(LISTS[i][1]);
      }
    }
    return null;
  }

  function termNode(term) {
    if (!term) {
      return document.createTextNode("");
    }
    if (term.type === "uri") {
      return iriNode(term.value);
    }
    if (term.type === "bnode") {
      return element("code", {}, ["_:" + term.value]);
    }
    if (term.type === "triple") {
      var triple = term.value;
      return element("span", {}, ["<< ", termNode(triple.subject), " ", termNode(triple.predicate), " ",
        termNode(triple.object), " >>"]);
    }
    var translated = !term["xml:lang"] && (!term.datatype || term.datatype === XSD + "string")
      ? valueWords(term.value) : null;
    if (translated !== null) {  // the English, which the query sees, is the tooltip
      return element("span", { lang: lang, title: term.value, "class": "query-word" }, [translated]);
    }
    var tag = term["xml:lang"];
    // a date (2012-05, 2014-12-21) is not broken at its hyphens
    var kind = DATE.test(term.value) ? "query-date" : null;
    var out = element("span", { lang: tag || null, "class": kind }, [textNodes(term.value)]);
    var datatype = term.datatype && !PLAIN_TYPES.has(term.datatype) ? term.datatype : null;
    if (tag || datatype) {
      return element("span", {}, [out, " ", element("span", { "class": "tag" }, [tag ? "@" + tag : shorten(datatype)])]);
    }
    return out;
  }

  // -- N-Triples (the answer to CONSTRUCT and DESCRIBE), read into the terms of the JSON results --

  var NT_TERM = /[ \t]*(?:<([^>]*)>|_:([^\s.]+(?:\.[^\s.]+)*)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<([^>]*)>)?)/y;
  var NT_ESCAPE = /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g;
  var SIMPLE_ESCAPES = { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", "\"": "\"", "'": "'", "\\": "\\" };

  function unescape(text) {
    return text.replace(NT_ESCAPE, function (m, u4, u8, c) {
      if (u4 || u8) {
        return String.fromCodePoint(parseInt(u4 || u8, 16));
      }
      return Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, c) ? SIMPLE_ESCAPES[c] : m;
    });
  }

  function parseNTriples(text) {
    var triples = [];
    text.split("\n").forEach(function (line) {
      if (!line.trim() || /^\s*#/.test(line)) {
        return;
      }
      NT_TERM.lastIndex = 0;
      var terms = [];
      for (var i = 0; i < 3; i++) {
        var m = NT_TERM.exec(line);
        if (!m) {
          return;
        }
        if (m[1] !== undefined) {
          terms.push({ type: "uri", value: unescape(m[1]) });
        } else if (m[2] !== undefined) {
          terms.push({ type: "bnode", value: m[2] });
        } else {
          var term = { type: "literal", value: unescape(m[3]) };
          if (m[4]) { term["xml:lang"] = m[4]; }
          if (m[5]) { term.datatype = unescape(m[5]); }
          terms.push(term);
        }
      }
      triples.push({ s: terms[0], p: terms[1], o: terms[2] });
    });
    return triples;
  }

  // -- Showing the answer --

  function downloads(query, formats) {
    var line = element("p", { "class": "query-downloads" }, [words["query-download"] + " "]);
    formats.forEach(function (format) {
      var href = endpoint + "?" + new URLSearchParams({ query: query, format: format[1] }).toString();
      line.appendChild(element("a", { href: href, download: "" }, [format[0]]));
      line.appendChild(document.createTextNode(" "));
    });
    return line;
  }

  function table(headings, rows, cell) {
    var head = element("tr", {}, headings.map(function (h) {
      // a long variable name may break after "_" and nowhere else
      var parts = [];
      h.split(/(?<=_)/).forEach(function (part, i) {
        if (i) { parts.push(element("wbr")); }
        parts.push(element("span", {}, [part]));
      });
      return element("th", { scope: "col" }, parts);
    }));
    var body = element("tbody");
    rows.slice(0, MAX_ROWS).forEach(function (row) {
      body.appendChild(element("tr", {}, headings.map(function (h, i) {
        var term = cell(row, i);
        // unbound or empty ("?reason" of a step in force): a phone's card leaves the line out
        var kind = !term || (term.type === "literal" && term.value === "") ? "query-unbound"
          : NUMBER_TYPES.has(term.datatype) ? "query-number" : null;
        return element("td", { "data-label": h, "class": kind }, [termNode(term)]);
      })));
    });
    return element("div", { "class": "query-table-box" }, [
      element("table", { "class": "query-table" }, [element("thead", {}, [head]), body])]);
  }

  function count(many, one, n, ms) {
    say(words[n === 1 ? one : many], { n: n.toLocaleString(), ms: ms });
  }

  function showResults(json, ms, query) {
    results.textContent = "";
    if (typeof json.boolean === "boolean") {
      say(words["query-answer"] + words["colon"] + words[json.boolean ? "query-yes" : "query-no"]);
      results.appendChild(element("p", { "class": "query-answer" }, [
        element("strong", {}, [words["query-answer"] + words["colon"]]), words[json.boolean ? "query-yes" : "query-no"]]));
      return;
    }
    var variables = (json.head && json.head.vars) || [];
    var rows = (json.results && json.results.bindings) || [];
    count("query-rows", "query-rows-one", rows.length, ms);
    if (!rows.length) {
      results.appendChild(element("p", { "class": "query-note" }, [words["query-empty"]]));
      return;
    }
    results.appendChild(table(variables.map(function (v) { return "?" + v; }), rows,
      function (row, i) { return row[variables[i]]; }));
    finish(rows.length, query, RESULT_DOWNLOADS);
  }

  function showTriples(triples, ms, query) {
    results.textContent = "";
    count("query-triples", "query-triples-one", triples.length, ms);
    if (!triples.length) {
      results.appendChild(element("p", { "class": "query-note" }, [words["query-empty"]]));
      return;
    }
    results.appendChild(table([words.subject, words.property, words.value], triples,
      function (triple, i) { return [triple.s, triple.p, triple.o][i]; }));
    finish(triples.length, query, GRAPH_DOWNLOADS);
  }

  /* An answer that starts below the window (a tall editor, a phone) is brought up under the Run button. */
  function bringIntoView() {
    if (results.getBoundingClientRect().top > window.innerHeight - 80) {
      runButton.scrollIntoView({ block: "start" });
    }
  }

  function finish(n, query, formats) {
    if (n > MAX_ROWS) {
      results.appendChild(element("p", { "class": "query-note" }, [
        sentence(words["query-truncated"], { shown: MAX_ROWS.toLocaleString() })]));
    }
    results.appendChild(downloads(query, formats));
  }

  function showError(status, message) {
    statusLine.textContent = "";
    results.textContent = "";
    var box = element("div", { "class": "query-error", role: "alert" }, [
      element("p", {}, [sentence(words["query-error"], { status: status })]),
      element("pre", {}, [message.trim()])]);
    var at = /\bline (\d+), column (\d+)/.exec(message);
    if (at && markErrorLine(parseInt(at[1], 10), parseInt(at[2], 10))) {
      box.appendChild(element("p", {}, [sentence(words["query-error-line"], { line: at[1] })]));
    }
    results.appendChild(box);
  }

  function showNoEndpoint() {
    statusLine.textContent = "";
    noEndpoint.hidden = false;
  }

  // -- Running a query --

  var running = null;

  function run() {
    var query = getQuery();
    if (!query.trim()) {
      return;
    }
    if (running) {
      running.abort();
    }
    running = new AbortController();
    var started = performance.now();
    clearErrorLine();
    say(words["query-running"]);
    runButton.disabled = true;
    var controller = running;
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT },
      body: new URLSearchParams({ query: query }).toString(),
      signal: controller.signal
    }).then(function (response) {
      return response.text().then(function (body) {
        var type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
        var ms = Math.round(performance.now() - started);
        if (!response.ok) {
          // the endpoint explains itself in text; anything else (a static host's page) means there is none
          if (type !== "text/plain") {
            return showNoEndpoint();
          }
          showError(response.status, body);
          return bringIntoView();
        }
        noEndpoint.hidden = true;
        if (type === "application/sparql-results+json") {
          showResults(JSON.parse(body), ms, query);
        } else if (type === "application/n-triples") {
          showTriples(parseNTriples(body), ms, query);
        } else {
          return showNoEndpoint();
        }
        return bringIntoView();
      });
    }).catch(function (error) {
      if (error.name === "AbortError") {
        return;
      }
      results.textContent = "";
      say(words["query-unreachable"], { reason: error.message });
    }).finally(function () {
      if (running === controller) {
        running = null;
        runButton.disabled = false;
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  // -- Examples --

  function showExample(name) {
    var example = examples[name];
    if (!example) {
      exampleNote.hidden = true;
      return;
    }
    setQuery(example.query, true);
    var key = example.unbound ? "query-example-unbound" : example.bound.length ? "query-example-bound"
      : "query-example-plain";
    exampleNote.textContent = "";
    exampleNote.appendChild(sentence(words[key], { question: example.question, command: example.command,
      name: example.name }, ["command", "name"]));
    exampleNote.hidden = false;
    results.textContent = "";
    statusLine.textContent = "";
  }

  exampleSelect.addEventListener("change", function () { showExample(exampleSelect.value); });
  var asked = new URLSearchParams(window.location.search).get("example");
  if (asked && examples[asked]) {
    exampleSelect.value = asked;
    showExample(asked);
  }

  // -- Is there an endpoint? (a static copy of the site has none) --

  fetch(endpoint + "?" + new URLSearchParams({ query: "ASK {}" }).toString(),
    { headers: { "Accept": "application/sparql-results+json" } })
    .then(function (response) {
      var type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
      if (!(response.ok && type === "application/sparql-results+json") && type !== "text/plain") {
        showNoEndpoint();
      }
    })
    .catch(showNoEndpoint);
}());
