/* hkgov-graph viewer: draws one view of the graph with Cytoscape.js, filters it by date,
 * shows labels in Traditional or Simplified Chinese or English, and details with sources.
 * Data comes from the JSON block #hkg-data; it is only ever written into the page as text
 * (textContent, canvas labels), never as markup. The date rule mirrors hkgov_graph/temporal/status.py:
 * the build's time model gives every dated node and edge bounds on its first and last day
 * (docs/time-model.md), and as of a date each is in force, possibly, not in force or unknown.
 *
 * Labels stay readable: they are drawn at LABEL_PX on the screen whatever the zoom, and where
 * two would overlap (or one would cover another node) the less important one is hidden, as maps
 * do; zooming in or clicking a node brings hidden ones back. Layouts run with a seeded random
 * generator, so the same page draws the same picture each time. */
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('hkg-data').textContent);
  var FAR_FUTURE = '9999-12-31';
  var FONT = '"Noto Sans CJK TC", "Noto Sans CJK SC", "Noto Sans CJK HK", "PingFang TC", "Microsoft JhengHei", sans-serif';
  var LABEL_PX = 13;          // label size on the screen, at any zoom
  var WRAP_PX = { zh: 180, en: 150 };  // label line width on the screen (fourteen Chinese characters)
  var NODE_PX = 16;           // node size at zoom 1 (never drawn smaller than MIN_NODE_PX)
  var MIN_NODE_PX = 9;
  var MAX_FIRST_ZOOM = 1.6;
  var MAX_UPRIGHT_ZOOM = 1;
  var WHOLE_UPRIGHT_PX = 1000; // the whole view in an upright window is drawn as if it were this wide
  var INDENT_PX = 26;         // a list's step in from its parent, on the screen (upright windows)
  var RANK_SEP = 54;          // the gap between two columns of a layered view, at the zoom it is laid out at
  var ASIDE_GAP = 12;         // how far an edge within a column runs beside it, past its markers' edge
  var ASIDE_STEP = 7;         // and how much further for each other source in that column

  var state = { lang: 'zh-hant', asOf: DATA.initial_as_of || DATA.default_as_of, selected: null };

  // -- Dates (mirror of hkgov_graph/dates.py) --

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) { s = '0' + s; }
    return s;
  }

  function daysInMonth(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  function parsePeriod(text) {
    if (text === null || text === undefined) { return null; }
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(String(text).trim());
    if (!m) { return null; }
    var year = parseInt(m[1], 10);
    var y = pad(year, 4);
    if (m[2] === undefined) { return { first: y + '-01-01', last: y + '-12-31', text: m[0] }; }
    var month = parseInt(m[2], 10);
    if (month < 1 || month > 12) { return null; }
    var last = year > 0 ? daysInMonth(year, month) : 31;
    var ym = y + '-' + pad(month, 2);
    if (m[3] === undefined) { return { first: ym + '-01', last: ym + '-' + pad(last, 2), text: m[0] }; }
    var day = parseInt(m[3], 10);
    if (day < 1 || day > last) { return null; }
    var ymd = ym + '-' + pad(day, 2);
    return { first: ymd, last: ymd, text: m[0] };
  }

  function parseUserDate(text) {
    var p = parsePeriod(text);
    return p && p.text === String(text).trim() ? p : null;
  }

  /* The time model's rule (hkgov_graph/temporal/status.py): [status, reason] as of a period.
   * Bounds are ISO days; an empty one is open. Undated kinds (regions, posts) have no status. */
  function statusOf(d, asOf) {
    if (d.undated_kind) { return ['', '']; }
    var first = asOf.first;
    var last = asOf.last;
    var sLo = d.start_earliest || null;
    var sHi = d.start_latest || null;
    var eLo = d.end_earliest || null;
    var eHi = d.end_latest || null;
    if (d.status) { return ['not in force', 'proposed']; }
    if (sLo !== null && last < sLo) { return ['not in force', 'not yet begun']; }
    if (eHi !== null && eHi < first) { return ['not in force', 'ended']; }
    if (sHi !== null && eLo !== null && sHi <= last && first <= eLo) { return ['in force', '']; }
    if (sLo === null && (sHi === null || last < sHi)) { return ['unknown', 'beginning not dated']; }
    if (sHi === null || last < sHi) { return ['possibly', 'beginning uncertain']; }
    if (eHi !== null) { return ['possibly', 'end uncertain']; }
    return ['possibly', d.last_attested ? 'after last attestation' : 'end not dated'];
  }

  function parseDuring(value) {
    var out = [];
    String(value || '').split(';').forEach(function (item) {
      item = item.trim();
      if (!item) { return; }
      var i = item.indexOf('..');
      out.push(i < 0 ? [item, ''] : [item.slice(0, i).trim(), item.slice(i + 2).trim()]);
    });
    return out;
  }

  function periodOf(mode) {
    if (mode === 'now') { return parsePeriod(DATA.reference_date) || parsePeriod(new Date().toISOString()); }
    return parsePeriod(mode);
  }

  /* Which nodes and edges are shown for a mode ('all', 'now' or a date text), and how sure each is:
   * everything not certainly out of force, each with its status. */
  function visibleSets(mode) {
    var nodes = {};
    var edges = {};
    if (mode === 'all') {
      DATA.nodes.forEach(function (n) { nodes[n.id] = ''; });
      DATA.edges.forEach(function (e) { edges[e.id] = ''; });
      return { nodes: nodes, edges: edges };
    }
    var asOf = periodOf(mode);
    DATA.nodes.forEach(function (n) {
      var s = statusOf(n, asOf);
      if (s[0] !== 'not in force') { nodes[n.id] = s[0]; }
    });
    var changed = true;
    while (changed) {  // a liaison unit, division or tier goes with the body it is part of
      changed = false;
      DATA.nodes.forEach(function (n) {
        if (!(n.id in nodes)) { return; }
        var parents = String(n.part_of || '').split(/\s+/).filter(Boolean);
        if (parents.length && !parents.some(function (p) { return p in nodes; })) {
          delete nodes[n.id];
          changed = true;
        }
      });
    }
    DATA.edges.forEach(function (e) {
      var s = statusOf(e, asOf);
      if (e.source in nodes && e.target in nodes && s[0] !== 'not in force') { edges[e.id] = s[0]; }
    });
    return { nodes: nodes, edges: edges };
  }

  // Kinds of which some node has a founding date: only for these does "founding date unknown" say something
  // (a person, a post, a province or a reading of a source is never founded)
  var FOUNDED_KINDS = {};
  DATA.nodes.forEach(function (n) { if (n.founding_date || n.founded_not_before) { FOUNDED_KINDS[n.kind] = true; } });

  // -- Words --

  var SUFFIX = { en: '_en', 'zh-hant': '_zh_hant', 'zh-hans': '_zh_hans' };
  var FALLBACK = { en: ['en', 'zh-hant', 'zh-hans'], 'zh-hant': ['zh-hant', 'zh-hans', 'en'],
    'zh-hans': ['zh-hans', 'zh-hant', 'en'] };

  /* The first of obj[prefix + suffix] in the language's fallback order (the other script before English). */
  function inLang(obj, prefix, lang) {
    var order = FALLBACK[lang] || FALLBACK.en;
    for (var i = 0; i < order.length; i++) {
      var v = obj && obj[prefix + SUFFIX[order[i]]];
      if (v) { return String(v); }
    }
    return '';
  }

  /* A node's name: its label, else the name the export gave it from what it is (an interval, a term). */
  function nodeLabel(d, lang) {
    return inLang(d, 'label', lang) || inLang(d, 'name', lang) || d.label || d.id;
  }

  function kindLabel(kind, lang) { return inLang(DATA.kinds[kind], 'label', lang) || kind; }
  function familyLabel(family, lang) { return inLang(DATA.families[family], 'label', lang) || family; }
  function edgeKindLabel(kind, lang) { return inLang(DATA.edge_kinds[kind], 'label', lang) || kind; }

  function t(key) { return (DATA.ui[state.lang] || {})[key] || DATA.ui.en[key] || key; }

  /* A label the renderer may wrap between any two Chinese characters (a zero-width space there),
   * never inside an English word, never before closing or after opening punctuation. */
  var CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
  var NO_START = /[、。，．：；！？）」』】》〉’”・]/;
  var NO_END = /[（「『【《〈‘“]/;
  function breakable(text) {
    // an office's formal name breaks after the government's: 香港特別行政區政府 / 駐粵經濟貿易辦事處
    var gov = text.indexOf('政府');
    if (gov > 0 && gov + 2 < text.length && text.length > 10 && CJK.test(text.charAt(gov + 2))) {
      return breakable(text.slice(0, gov + 2)) + '\n' + breakable(text.slice(gov + 2));
    }
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var prev = i ? text.charAt(i - 1) : '';
      if (prev && (CJK.test(c) || CJK.test(prev)) && !/\s/.test(prev) && !/\s/.test(c)
          && !NO_START.test(c) && !NO_END.test(prev)) { out += '\u200b'; }
      out += c;
    }
    return out;
  }

  // -- DOM helpers (text only) --

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function link(href, text) {
    if (!/^https?:\/\//i.test(String(href))) { return el('span', text); }
    var a = el('a', text);
    a.href = String(href);
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  }

  // -- The graph --

  /* Sizes on the screen, whatever the zoom: the style asks for them at each restyle. */
  function px(ele, n) { return n / ele.cy().zoom(); }
  function wrapPx() { return state.lang === 'en' ? WRAP_PX.en : WRAP_PX.zh; }

  var cy = cytoscape({
    container: document.getElementById('cy'),
    elements: {
      nodes: DATA.nodes.map(function (n) {
        var data = Object.assign({}, n);
        var k = DATA.kinds[n.kind] || {};
        data.colour = k.colour || '#8a8a8a';
        data.shape = k.shape || 'ellipse';
        data.display = nodeLabel(n, state.lang);
        data.labelText = breakable(data.display);
        data.halign = 'right';
        data.valign = 'center';
        return { data: data };
      }),
      edges: DATA.edges.map(function (e) {
        var data = Object.assign({}, e);
        var k = DATA.edge_kinds[e.kind] || {};
        data.colour = k.colour || '#777777';
        data.lineStyle = k.style || 'solid';
        return { data: data };
      })
    },
    style: [
      { selector: 'node', style: {
        'background-color': 'data(colour)', 'shape': 'data(shape)', 'label': 'data(labelText)',
        'font-family': FONT, 'color': '#1a1a1a', 'line-height': 1.15,
        'font-size': function (n) { return px(n, LABEL_PX); },
        'text-wrap': 'wrap', 'text-max-width': function (n) { return px(n, wrapPx()); },
        'text-halign': 'data(halign)', 'text-valign': 'data(valign)',
        'text-margin-x': function (n) {
          var h = n.data('halign');
          return h === 'right' ? px(n, 5) : h === 'left' ? -px(n, 5) : 0;
        },
        'text-margin-y': function (n) {
          var v = n.data('valign');
          return v === 'bottom' ? px(n, 3) : v === 'top' ? -px(n, 3) : 0;
        },
        'width': function (n) { return Math.max(NODE_PX, px(n, MIN_NODE_PX)); },
        'height': function (n) { return Math.max(NODE_PX, px(n, MIN_NODE_PX)); },
        'border-width': function (n) { return px(n, 1); }, 'border-color': '#333333', 'border-opacity': 0.7,
        'text-background-color': '#ffffff', 'text-background-opacity': 0.85,
        'text-background-padding': function (n) { return px(n, 1); },
        'text-background-shape': 'round-rectangle' } },
      { selector: 'node.nolabel', style: { 'text-opacity': 0, 'text-background-opacity': 0 } },
      { selector: 'node.hover', style: { 'text-opacity': 1, 'text-background-opacity': 0.95, 'z-index': 20 } },
      { selector: 'node:selected', style: { 'border-width': function (n) { return px(n, 4); },
        'border-color': '#000000', 'border-opacity': 1 } },
      { selector: 'edge', style: {
        'width': function (e) { return px(e, 1.4); }, 'curve-style': 'bezier',
        'line-color': 'data(colour)', 'line-style': 'data(lineStyle)',
        'target-arrow-color': 'data(colour)', 'target-arrow-shape': DATA.directed ? 'triangle' : 'none',
        'source-endpoint': function (e) { return e.data('exit') ? e.data('exit') + 'px 0px' : 'outside-to-node'; },
        'arrow-scale': 1.1, 'opacity': 0.8 } },
      { selector: 'edge:selected', style: { 'width': function (e) { return px(e, 4); }, 'opacity': 1 } },
      // how sure, as of the date: possibly in force is faded with a dashed outline, unknown more so, dotted
      { selector: 'node.possibly', style: { 'background-opacity': 0.45, 'border-style': 'dashed',
        'border-width': function (n) { return px(n, 2); }, 'border-opacity': 1 } },
      { selector: 'node.unknown', style: { 'background-opacity': 0.15, 'border-style': 'dotted',
        'border-width': function (n) { return px(n, 2); }, 'border-opacity': 1 } },
      { selector: 'edge.possibly', style: { 'opacity': 0.45 } },
      { selector: 'edge.unknown', style: { 'opacity': 0.2 } },
      // in a list (upright windows) an edge runs down the margin and turns into its target, as in a tree
      { selector: 'edge.listed', style: { 'curve-style': 'taxi', 'taxi-direction': 'vertical', 'taxi-turn': '100%',
        'taxi-turn-min-distance': 0, 'source-endpoint': 'outside-to-node' } },
      // in columns, an edge between two nodes of one column runs beside it, in the gap to its left (see `aside`)
      { selector: 'edge.aside', style: { 'curve-style': 'round-segments', 'edge-distances': 'node-position',
        'segment-weights': '0 1', 'segment-distances': asideDistances,
        'segment-radius': function (e) { return px(e, 6); },
        'source-endpoint': 'outside-to-node', 'target-endpoint': 'outside-to-node' } },
      { selector: '.hidden', style: { 'display': 'none' } }
    ],
    minZoom: 0.05,
    maxZoom: 4
  });

  /* Restyle for the zoom, then decide which labels to draw. */
  function restyle() {
    cy.style().update();
    cullLabels();
  }

  // -- Labels that do not overlap --

  function labelBox(n) {
    return n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true,
      includeOverlays: false, includeUnderlays: false });
  }

  function bodyBox(n) {
    return n.boundingBox({ includeNodes: true, includeEdges: false, includeLabels: false,
      includeOverlays: false, includeUnderlays: false });
  }

  function intersects(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }

  /* A kind's place among labels: the view's own family first (the mechanisms in the co-operation
   * view), then families and kinds in the export's order. */
  function rank(kind) {
    var k = DATA.kinds[kind];
    if (!k) { return 1e9; }
    return k.family === DATA.first_family ? k.rank - 1e6 : k.rank;
  }

  /* Which labels come first: the selected node's, then by kind (families in the export's order),
   * then the better connected, then by id (so the choice never depends on the browser). */
  function labelOrder(nodes) {
    var degree = {};
    nodes.forEach(function (n) { degree[n.id()] = n.connectedEdges().not('.hidden').length; });
    return nodes.toArray().sort(function (a, b) {
      var sa = state.selected && state.selected.id() === a.id() ? 0 : 1;
      var sb = state.selected && state.selected.id() === b.id() ? 0 : 1;
      var ra = rank(a.data('kind'));
      var rb = rank(b.data('kind'));
      return sa - sb || ra - rb
        || degree[b.id()] - degree[a.id()] || (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0);
    });
  }

  /* Greedy placement, most important first: a label is drawn when its box meets no drawn label
   * and no other node. In the whole view, where nodes are dense, a label may cover a node that
   * draws no label of its own, but never a drawn label's node. */
  function cullLabels() {
    var nodes = cy.nodes().not('.hidden');
    var pad = 1 / cy.zoom();
    var strict = DATA.view !== 'whole';
    var bodies = {};
    nodes.forEach(function (n) { bodies[n.id()] = bodyBox(n); });
    var placed = [];
    var placedBodies = [];
    var hide = [];
    var shown = {};
    labelOrder(nodes).forEach(function (n) {
      if (!n.data('labelText')) { return; }
      var b = labelBox(n);
      var box = { x1: b.x1 - pad, y1: b.y1 - pad, x2: b.x2 + pad, y2: b.y2 + pad };
      var own = bodies[n.id()];
      var clash = placed.some(function (p) { return intersects(p, box) || intersects(p, own); })
        || (strict ? nodes.some(function (o) { return o.id() !== n.id() && intersects(bodies[o.id()], box); })
          : placedBodies.some(function (o) { return intersects(o, box); }));
      if (clash) { hide.push(n); } else { placed.push(box); placedBodies.push(own); shown[n.id()] = b; }
    });
    cy.batch(function () {
      nodes.removeClass('nolabel');
      cy.collection(hide).addClass('nolabel');
      if (DATA.view === 'reporting' || DATA.view === 'cooperation') {
        // in columns, an edge leaves its source where the source's name ends, so it never runs
        // through the name; in a list (upright windows) it leaves from the node, down the margin
        var columns = !upright();
        cy.edges().not('.hidden').forEach(function (e) {
          var box = shown[e.source().id()];
          e.data('exit', columns && box && e.source().data('halign') === 'right' ? box.x2 - e.source().position('x') : 0);
        });
      }
    });
    var note = document.getElementById('labels-hidden');
    note.dataset.hidden = String(hide.length);
    note.textContent = hide.length ? t('labels-hidden').replace('{n}', String(hide.length)) : '';
    return hide.length;
  }

  var zoomTimer = null;
  cy.on('zoom', function () {
    if (zoomTimer) { clearTimeout(zoomTimer); }
    zoomTimer = setTimeout(function () { zoomTimer = null; restyle(); }, 120);
  });
  cy.on('mouseover', 'node', function (evt) { evt.target.addClass('hover'); });
  cy.on('mouseout', 'node', function (evt) { evt.target.removeClass('hover'); });

  // -- Layouts --

  /* Run fn with Math.random replaced by a seeded generator (xorshift32): layouts that draw random
   * numbers (fCoSE) then give the same picture for the same page. */
  function seeded(fn) {
    var saved = Math.random;
    var s = 0x2545f491;
    Math.random = function () {
      s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
      return (s >>> 0) / 4294967296;
    };
    try { return fn(); } finally { Math.random = saved; }
  }

  function byId(a, b) { return a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0; }

  /* The size of a node with its label at zoom 1, as the layouts need it. */
  function boxes(nodes) {
    var out = {};
    nodes.forEach(function (n) {
      var b = n.boundingBox({ includeLabels: true, includeOverlays: false, includeEdges: false });
      var body = bodyBox(n);
      out[n.id()] = { w: b.w, h: b.h, body: body.w, dx: n.position('x') - (b.x1 + b.x2) / 2,
        dy: n.position('y') - (b.y1 + b.y2) / 2 };
    });
    return out;
  }

  /* Upright windows: the nodes one under another, as a list, each stepped in from the node it comes
   * from (`entries`: [node, depth, starts a new group] in order), its label to its right. */
  function outline(nodes, entries) {
    nodes.data('halign', 'right');
    nodes.data('valign', 'center');
    cy.style().update();
    var size = boxes(nodes);
    var z = cy.zoom();
    var positions = {};
    var y = 0;
    entries.forEach(function (entry, i) {
      var id = entry[0].id();
      if (i && entry[2]) { y += 10 / z; }
      positions[id] = { x: entry[1] * INDENT_PX / z + size[id].body / 2, y: y + size[id].h / 2 };
      y += size[id].h + 5 / z;
    });
    nodes.layout({ name: 'preset', positions: function (n) { return positions[n.id()]; }, fit: false,
      animate: false }).run();
  }

  /* The entries of a list of a layered graph: depth first from the nodes nothing points to (by kind
   * as the labels are, then those that lead to the most first), each node under the first that
   * points to it, siblings from the top of the layered drawing down (`at`: a node's place in it). */
  function outlineEntries(nodes, layoutEdges, at) {
    var children = {};
    var pointed = {};
    layoutEdges.forEach(function (e) {
      (children[e.source().id()] = children[e.source().id()] || []).push(e.target());
      pointed[e.target().id()] = true;
    });
    function byOrder(a, b) { return at(a).y - at(b).y || byId(a, b); }
    function byColumn(a, b) { return Math.round(at(a).x) - Math.round(at(b).x) || byOrder(a, b); }
    var entries = [];
    var seen = {};
    function visit(n, depth, first) {
      if (seen[n.id()]) { return; }
      seen[n.id()] = true;
      entries.push([n, depth, first]);
      (children[n.id()] || []).sort(byOrder).forEach(function (c) { visit(c, depth + 1, false); });
    }
    function reach(n) {  // how many nodes a root leads to
      var found = {};
      var stack = [n];
      while (stack.length) {
        var m = stack.pop();
        if (found[m.id()]) { continue; }
        found[m.id()] = true;
        stack.push.apply(stack, children[m.id()] || []);
      }
      return Object.keys(found).length;
    }
    var all = nodes.toArray().sort(byColumn);
    var roots = all.filter(function (n) { return !pointed[n.id()]; });
    var reaches = {};
    roots.forEach(function (n) { reaches[n.id()] = reach(n); });
    roots.sort(function (a, b) {
      return rank(a.data('kind')) - rank(b.data('kind')) || reaches[b.id()] - reaches[a.id()] || byColumn(a, b);
    });
    roots.forEach(function (n) { visit(n, 0, true); });
    all.forEach(function (n) { visit(n, 0, true); });  // what only a cycle reaches
    return entries;
  }

  /* Layered left to right with dagre: ranks are columns, each node's label to its right; markers of
   * one column line up at its left edge. Only `layoutEdges` rank the nodes. */
  function layered(nodes, layoutEdges) {
    nodes.data('halign', 'right');
    nodes.data('valign', 'center');
    cy.style().update();
    var size = boxes(nodes);
    var g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: 'LR', nodesep: 7, ranksep: RANK_SEP, edgesep: 4, marginx: 0, marginy: 0 });
    g.setDefaultEdgeLabel(function () { return {}; });
    nodes.sort(byId).forEach(function (n) { g.setNode(n.id(), { width: size[n.id()].w, height: size[n.id()].h }); });
    layoutEdges.sort(byId).forEach(function (e) { g.setEdge(e.source().id(), e.target().id(), {}, e.id()); });
    dagre.layout(g);
    if (upright()) {
      outline(nodes, outlineEntries(nodes, layoutEdges, function (n) { return g.node(n.id()); }));
      return;
    }
    var columns = {};
    g.nodes().forEach(function (id) {
      var p = g.node(id);
      var key = Math.round(p.x);
      columns[key] = Math.max(columns[key] || 0, p.width);
    });
    var positions = {};
    g.nodes().forEach(function (id) {
      var p = g.node(id);
      var left = p.x - columns[Math.round(p.x)] / 2;
      positions[id] = { x: left + size[id].body / 2, y: p.y };
    });
    nodes.layout({ name: 'preset', positions: function (n) { return positions[n.id()]; }, fit: false,
      animate: false }).run();
    aside(nodes, function (id) { return Math.round(g.node(id).x); });
  }

  /* Edges that do not rank the nodes can join two nodes of one column: a group of offices (drawn among
   * the offices, under the bureau that administers it) and the offices it includes. Drawn straight, such
   * an edge leaves its source where the name ends and runs up or down the column through every name
   * between its ends. Instead it goes out to the left of the column, along the gap before it, and back in
   * to its target, as a bracket; the edges of one source share their run (they read as one group), each
   * other source in the column runs a little further out. Only the route changes: the same edges, the
   * same arrows. `column` gives a node's column by id. */
  function aside(nodes, column) {
    var inView = {};
    nodes.forEach(function (n) { inView[n.id()] = true; });
    var lanes = {};  // column -> sources with an edge within it, by id
    var within = cy.edges().filter(function (e) {
      var s = e.source().id();
      var t = e.target().id();
      return inView[s] && inView[t] && s !== t && column(s) === column(t);
    }).sort(byId);
    cy.batch(function () {
      cy.edges().removeClass('aside');
      within.forEach(function (e) {
        var key = column(e.source().id());
        var list = lanes[key] = lanes[key] || [];
        if (list.indexOf(e.source().id()) < 0) { list.push(e.source().id()); }
        e.data('asideLane', list.indexOf(e.source().id()));
        e.data('asideDown', e.target().position('y') >= e.source().position('y'));
        e.addClass('aside');
      });
    });
  }

  /* How far beside the column an edge of `aside` runs, at its two corners: past the half of a marker, a
   * gap, a step per lane, kept inside the gap between columns. Cytoscape.js measures the distance square
   * to the line from source to target: for a line going down, positive is to the left of the screen. */
  function asideDistances(e) {
    var half = Math.max(NODE_PX, px(e, MIN_NODE_PX)) / 2;
    var d = Math.min(half + ASIDE_GAP + ASIDE_STEP * (e.data('asideLane') || 0), RANK_SEP - 8);
    var signed = e.data('asideDown') ? d : -d;
    return signed + ' ' + signed;
  }

  /* Coverage: the offices in a column in the middle, each with its name below it; the regions in
   * two columns either side, grouped by the first office that covers them, and those no office
   * covers at the foot; each office level with the middle of its regions. */
  function bipartite(visible) {
    var nodes = visible.nodes();
    var offices = nodes.filter(function (n) { return n.data('bipartite') === 0; }).sort(byId);
    var regions = nodes.filter(function (n) { return n.data('bipartite') !== 0; });
    offices.data('halign', 'center');
    offices.data('valign', 'bottom');
    cy.style().update();
    var size = boxes(nodes);
    var officeIndex = {};
    offices.forEach(function (o, i) { officeIndex[o.id()] = i; });
    var groups = offices.map(function () { return []; });
    var uncovered = [];
    regions.sort(function (a, b) {
      var ka = a.data('notation') || a.id();
      var kb = b.data('notation') || b.id();
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    }).forEach(function (r) {
      var first = offices.length;
      r.connectedEdges().not('.hidden').forEach(function (e) {
        var other = e.source().id() === r.id() ? e.target().id() : e.source().id();
        if (officeIndex[other] !== undefined && officeIndex[other] < first) { first = officeIndex[other]; }
      });
      if (first < offices.length) { groups[first].push(r); } else { uncovered.push(r); }
    });
    if (upright()) {  // each office followed by its regions, those no office covers at the foot
      var entries = [];
      offices.forEach(function (o, i) {
        entries.push([o, 0, true]);
        groups[i].forEach(function (r) { entries.push([r, 1, false]); });
      });
      uncovered.forEach(function (r, i) { entries.push([r, 1, i === 0]); });
      outline(nodes, entries);
      return;
    }
    var sides = { left: [], right: [] };
    var heights = { left: 0, right: 0 };
    var gap = 6;
    var groupGap = 14;
    function place(side, list) {
      if (sides[side].length) { heights[side] += groupGap; }
      list.forEach(function (r) { sides[side].push({ r: r, top: heights[side] }); heights[side] += size[r.id()].h + gap; });
    }
    groups.forEach(function (list) {
      if (list.length) { place(heights.left <= heights.right ? 'left' : 'right', list); }
    });
    if (uncovered.length) {  // split between the sides, the shorter first
      var half = Math.ceil(uncovered.length / 2);
      var first = heights.left <= heights.right ? 'left' : 'right';
      place(first, uncovered.slice(0, half));
      place(first === 'left' ? 'right' : 'left', uncovered.slice(half));
    }
    var officeWidth = 0;
    offices.forEach(function (o) { officeWidth = Math.max(officeWidth, size[o.id()].w); });
    var reach = officeWidth / 2 + 110;
    var positions = {};
    ['left', 'right'].forEach(function (side) {
      var shift = -heights[side] / 2;
      sides[side].forEach(function (item) {
        item.r.data('halign', side);
        item.r.data('valign', 'center');
        positions[item.r.id()] = { x: side === 'left' ? -reach : reach, y: shift + item.top + size[item.r.id()].h / 2 };
      });
    });
    var wanted = offices.toArray().map(function (o) {
      var ys = [];
      o.connectedEdges().not('.hidden').forEach(function (e) {
        var other = e.source().id() === o.id() ? e.target().id() : e.source().id();
        if (positions[other]) { ys.push(positions[other].y); }
      });
      var mid = ys.length ? ys.reduce(function (a, b) { return a + b; }, 0) / ys.length : 0;
      return { o: o, y: mid };
    }).sort(function (a, b) { return a.y - b.y || byId(a.o, b.o); });
    var total = wanted.reduce(function (a, item) { return a + size[item.o.id()].h + 16; }, 0);
    var floor = -total / 2;
    wanted.forEach(function (item, i) {  // in order, each below the one above, none lower than it must be
      var h = size[item.o.id()].h;
      var body = size[item.o.id()].body;
      var rest = wanted.slice(i).reduce(function (a, x) { return a + size[x.o.id()].h + 16; }, 0);
      var top = Math.min(Math.max(item.y - body / 2, floor), total / 2 - rest);
      positions[item.o.id()] = { x: 0, y: top + body / 2 };
      floor = top + h + 16;
    });
    cy.style().update();
    nodes.layout({ name: 'preset', positions: function (n) { return positions[n.id()]; }, fit: false,
      animate: false }).run();
  }

  /* The whole view: fCoSE, force-directed, each node's label to its right, with a seeded generator. */
  function forceDirected(visible) {
    var nodes = visible.nodes();
    nodes.data('halign', 'right');
    nodes.data('valign', 'center');
    cy.style().update();
    seeded(function () {
      visible.layout({ name: 'fcose', quality: 'proof', randomize: true, animate: false, fit: false,
        nodeDimensionsIncludeLabels: false, packComponents: false, samplingType: false,
        nodeRepulsion: function () { return 300000; }, idealEdgeLength: function () { return 150; },
        edgeElasticity: function () { return 0.45; }, gravity: 0.1, gravityRange: 3.8, numIter: 2500,
        tile: true, tilingPaddingVertical: 20, tilingPaddingHorizontal: 20, nodeSeparation: 90 }).run();
    });
  }

  var LAYOUT_EDGE_KINDS = { reporting: { 'unit-of': true, 'administrative': true, 'policy-guidance': true } };

  /* The edges that rank the nodes of a layered view into columns: those of the view's ranking kinds, and
   * any other edge of a node that none of those reaches. Left out, such a node went to the first column
   * whatever it is joined to: in 2005 the Wuhan ETO, under no bureau yet, stood among the governments
   * and bureaus, and the dotted edge from its group of offices ran back across the drawing, through
   * names. Ranked by that edge it stands in the column after its group, as the other offices do. */
  function rankingEdges(edges) {
    var kinds = LAYOUT_EDGE_KINDS[DATA.view];
    if (!kinds) { return edges; }
    var ranked = {};
    var ranking = edges.filter(function (e) { return kinds[e.data('kind')]; });
    ranking.forEach(function (e) { ranked[e.source().id()] = true; ranked[e.target().id()] = true; });
    return ranking.union(edges.filter(function (e) {
      return !kinds[e.data('kind')] && (!ranked[e.source().id()] || !ranked[e.target().id()]);
    }));
  }

  /* Lay out what is visible and fit it to the window (never zooming in past MAX_FIRST_ZOOM), then
   * size the labels for that zoom and hide those that would overlap. The layered and two-column
   * layouts space nodes by their labels' sizes, which are fixed on the screen: where the first
   * fit zooms out, they are laid out again with the labels measured at the new zoom, and the
   * round that hides the fewest labels is kept. In a window too small for all of them the rounds
   * would zoom out without end: they stop after a few, and a round whose picture no longer fits
   * the window at the least zoom is not kept. */
  function runLayout() {
    var visible = cy.elements().not('.hidden');
    cy.edges().toggleClass('listed', upright() && DATA.view !== 'whole');
    cy.edges().removeClass('aside');  // the layered layout marks them again where it draws columns
    var zoom = 1;
    var best = null;
    for (var round = 0; round < 6; round++) {
      cy.zoom(zoom);
      cy.style().update();
      if (DATA.view === 'coverage') {
        bipartite(visible);
      } else if (DATA.view === 'whole') {
        forceDirected(visible);
      } else {
        layered(visible.nodes(), rankingEdges(visible.edges()));
      }
      fit(visible);
      if (best && cy.zoom() <= cy.minZoom() * 1.05) { break; }
      cy.style().update();
      var hidden = cullLabels();
      if (!best || hidden < best.hidden) {
        var positions = {};
        visible.nodes().forEach(function (n) { positions[n.id()] = Object.assign({}, n.position()); });
        best = { hidden: hidden, positions: positions, zoom: cy.zoom(), pan: Object.assign({}, cy.pan()),
          halign: visible.nodes().map(function (n) { return [n.id(), n.data('halign'), n.data('valign')]; }) };
      }
      if (DATA.view === 'whole' || hidden === 0 || Math.abs(cy.zoom() - zoom) <= 0.02 * zoom) { break; }
      zoom = cy.zoom();
    }
    cy.batch(function () {
      best.halign.forEach(function (h) { cy.getElementById(h[0]).data({ halign: h[1], valign: h[2] }); });
      visible.nodes().positions(function (n) { return best.positions[n.id()]; });
    });
    cy.viewport({ zoom: best.zoom, pan: best.pan });
    if (zoomTimer) { clearTimeout(zoomTimer); zoomTimer = null; }
    restyle();
  }

  /* A phone held upright: the window is narrow and taller than wide. */
  function upright() { return cy.width() < 600 && cy.height() > cy.width(); }

  /* In an upright phone window a picture laid out for a wide one would be a thin strip with most
   * names hidden (a name keeps its size on the screen, so zooming out only makes room for fewer).
   * There the views are laid out as lists (see `outline`), fitted to the width and left to run off
   * the bottom, to be dragged up as a page is scrolled; a list shorter than the window is centred. */
  function fitUpright(visible) {
    var pad = 16;
    var bb = visible.boundingBox();
    if (!bb.w || !bb.h) { cy.fit(visible, pad); return; }
    var zoom = Math.min(MAX_UPRIGHT_ZOOM, (cy.width() - 2 * pad) / bb.w);
    if (DATA.view === 'whole') {
      // no list for the whole graph: drawn as for a small laptop's window, its middle in view
      zoom = Math.min(MAX_UPRIGHT_ZOOM, (WHOLE_UPRIGHT_PX - 2 * pad) / bb.w, (cy.height() - 2 * pad) / bb.h);
    }
    cy.zoom(zoom);
    var y = bb.h * zoom <= cy.height() - 2 * pad ? cy.height() / 2 - zoom * (bb.y1 + bb.y2) / 2 : pad - zoom * bb.y1;
    cy.pan({ x: cy.width() / 2 - zoom * (bb.x1 + bb.x2) / 2, y: y });
  }

  /* Fit what is visible to the window. The labels' size in the graph changes with the zoom, so fit
   * again until the zoom settles (a few rounds). */
  function fit(visible) {
    for (var i = 0; i < 5; i++) {
      var before = cy.zoom();
      cy.style().update();
      if (upright()) {
        fitUpright(visible);
      } else {
        cy.fit(visible, 24);
        if (cy.zoom() > MAX_FIRST_ZOOM) {
          cy.zoom(MAX_FIRST_ZOOM);
          cy.center(visible);
        }
      }
      if (Math.abs(cy.zoom() - before) <= 0.005 * before) { break; }
    }
  }

  function fitVisible() {
    fit(cy.elements().not('.hidden'));
    if (zoomTimer) { clearTimeout(zoomTimer); zoomTimer = null; }
    restyle();
  }

  // -- Controls --

  var input = document.getElementById('as-of');
  var slider = document.getElementById('as-of-slider');
  var errorBox = document.getElementById('as-of-error');
  var counts = document.getElementById('counts');

  var years = [];
  function collectYears(d) {
    ['founding_date', 'founded_not_before', 'dissolution_date', 'renamed_on', 'start_earliest',
     'end_latest'].forEach(function (k) {
      var p = parsePeriod(d[k]);
      if (p) { years.push(parseInt(p.first.slice(0, 4), 10)); }
    });
    parseDuring(d.during).forEach(function (iv) {
      iv.forEach(function (v) { var p = parsePeriod(v); if (p) { years.push(parseInt(p.first.slice(0, 4), 10)); } });
    });
    String(d.attested || '').split(/\s+/).forEach(function (v) {
      var p = parsePeriod(v);
      if (p) { years.push(parseInt(p.first.slice(0, 4), 10)); }
    });
  }
  DATA.nodes.forEach(collectYears);
  DATA.edges.forEach(collectYears);
  var minYear = years.length ? Math.min.apply(null, years) - 1 : 1997;
  var maxYear = years.length ? Math.max.apply(null, years) + 1 : 2025;
  slider.min = String(minYear);
  slider.max = String(maxYear + 1);  // the last position is the view's default: now, or all times

  function syncControls() {
    var mode = state.asOf;
    var p = mode === 'now' || mode === 'all' ? null : parsePeriod(mode);
    input.value = p ? mode : '';
    input.removeAttribute('aria-invalid');
    errorBox.textContent = '';
    slider.value = String(p ? Math.min(Math.max(parseInt(p.first.slice(0, 4), 10), minYear), maxYear) : maxYear + 1);
    document.getElementById('as-of-now').setAttribute('aria-pressed', String(mode === 'now'));
    document.getElementById('as-of-all').setAttribute('aria-pressed', String(mode === 'all'));
  }

  function updateCounts() {
    var n = cy.nodes().not('.hidden').length;
    var e = cy.edges().not('.hidden').length;
    counts.dataset.nodes = String(n);
    counts.dataset.edges = String(e);
    var when = state.asOf === 'now' ? t('now') : state.asOf === 'all' ? t('all') : state.asOf;
    counts.textContent = state.lang === 'en'
      ? t('showing') + ' ' + n + ' ' + t('nodes') + ' · ' + e + ' ' + t('edges') + ' (' + when + ')'
      : t('showing') + ' ' + n + ' ' + t('nodes') + '・' + e + ' ' + t('edges') + '（' + when + '）';
  }

  function applyAsOf(mode) {
    state.asOf = mode;
    var sets = visibleSets(mode);
    cy.batch(function () {
      [[cy.nodes(), sets.nodes], [cy.edges(), sets.edges]].forEach(function (pair) {
        pair[0].forEach(function (x) {
          var s = pair[1][x.id()];
          x.toggleClass('hidden', s === undefined);
          x.toggleClass('possibly', s === 'possibly');
          x.toggleClass('unknown', s === 'unknown');
          x.data('asOfStatus', s || '');
        });
      });
    });
    cy.elements('.hidden').unselect();
    syncControls();
    runLayout();
    updateCounts();
    if (state.selected && state.selected.hasClass('hidden')) { showHint(); } else if (state.selected) { showDetails(state.selected); }
    document.body.dataset.asOf = mode;
  }

  input.addEventListener('change', function () {
    var text = input.value.trim();
    if (!text) { applyAsOf(DATA.default_as_of); return; }
    if (text === 'now' || text === 'all') { applyAsOf(text); return; }
    if (!parseUserDate(text)) {
      input.setAttribute('aria-invalid', 'true');
      errorBox.textContent = t('invalid');
      return;
    }
    applyAsOf(text);
  });
  slider.addEventListener('input', function () {
    var y = parseInt(slider.value, 10);
    applyAsOf(y > maxYear ? DATA.default_as_of : String(y));
  });
  document.getElementById('as-of-now').addEventListener('click', function () { applyAsOf('now'); });
  document.getElementById('as-of-all').addEventListener('click', function () { applyAsOf('all'); });

  // -- Details --

  var detailsBody = document.getElementById('details-body');

  function showHint() {
    state.selected = null;
    detailsBody.replaceChildren(el('p', t('hint'), 'hint'));
  }

  function addRow(dl, term, value) {
    if (value === undefined || value === null || value === '') { return; }
    dl.appendChild(el('dt', term));
    var dd = el('dd');
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }

  function formatDuring(value) {
    return parseDuring(value).map(function (iv) {
      return (iv[0] || '…') + ' – ' + (iv[1] || '…');
    }).join('; ');
  }

  /* A day known to lie between two bounds, in words: "between a and b", "not before a", "not after b". */
  function span(a, b) {
    if (!a && !b) { return ''; }
    if (a === b) { return a; }
    var key = a && b ? 'between' : a ? 'not-before-date' : 'not-after-date';
    return t(key).replace('{a}', a || '').replace('{b}', b || '');
  }

  /* The time model's answer for the element as of the date shown, and its bounds. */
  function addTimeRows(dl, ele) {
    var d = ele.data();
    if (d.undated_kind) { return; }
    var s = state.asOf === 'all' ? ['', ''] : statusOf(d, periodOf(state.asOf));
    if (s[0]) {
      var word = s[0] === 'in force' ? t('in-force') : s[0] === 'possibly' ? t('possibly') : t('unknown');
      var why = s[1] ? t('reason.' + s[1].replace(/ /g, '-')) : '';
      addRow(dl, t('as-of-status'), why ? t('status-why').replace('{status}', word).replace('{why}', why) : word);
    }
    addRow(dl, t('starts'), span(d.start_earliest, d.start_latest));
    addRow(dl, t('ends'), span(d.end_earliest, d.end_latest));
    addRow(dl, t('last-attested'), d.last_attested);
  }

  function sourcesList(graphs) {
    var ul = el('ul');
    ul.className = 'sources';
    String(graphs || '').split(/\s+/).filter(Boolean).forEach(function (g) {
      var doc = DATA.documents[g] || { title: g, address: '', kind: 'source', identifier: '' };
      var li = el('li');
      // an editorial document's title in the script chosen; a source keeps the title it was published under
      var title = inLang(doc, 'title', state.lang) || doc.title;
      li.appendChild(doc.address ? link(doc.address, title) : el('span', title));
      if (doc.identifier) { li.appendChild(el('span', ' ' + doc.identifier)); }
      if (doc.kind === 'editorial') { li.appendChild(el('span', t('editorial-note'))); }
      li.dataset.graph = g;
      ul.appendChild(li);
    });
    if (!ul.children.length) { ul.appendChild(el('li', t('none'))); }
    return ul;
  }

  /* One connection as words that read along its arrow, with ● for the node shown:
   * "● administers → Beijing Office", "Constitutional and Mainland Affairs Bureau administers → ●". */
  function connectionText(ele, e) {
    var word = edgeKindLabel(e.data('kind'), state.lang);
    if (e.source().id() === ele.id()) {
      return '● ' + word + ' → ' + nodeLabel(e.target().data(), state.lang);
    }
    return nodeLabel(e.source().data(), state.lang) + ' ' + word + ' → ●';
  }

  function showDetails(ele) {
    state.selected = ele;
    var d = ele.data();
    var parts = [];
    var dl = el('dl');
    if (ele.isNode()) {
      parts.push(el('div', nodeLabel(d, state.lang), 'name'));
      if (!inLang(d, 'label', state.lang) && inLang(d, 'name', state.lang)) { parts.push(el('p', t('named-by'), 'named-by')); }
      addRow(dl, t('zh-hant'), d.label_zh_hant);
      addRow(dl, t('zh-hans'), d.label_zh_hans);
      addRow(dl, t('en'), d.label_en);
      addRow(dl, t('kind'), kindLabel(d.kind, state.lang));
      addRow(dl, t('notation'), d.notation);
      addRow(dl, t('iri'), link(d.id, d.id));
      addRow(dl, t('founded'), d.founding_date);
      addRow(dl, t('not-before'), d.founded_not_before);
      if (d.founding_status === 'unknown' && FOUNDED_KINDS[d.kind]) { addRow(dl, t('founded'), t('founding-unknown')); }
      addRow(dl, t('dissolved'), d.dissolution_date);
      addRow(dl, t('renamed'), d.renamed_on);
      addRow(dl, t('during'), formatDuring(d.during));
      addRow(dl, t('attested'), d.attested);
      addRow(dl, t('status'), String(d.status || '').split(/\s+/).filter(Boolean).map(function (w) {
        return t('value.' + w) === 'value.' + w ? w : t('value.' + w);
      }).join(' '));
      addTimeRows(dl, ele);
      parts.push(dl);
      parts.push(el('h3', t('sources')));
      parts.push(sourcesList(d.source));
      var conns = el('ul');
      ele.connectedEdges().not('.hidden').sort(function (a, b) { return a.id() < b.id() ? -1 : 1; })
        .forEach(function (e) { conns.appendChild(el('li', connectionText(ele, e))); });
      if (conns.children.length) { parts.push(el('h3', t('connections'))); parts.push(conns); }
    } else {
      parts.push(el('div', edgeKindLabel(d.kind, state.lang), 'name'));
      addRow(dl, t('from'), nodeLabel(ele.source().data(), state.lang));
      addRow(dl, t('to'), nodeLabel(ele.target().data(), state.lang));
      addRow(dl, t('iri'), d.predicate);
      if (d.via) { addRow(dl, t('via'), d.via); }
      addRow(dl, t('founded'), d.founding_date);
      addRow(dl, t('not-before'), d.founded_not_before);
      addRow(dl, t('during'), formatDuring(d.during));
      addRow(dl, t('attested'), d.attested);
      addTimeRows(dl, ele);
      parts.push(dl);
      parts.push(el('h3', t('sources')));
      parts.push(sourcesList(d.stated_in));
    }
    detailsBody.replaceChildren.apply(detailsBody, parts);
  }

  cy.on('tap', 'node, edge', function (evt) {
    showDetails(evt.target);
    if (evt.target.isNode()) { cullLabels(); }  // the chosen node's name is always drawn
    if (narrow()) { openSide(true); }
  });
  cy.on('tap', function (evt) { if (evt.target === cy) { showHint(); cullLabels(); } });

  // -- Side panel: beside the graph in wide windows, folded over it in narrow ones --

  var NARROW = window.matchMedia('(max-width: 1100px)');
  function narrow() { return NARROW.matches; }
  function openSide(open) {
    document.body.classList.toggle('side-open', open);
    document.getElementById('side-toggle').setAttribute('aria-expanded', String(open));
  }
  document.getElementById('side-toggle').addEventListener('click', function () {
    openSide(!document.body.classList.contains('side-open'));
  });
  document.getElementById('side-close').addEventListener('click', function () { openSide(false); });
  document.addEventListener('keydown', function (evt) { if (evt.key === 'Escape') { openSide(false); } });

  // -- Language and legend --

  var SVG = 'http://www.w3.org/2000/svg';
  function ngon(n, r, start) {
    var pts = [];
    for (var i = 0; i < n; i++) {
      var a = start + 2 * Math.PI * i / n;
      pts.push((r * Math.cos(a)).toFixed(2) + ',' + (r * Math.sin(a)).toFixed(2));
    }
    return pts.join(' ');
  }
  function star() {
    var pts = [];
    for (var i = 0; i < 10; i++) {
      var a = -Math.PI / 2 + Math.PI * i / 5;
      var r = i % 2 ? 3.2 : 7.5;
      pts.push((r * Math.cos(a)).toFixed(2) + ',' + (r * Math.sin(a)).toFixed(2));
    }
    return pts.join(' ');
  }
  var SHAPE_POINTS = {
    'diamond': '0,-7.5 7.5,0 0,7.5 -7.5,0', 'round-triangle': '0,-7 7,6 -7,6', 'hexagon': ngon(6, 7.5, 0),
    'star': star(), 'round-pentagon': ngon(5, 7.5, -Math.PI / 2), 'octagon': ngon(8, 7.5, Math.PI / 8),
    'vee': '-7,-7 0,-2.3 7,-7 0,7', 'rhomboid': '-7,-7 2.3,-7 7,7 -2.3,7', 'tag': '-7,-7 3.5,-7 7,0 3.5,7 -7,7'
  };

  /* A small picture of a node shape in a colour, drawn with DOM calls (no markup from data). */
  function shapeIcon(shape, colour) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'shape');
    svg.setAttribute('viewBox', '-8 -8 16 16');
    svg.setAttribute('aria-hidden', 'true');
    var s;
    if (SHAPE_POINTS[shape]) {
      s = document.createElementNS(SVG, 'polygon');
      s.setAttribute('points', SHAPE_POINTS[shape]);
      s.setAttribute('stroke-linejoin', 'round');
    } else if (shape === 'round-rectangle' || shape === 'barrel') {
      s = document.createElementNS(SVG, 'rect');
      s.setAttribute('x', '-7'); s.setAttribute('y', '-7'); s.setAttribute('width', '14'); s.setAttribute('height', '14');
      s.setAttribute('rx', shape === 'barrel' ? '5' : '3');
    } else {
      s = document.createElementNS(SVG, 'circle');
      s.setAttribute('r', '7');
    }
    s.setAttribute('fill', colour);
    s.setAttribute('stroke', '#333333');
    s.setAttribute('stroke-width', '1');
    svg.appendChild(s);
    return svg;
  }

  function renderLegend() {
    var list = document.getElementById('legend-kinds');
    var used = {};
    DATA.nodes.forEach(function (n) { used[n.kind] = (used[n.kind] || 0) + 1; });
    list.replaceChildren(el('li', t('node-kinds'), 'legend-title'));
    var kinds = Object.keys(DATA.kinds).filter(function (k) { return used[k]; }).sort(function (a, b) {
      return DATA.kinds[a].rank - DATA.kinds[b].rank || (a < b ? -1 : 1);
    });
    var families = Object.keys(DATA.families).filter(function (f) {
      return kinds.some(function (k) { return DATA.kinds[k].family === f; });
    });
    var grouped = families.length > 1 && kinds.length > families.length;  // a heading per family where it helps
    families.forEach(function (f) {
      var members = kinds.filter(function (k) { return DATA.kinds[k].family === f; });
      if (grouped) {
        var head = el('li', null, 'family');
        var sw = shapeIcon('round-rectangle', DATA.families[f].colour);
        head.appendChild(sw);
        head.appendChild(el('span', familyLabel(f, state.lang)));
        head.dataset.family = f;
        list.appendChild(head);
      }
      members.forEach(function (k) {
        var li = el('li', null, grouped ? 'kind' : '');
        li.appendChild(shapeIcon(DATA.kinds[k].shape, DATA.kinds[k].colour));
        li.appendChild(el('span', kindLabel(k, state.lang)));
        li.appendChild(el('span', String(used[k]), 'count'));
        li.dataset.kind = k;
        list.appendChild(li);
      });
    });
    var certainty = document.getElementById('legend-certainty');
    certainty.replaceChildren(el('li', t('certainty'), 'legend-title'));
    [['in force', t('in-force')], ['possibly', t('possibly')], ['unknown', t('unknown')]].forEach(function (c) {
      var li = el('li');
      li.appendChild(el('span', null, 'swatch certainty-' + c[0].replace(' ', '-')));
      li.appendChild(el('span', null, 'edge-sample certainty-' + c[0].replace(' ', '-')));  // edges fade alike
      li.appendChild(el('span', c[1]));
      li.dataset.certainty = c[0];
      certainty.appendChild(li);
    });
    var edges = document.getElementById('legend-edges');
    edges.replaceChildren(el('li', t('edge-kinds'), 'legend-title'));
    Object.keys(DATA.edge_kinds).forEach(function (k) {
      var li = el('li');
      var line = el('span', null, 'line');
      line.style.borderTopStyle = DATA.edge_kinds[k].style;
      line.style.borderTopColor = DATA.edge_kinds[k].colour;
      if (DATA.directed) { line.style.setProperty('--arrow', DATA.edge_kinds[k].colour); }
      li.appendChild(line);
      li.appendChild(el('span', edgeKindLabel(k, state.lang)));
      li.dataset.edgeKind = k;
      edges.appendChild(li);
    });
  }

  var ready = false;

  function setLanguage(lang) {
    if (!DATA.ui[lang]) { return; }
    state.lang = lang;
    document.documentElement.lang = lang === 'en' ? 'en' : lang === 'zh-hans' ? 'zh-Hans' : 'zh-Hant';
    document.querySelectorAll('button.lang').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
      b.title = t(b.dataset.lang);
    });
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var text = nodeLabel(n.data(), lang);
        n.data('display', text);
        n.data('labelText', breakable(text));
      });
    });
    document.getElementById('title').textContent = inLang(DATA.title, 'label', lang);
    document.getElementById('languages').setAttribute('aria-label', t('languages'));
    document.getElementById('as-of-label').textContent = t('as-of');
    document.getElementById('as-of-now').textContent = t('now');
    document.getElementById('as-of-all').textContent = t('all');
    document.getElementById('legend-heading').textContent = t('legend');
    document.getElementById('details-heading').textContent = t('details');
    document.getElementById('side-toggle').textContent = t('panel');
    document.getElementById('side-close').textContent = t('close');
    if (errorBox.textContent) { errorBox.textContent = t('invalid'); }
    renderLegend();
    updateCounts();
    if (state.selected) { showDetails(state.selected); } else { showHint(); }
    if (ready) { runLayout(); }  // names change size with the script: lay out again so none overlap
  }

  document.querySelectorAll('button.lang').forEach(function (b) {
    b.addEventListener('click', function () { setLanguage(b.dataset.lang); });
  });

  window.hkgViewer = {
    cy: cy,
    state: state,
    applyAsOf: applyAsOf,
    setLanguage: setLanguage,
    visibleSets: visibleSets,
    counts: function () {
      return { nodes: cy.nodes().not('.hidden').length, edges: cy.edges().not('.hidden').length };
    }
  };

  setLanguage(state.lang);
  applyAsOf(state.asOf);
  ready = true;
  window.addEventListener('resize', function () {
    if (zoomTimer) { clearTimeout(zoomTimer); }
    zoomTimer = setTimeout(function () { zoomTimer = null; cy.resize(); fitVisible(); }, 150);
  });
  document.body.dataset.ready = 'true';
}());
