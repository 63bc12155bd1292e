/* hkgov-graph viewer: draws one view of the graph with Cytoscape.js, filters it by date,
 * shows labels in Traditional or Simplified Chinese or English, and details with sources.
 * Data comes from the JSON block #hkg-data; it is only ever written into the page as text
 * (textContent, canvas labels), never as markup. The date rule mirrors hkgov_graph/temporal/status.py:
 * the build's time model gives every dated node and edge bounds on its first and last day
 * (docs/time-model.md), and as of a date each is in force, possibly, not in force or unknown. */
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('hkg-data').textContent);
  var FAR_FUTURE = '9999-12-31';
  var FONT = '"Noto Sans CJK TC", "Noto Sans CJK SC", "Noto Sans CJK HK", "PingFang TC", "Microsoft JhengHei", sans-serif';

  var UI = {
    'zh-hant': {
      asOf: '日期', now: '現在', all: '全部時間', nodes: '個節點', edges: '條連線', legend: '圖例', details: '詳情',
      hint: '點選節點或連線，查看詳情及來源文件。', invalid: '請以 YYYY、YYYY-MM 或 YYYY-MM-DD 輸入實際存在的日期',
      zhHant: '繁體', zhHans: '簡體', en: '英文', kind: '類別', iri: 'IRI', founded: '成立',
      notBefore: '成立不早於', foundingUnknown: '成立日期不詳', dissolved: '撤銷', renamed: '改名',
      during: '期間', attested: '見證日期', status: '狀態', notation: '代碼', sources: '來源文件',
      editorial: '編輯補充', connections: '連線', via: '經', from: '由', to: '至', showing: '顯示',
      nodeKinds: '節點類別', edgeKinds: '連線類別', open: '開放', none: '（無）',
      certainty: '確定程度', inForce: '運作中', possibly: '可能運作中', unknown: '日期不詳',
      asOfStatus: '按日期狀態', reason: '原因', starts: '開始', ends: '結束', lastAttested: '最後見證',
      between: '至', reasons: { 'not yet begun': '尚未開始', 'ended': '已結束', 'proposed': '建議中',
        'beginning not dated': '開始日期不詳', 'beginning uncertain': '開始日期不確定',
        'end uncertain': '結束日期不確定', 'after last attestation': '最後見證之後', 'end not dated': '結束日期不詳' }
    },
    'zh-hans': {
      asOf: '日期', now: '现在', all: '全部时间', nodes: '个节点', edges: '条连线', legend: '图例', details: '详情',
      hint: '点选节点或连线，查看详情及来源文件。', invalid: '请以 YYYY、YYYY-MM 或 YYYY-MM-DD 输入实际存在的日期',
      zhHant: '繁体', zhHans: '简体', en: '英文', kind: '类别', iri: 'IRI', founded: '成立',
      notBefore: '成立不早于', foundingUnknown: '成立日期不详', dissolved: '撤销', renamed: '改名',
      during: '期间', attested: '见证日期', status: '状态', notation: '代码', sources: '来源文件',
      editorial: '编辑补充', connections: '连线', via: '经', from: '由', to: '至', showing: '显示',
      nodeKinds: '节点类别', edgeKinds: '连线类别', open: '开放', none: '（无）',
      certainty: '确定程度', inForce: '运作中', possibly: '可能运作中', unknown: '日期不详',
      asOfStatus: '按日期状态', reason: '原因', starts: '开始', ends: '结束', lastAttested: '最后见证',
      between: '至', reasons: { 'not yet begun': '尚未开始', 'ended': '已结束', 'proposed': '建议中',
        'beginning not dated': '开始日期不详', 'beginning uncertain': '开始日期不确定',
        'end uncertain': '结束日期不确定', 'after last attestation': '最后见证之后', 'end not dated': '结束日期不详' }
    },
    en: {
      asOf: 'As of', now: 'Now', all: 'All times', nodes: 'nodes', edges: 'edges', legend: 'Legend',
      details: 'Details', hint: 'Click a node or an edge for its details and source documents.',
      invalid: 'Write a real date as YYYY, YYYY-MM or YYYY-MM-DD', zhHant: 'Traditional', zhHans: 'Simplified',
      en: 'English', kind: 'Kind', iri: 'IRI', founded: 'Founded', notBefore: 'Founded not before',
      foundingUnknown: 'Founding date unknown', dissolved: 'Dissolved', renamed: 'Renamed', during: 'During',
      attested: 'Attested on', status: 'Status', notation: 'Code', sources: 'Source documents',
      editorial: 'editorial', connections: 'Connections', via: 'via', from: 'from', to: 'to', showing: 'Showing',
      nodeKinds: 'Kinds of node', edgeKinds: 'Kinds of edge', open: 'open', none: '(none)',
      certainty: 'How sure, as of the date', inForce: 'in force', possibly: 'possibly in force',
      unknown: 'date unknown', asOfStatus: 'As of the date', reason: 'Why', starts: 'Began',
      ends: 'Ended', lastAttested: 'Last attested', between: 'to', reasons: {}
    }
  };

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

  // -- Labels --

  function nodeLabel(d, lang) {
    if (lang === 'en') { return d.label_en || d.label_zh_hant || d.label_zh_hans || d.label || d.id; }
    if (lang === 'zh-hans') { return d.label_zh_hans || d.label_zh_hant || d.label_en || d.label || d.id; }
    return d.label_zh_hant || d.label_zh_hans || d.label_en || d.label || d.id;
  }

  function kindLabel(kind, lang) {
    var k = DATA.kinds[kind] || {};
    return lang === 'en' ? (k.label_en || kind) : (k.label_zh_hant || k.label_en || kind);
  }

  function edgeKindLabel(kind, lang) {
    var k = DATA.edge_kinds[kind] || {};
    return lang === 'en' ? (k.label_en || kind) : (k.label_zh_hant || k.label_en || kind);
  }

  function t(key) { return UI[state.lang][key]; }

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

  var cy = cytoscape({
    container: document.getElementById('cy'),
    elements: {
      nodes: DATA.nodes.map(function (n) {
        var data = Object.assign({}, n);
        data.colour = (DATA.kinds[n.kind] || {}).colour || '#999999';
        data.display = nodeLabel(n, state.lang);
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
        'background-color': 'data(colour)', 'label': 'data(display)', 'font-family': FONT, 'font-size': 11,
        'text-wrap': 'wrap', 'text-max-width': 150, 'text-valign': 'center', 'text-halign': 'right',
        'text-margin-x': 4,
        'width': 18, 'height': 18, 'border-width': 1, 'border-color': '#555555', 'border-opacity': 0.6, 'color': '#222222',
        'text-background-color': '#ffffff', 'text-background-opacity': 0.75, 'text-background-padding': 1 } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#000000' } },
      { selector: 'edge', style: {
        'width': 1.6, 'curve-style': 'bezier', 'line-color': 'data(colour)', 'line-style': 'data(lineStyle)',
        'target-arrow-color': 'data(colour)', 'target-arrow-shape': DATA.directed ? 'triangle' : 'none',
        'arrow-scale': 0.8, 'opacity': 0.85 } },
      { selector: 'edge:selected', style: { 'width': 4, 'opacity': 1 } },
      // how sure, as of the date: possibly in force is faded with a dashed outline, unknown more so, dotted
      { selector: 'node.possibly', style: { 'background-opacity': 0.45, 'border-style': 'dashed', 'border-width': 2,
        'border-opacity': 1 } },
      { selector: 'node.unknown', style: { 'background-opacity': 0.15, 'border-style': 'dotted', 'border-width': 2,
        'border-opacity': 1 } },
      { selector: 'edge.possibly', style: { 'opacity': 0.45 } },
      { selector: 'edge.unknown', style: { 'opacity': 0.2 } },
      { selector: '.hidden', style: { 'display': 'none' } }
    ],
    minZoom: 0.05,
    maxZoom: 4
  });

  var LAYOUT_EDGE_KINDS = { reporting: { 'unit-of': true, 'administrative': true, 'in-group': true } };

  function layoutCoverage(visible) {
    var offices = visible.nodes().filter(function (n) { return n.data('bipartite') === 0; })
      .sort(function (a, b) { return a.id() < b.id() ? -1 : 1; });
    var regions = visible.nodes().filter(function (n) { return n.data('bipartite') !== 0; });
    var officeIndex = {};
    offices.forEach(function (o, i) { officeIndex[o.id()] = i; });
    function rank(r) {
      var best = offices.length;
      r.connectedEdges().not('.hidden').forEach(function (e) {
        var other = e.source().id() === r.id() ? e.target().id() : e.source().id();
        if (officeIndex[other] !== undefined && officeIndex[other] < best) { best = officeIndex[other]; }
      });
      return best;
    }
    var ordered = regions.toArray().map(function (r) { return [rank(r), r.data('notation') || r.id(), r]; })
      .sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    var positions = {};
    var outer = Math.max(300, ordered.length * 13);
    var inner = outer * 0.42;
    var sums = {};
    ordered.forEach(function (item, i) {
      var a = 2 * Math.PI * i / Math.max(ordered.length, 1) - Math.PI / 2;
      positions[item[2].id()] = { x: outer * Math.cos(a), y: outer * Math.sin(a) };
      item[2].connectedEdges().not('.hidden').forEach(function (e) {
        var o = e.source().id() === item[2].id() ? e.target().id() : e.source().id();
        if (officeIndex[o] === undefined) { return; }
        sums[o] = sums[o] || { x: 0, y: 0 };
        sums[o].x += Math.cos(a);
        sums[o].y += Math.sin(a);
      });
    });
    offices.forEach(function (o, i) {  // each office towards the regions it covers
      var s = sums[o.id()];
      var a = s && (s.x || s.y) ? Math.atan2(s.y, s.x) : 2 * Math.PI * i / Math.max(offices.length, 1);
      positions[o.id()] = { x: inner * Math.cos(a), y: inner * Math.sin(a) };
    });
    return { name: 'preset', positions: function (n) { return positions[n.id()] || { x: 0, y: 0 }; },
      animate: false, fit: false };
  }

  /* The number of levels below the roots (for the width of a left-to-right tree). */
  function depthOf(eles, roots) {
    var depth = 0;
    eles.breadthFirstSearch({ roots: roots, directed: true, visit: function (v, e, u, i, d) {
      if (d > depth) { depth = d; }
    } });
    return depth;
  }

  function runLayout() {
    var visible = cy.elements().not('.hidden');
    var options;
    if (DATA.view === 'coverage') {
      options = layoutCoverage(visible);
    } else if (DATA.view === 'whole') {
      options = { name: 'cose', animate: false, randomize: true, nodeRepulsion: function () { return 20000; },
        idealEdgeLength: function () { return 70; }, gravity: 0.6, componentSpacing: 60, numIter: 1500,
        fit: false };
    } else {
      var kinds = LAYOUT_EDGE_KINDS[DATA.view];
      var layoutEdges = visible.edges().filter(function (e) { return !kinds || kinds[e.data('kind')]; });
      var eles = visible.nodes().union(layoutEdges);
      var roots = visible.nodes().filter(function (n) {
        return n.incomers('edge').intersection(layoutEdges).length === 0;
      });
      options = { name: 'breadthfirst', directed: true, direction: 'rightward', roots: roots, spacingFactor: 1,
        avoidOverlap: true, animate: false, fit: false, nodeDimensionsIncludeLabels: false,
        boundingBox: { x1: 0, y1: 0, w: 260 * (1 + depthOf(eles, roots)), h: Math.max(400, 26 * eles.nodes().length) } };
      eles.layout(options).run();
      cy.fit(visible, 30);
      return;
    }
    visible.layout(options).run();
    cy.fit(visible, 30);
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

  function span(a, b) {
    if (!a && !b) { return ''; }
    return a === b ? a : (a || '…') + ' ' + t('between') + ' ' + (b || '…');
  }

  /* The time model's answer for the element as of the date shown, and its bounds. */
  function addTimeRows(dl, ele) {
    var d = ele.data();
    if (d.undated_kind) { return; }
    var s = state.asOf === 'all' ? ['', ''] : statusOf(d, periodOf(state.asOf));
    if (s[0]) {
      var word = s[0] === 'in force' ? t('inForce') : s[0] === 'possibly' ? t('possibly') : t('unknown');
      var why = s[1] ? (UI[state.lang].reasons[s[1]] || s[1]) : '';
      addRow(dl, t('asOfStatus'), why ? word + ' (' + why + ')' : word);
    }
    addRow(dl, t('starts'), span(d.start_earliest, d.start_latest));
    addRow(dl, t('ends'), span(d.end_earliest, d.end_latest));
    addRow(dl, t('lastAttested'), d.last_attested);
  }

  function sourcesList(graphs) {
    var ul = el('ul');
    ul.className = 'sources';
    String(graphs || '').split(/\s+/).filter(Boolean).forEach(function (g) {
      var doc = DATA.documents[g] || { title: g, address: '', kind: 'source', identifier: '' };
      var li = el('li');
      li.appendChild(doc.address ? link(doc.address, doc.title) : el('span', doc.title));
      if (doc.identifier) { li.appendChild(el('span', ' ' + doc.identifier)); }
      if (doc.kind === 'editorial') { li.appendChild(el('span', ' (' + t('editorial') + ')')); }
      li.dataset.graph = g;
      ul.appendChild(li);
    });
    if (!ul.children.length) { ul.appendChild(el('li', t('none'))); }
    return ul;
  }

  function showDetails(ele) {
    state.selected = ele;
    var d = ele.data();
    var parts = [];
    var dl = el('dl');
    if (ele.isNode()) {
      parts.push(el('div', nodeLabel(d, state.lang), 'name'));
      addRow(dl, t('zhHant'), d.label_zh_hant);
      addRow(dl, t('zhHans'), d.label_zh_hans);
      addRow(dl, t('en'), d.label_en);
      addRow(dl, t('kind'), kindLabel(d.kind, state.lang));
      addRow(dl, t('notation'), d.notation);
      addRow(dl, t('iri'), link(d.id, d.id));
      addRow(dl, t('founded'), d.founding_date);
      addRow(dl, t('notBefore'), d.founded_not_before);
      if (d.founding_status === 'unknown' && (d.kind !== 'Resource')) { addRow(dl, t('founded'), t('foundingUnknown')); }
      addRow(dl, t('dissolved'), d.dissolution_date);
      addRow(dl, t('renamed'), d.renamed_on);
      addRow(dl, t('during'), formatDuring(d.during));
      addRow(dl, t('attested'), d.attested);
      addRow(dl, t('status'), d.status);
      addTimeRows(dl, ele);
      parts.push(dl);
      parts.push(el('h3', t('sources')));
      parts.push(sourcesList(d.source));
      var conns = el('ul');
      ele.connectedEdges().not('.hidden').sort(function (a, b) { return a.id() < b.id() ? -1 : 1; })
        .forEach(function (e) {
          var outgoing = e.source().id() === ele.id();
          var other = outgoing ? e.target() : e.source();
          conns.appendChild(el('li', edgeKindLabel(e.data('kind'), state.lang) + (outgoing ? ' → ' : ' ← ')
            + nodeLabel(other.data(), state.lang)));
        });
      if (conns.children.length) { parts.push(el('h3', t('connections'))); parts.push(conns); }
    } else {
      parts.push(el('div', edgeKindLabel(d.kind, state.lang), 'name'));
      addRow(dl, t('from'), nodeLabel(ele.source().data(), state.lang));
      addRow(dl, t('to'), nodeLabel(ele.target().data(), state.lang));
      addRow(dl, t('iri'), d.predicate);
      if (d.via) { addRow(dl, t('via'), d.via); }
      addRow(dl, t('founded'), d.founding_date);
      addRow(dl, t('notBefore'), d.founded_not_before);
      addRow(dl, t('during'), formatDuring(d.during));
      addRow(dl, t('attested'), d.attested);
      addTimeRows(dl, ele);
      parts.push(dl);
      parts.push(el('h3', t('sources')));
      parts.push(sourcesList(d.stated_in));
    }
    detailsBody.replaceChildren.apply(detailsBody, parts);
  }

  cy.on('tap', 'node, edge', function (evt) { showDetails(evt.target); });
  cy.on('tap', function (evt) { if (evt.target === cy) { showHint(); } });

  // -- Language and legend --

  function renderLegend() {
    var kinds = document.getElementById('legend-kinds');
    var used = {};
    DATA.nodes.forEach(function (n) { used[n.kind] = true; });
    kinds.replaceChildren(el('li', t('nodeKinds'), 'legend-title'));
    Object.keys(DATA.kinds).forEach(function (k) {
      if (!used[k]) { return; }
      var li = el('li');
      var sw = el('span', null, 'swatch');
      sw.style.background = DATA.kinds[k].colour;
      li.appendChild(sw);
      li.appendChild(el('span', kindLabel(k, state.lang)));
      li.dataset.kind = k;
      kinds.appendChild(li);
    });
    var certainty = document.getElementById('legend-certainty');
    certainty.replaceChildren(el('li', t('certainty'), 'legend-title'));
    [['in force', t('inForce')], ['possibly', t('possibly')], ['unknown', t('unknown')]].forEach(function (c) {
      var li = el('li');
      li.appendChild(el('span', null, 'swatch certainty-' + c[0].replace(' ', '-')));
      li.appendChild(el('span', c[1]));
      li.dataset.certainty = c[0];
      certainty.appendChild(li);
    });
    var edges = document.getElementById('legend-edges');
    edges.replaceChildren(el('li', t('edgeKinds'), 'legend-title'));
    Object.keys(DATA.edge_kinds).forEach(function (k) {
      var li = el('li');
      var line = el('span', null, 'line');
      line.style.borderTopStyle = DATA.edge_kinds[k].style;
      line.style.borderTopColor = DATA.edge_kinds[k].colour;
      li.appendChild(line);
      li.appendChild(el('span', edgeKindLabel(k, state.lang)));
      edges.appendChild(li);
    });
  }

  function setLanguage(lang) {
    if (!UI[lang]) { return; }
    state.lang = lang;
    document.documentElement.lang = lang === 'en' ? 'en' : lang === 'zh-hans' ? 'zh-Hans' : 'zh-Hant';
    document.querySelectorAll('button.lang').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
    });
    cy.batch(function () {
      cy.nodes().forEach(function (n) { n.data('display', nodeLabel(n.data(), lang)); });
    });
    document.getElementById('title').textContent = lang === 'en' ? DATA.title_en : DATA.title_zh_hant;
    document.getElementById('as-of-label').textContent = t('asOf');
    document.getElementById('as-of-now').textContent = t('now');
    document.getElementById('as-of-all').textContent = t('all');
    document.getElementById('legend-heading').textContent = t('legend');
    document.getElementById('details-heading').textContent = t('details');
    if (errorBox.textContent) { errorBox.textContent = t('invalid'); }
    renderLegend();
    updateCounts();
    if (state.selected) { showDetails(state.selected); } else { showHint(); }
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
  document.body.dataset.ready = 'true';
}());
