/* kg: interactive view of a knowledge graph (vis-network). Text only ever goes in through
   textContent, never innerHTML, so document text cannot inject markup or script. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var status = document.getElementById("kg-status");
  var container = document.getElementById("kg-network");
  var classes = {};
  data.classes.forEach(function (c) { classes[c.key] = c; });
  var ENGLISH_TYPES = {};
  data.classes.forEach(function (c) { ENGLISH_TYPES[c.key] = c.arabic; });

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (attrs) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }
    return node;
  }
  function arabic(tag, text) { return el(tag, text, { lang: "ar", dir: "rtl" }); }
  function row(parent, name, value) {
    if (!value) { return; }
    var line = arabic("div");
    line.className = "kg-row";
    line.appendChild(el("span", name + ": ", { "class": "kg-key" }));
    line.appendChild(el("bdi", value));
    parent.appendChild(line);
  }
  function formatValue(info) {
    if (!info.value) { return ""; }
    var number = Number(info.value);
    var shown = isFinite(number) ? number.toLocaleString("en-US") : info.value;
    return shown + (info.currency ? " " + info.currency : "");
  }
  function dates(info) {
    if (info.start && info.end && info.start !== info.end) { return info.start + " – " + info.end; }
    return info.start || info.end || "";
  }
  function evidenceList(items, total, limit) {
    var box = arabic("div");
    box.className = "kg-evidence";
    box.appendChild(el("div", "الأدلة" + (total > items.length ? " (" + items.length + " من " + total + ")" : ""),
      { "class": "kg-key" }));
    var list = arabic("ul");
    items.slice(0, limit).forEach(function (item) {
      var li = arabic("li");
      if (typeof item === "string") {
        li.appendChild(el("q", item, { lang: "ar", dir: "rtl" }));
      } else {
        li.appendChild(el("q", item.text, { lang: "ar", dir: "rtl" }));
        var meta = [item.role, item.document].filter(Boolean).join(" · ");
        if (meta) { li.appendChild(el("small", " — " + meta)); }
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }
  function describeNode(node, limit) {
    var info = node.info || {};
    var box = arabic("div");
    box.className = "kg-card";
    box.appendChild(el("strong", node.label, { lang: "ar", dir: "rtl", "class": "kg-card-title" }));
    var kind = classes[info.type];
    row(box, "النوع", (kind ? kind.arabic + " (" + kind.key + ")" : info.type) +
      (info.classes && info.classes.length > 1 ? " · " + info.classes.join("، ") : ""));
    row(box, "المنصب", (info.roles || []).join("، "));
    row(box, "التاريخ", dates(info));
    row(box, "القيمة", formatValue(info));
    row(box, "أسماء أخرى", (info.alt || []).join("، "));
    row(box, "المصادر", (info.documents || []).join("، "));
    if (info.evidence) { box.appendChild(evidenceList(info.evidence, info.evidenceTotal, limit)); }
    return box;
  }
  function describeEdge(edge, limit) {
    var info = edge.info || {};
    var box = arabic("div");
    box.className = "kg-card";
    var head = el("strong", null, { lang: "ar", dir: "rtl", "class": "kg-card-title" });
    head.appendChild(el("bdi", labels[edge.from] || edge.from));
    head.appendChild(document.createTextNode(" ← " + (data.relations[info.relation] || "") + " ← "));
    head.appendChild(el("bdi", labels[edge.to] || edge.to));
    box.appendChild(head);
    row(box, "العلاقة", info.relation);
    if (info.evidence && info.evidence.length) {
      box.appendChild(evidenceList(info.evidence, info.evidenceTotal, limit));
    }
    return box;
  }

  function wrap(text, width) {
    // Long names (agreements, events) break between words onto several lines.
    var lines = [];
    var line = "";
    String(text).split(" ").forEach(function (word) {
      if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.join("\n");
  }

  var labels = {};
  data.nodes.forEach(function (n) { labels[n.id] = n.label; });
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = { id: n.id, label: wrap(n.label, 28), group: n.group, value: n.value, title: describeNode(n, 5) };
    if (n.borderWidth) { item.borderWidth = n.borderWidth; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = { id: e.id, from: e.from, to: e.to, label: e.label, arrows: e.arrows, title: describeEdge(e, 5) };
    if (e.smooth) { item.smooth = e.smooth; }
    return item;
  }));
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  var options = data.options;
  options.groups = {};
  data.classes.forEach(function (c) {
    options.groups[c.key] = {
      shape: c.shape,
      color: { background: c.color, border: "#ffffff", highlight: { background: c.color, border: "#202124" },
               hover: { background: c.color, border: "#202124" } },
    };
  });

  var summary = document.getElementById("kg-summary");
  summary.textContent = data.nodes.length + " كيان · " + data.edges.length + " علاقة";

  // ---- legend and filter by type
  var hiddenKinds = {};
  var legend = document.getElementById("kg-legend-list");
  var SVG = "http://www.w3.org/2000/svg";
  function swatch(c) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    var shape;
    if (c.shape === "dot") {
      shape = document.createElementNS(SVG, "circle");
      shape.setAttribute("cx", "10"); shape.setAttribute("cy", "10"); shape.setAttribute("r", "8");
    } else {
      var points = { square: "2,2 18,2 18,18 2,18", diamond: "10,1 19,10 10,19 1,10",
                     triangle: "10,2 19,18 1,18", hexagon: "5,2 15,2 19,10 15,18 5,18 1,10" }[c.shape];
      shape = document.createElementNS(SVG, "polygon");
      shape.setAttribute("points", points || "2,2 18,2 18,18 2,18");
    }
    shape.setAttribute("fill", c.color);
    svg.appendChild(shape);
    return svg;
  }
  data.classes.forEach(function (c) {
    var li = el("li");
    var label = el("label");
    var box = el("input", null, { type: "checkbox" });
    box.checked = true;
    box.disabled = c.count === 0;
    box.addEventListener("change", function () {
      hiddenKinds[c.key] = !box.checked;
      var updates = [];
      data.nodes.forEach(function (n) {
        if (n.group === c.key) { updates.push({ id: n.id, hidden: !box.checked }); }
      });
      nodes.update(updates);
    });
    label.appendChild(box);
    label.appendChild(swatch(c));
    label.appendChild(arabic("span", c.arabic));
    label.appendChild(el("span", c.key, { lang: "en", dir: "ltr", "class": "kg-en" }));
    label.appendChild(el("span", String(c.count), { "class": "kg-count" }));
    li.appendChild(label);
    legend.appendChild(li);
  });
  var used = {};
  data.edges.forEach(function (e) { used[e.label] = true; });
  var relationList = el("dl", null, { id: "kg-relations" });
  Object.keys(data.relations).forEach(function (name) {
    if (!used[name]) { return; }
    relationList.appendChild(arabic("dt", data.relations[name]));
    relationList.appendChild(el("dd", name, { lang: "en", dir: "ltr" }));
  });
  if (relationList.children.length) {
    document.getElementById("kg-legend").appendChild(relationList);
  }

  // ---- search by name (the same folding as kg.normalize.normalize_name, case-folded)
  var DIACRITICS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  var PUNCTUATION = /["'\u00ab\u00bb\u201c\u201d\u201e\u2018\u2019()\[\]{}<>\u060c,\u061b;:.!?\u061f\-\u2013\u2014_\/\\|*#]+/g;
  var LETTERS = { "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
                  "\u0649": "\u064a", "\u0629": "\u0647" };
  function fold(text) {
    return String(text).normalize("NFKC").replace(DIACRITICS, "")
      .replace(/[\u0623\u0625\u0622\u0671\u0649\u0629]/g, function (ch) { return LETTERS[ch]; })
      .replace(/[\u0660-\u0669]/g, function (ch) { return String(ch.charCodeAt(0) - 0x660); })
      .replace(/[\u06f0-\u06f9]/g, function (ch) { return String(ch.charCodeAt(0) - 0x6f0); })
      .replace(PUNCTUATION, " ").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }
  var index = data.nodes.map(function (n) {
    return { id: n.id, names: [n.label].concat((n.info && n.info.alt) || []).map(fold) };
  });
  var names = document.getElementById("kg-names");
  var seenNames = {};
  data.nodes.forEach(function (n) {
    if (seenNames[n.label]) { return; }
    seenNames[n.label] = true;
    names.appendChild(el("option", n.label));
  });
  var result = document.getElementById("kg-search-result");
  function search(query) {
    var wanted = fold(query);
    if (!wanted) { result.textContent = ""; network.unselectAll(); return; }
    var hits = index.filter(function (e) { return e.names.indexOf(wanted) >= 0; });
    if (!hits.length) {
      hits = index.filter(function (e) { return e.names.some(function (n) { return n.indexOf(wanted) >= 0; }); });
    }
    hits = hits.filter(function (e) { return !hiddenKinds[byId[e.id].group]; });
    var ids = hits.map(function (e) { return e.id; });
    result.textContent = ids.length ? ids.length + " نتيجة" : "لا نتائج";
    if (!ids.length) { network.unselectAll(); return; }
    ids = ids.filter(function (id) { return network.findNode(id).length === 1; });
    network.selectNodes(ids);
    if (ids.length) {
      network.focus(ids[0], { scale: 1.2, animation: { duration: 400 } });
      showDetails(describeNode(byId[ids[0]], 50));
    }
  }
  document.getElementById("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    search(document.getElementById("kg-search-input").value);
  });
  document.getElementById("kg-search-input").addEventListener("change", function (event) {
    search(event.target.value);
  });

  // ---- details panel
  var details = document.getElementById("kg-details-body");
  function showDetails(card) {
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(card);
  }

  // ---- the network
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.kgNetwork = network;
  var progress = document.getElementById("kg-progress");
  var ready = false;
  function markReady() {
    if (ready) { return; }
    ready = true;
    network.setOptions({ physics: { enabled: false } });
    network.fit();
    network.moveTo({ scale: network.getScale() * 0.9 });
    document.getElementById("kg-loading").hidden = true;
    status.setAttribute("data-nodes", String(network.body.nodeIndices.length));
    status.setAttribute("data-edges", String(network.body.edgeIndices.length));
    status.setAttribute("data-ms", String(Math.round(performance.now())));
    status.setAttribute("data-state", "ready");
    document.body.setAttribute("data-kg-ready", "1");
    console.log("kg-ready nodes=" + network.body.nodeIndices.length);
  }
  network.on("stabilizationProgress", function (p) {
    progress.textContent = Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", markReady);
  network.once("stabilized", markReady);
  if (data.nodes.length === 0) { markReady(); }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (network.isCluster(id)) { return; }
      showDetails(describeNode(byId[id], 50));
    } else if (params.edges.length && edgeById[params.edges[0]]) {
      showDetails(describeEdge(edgeById[params.edges[0]], 50));
    }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && network.isCluster(params.nodes[0])) { clusterButton.click(); }
  });

  document.getElementById("kg-fit").addEventListener("click", function () { network.fit(); });
  var physicsOn = false;
  var physicsButton = document.getElementById("kg-physics");
  physicsButton.addEventListener("click", function () {
    physicsOn = !physicsOn;
    network.setOptions({ physics: { enabled: physicsOn, stabilization: { enabled: false } } });
    physicsButton.textContent = physicsOn ? "إيقاف الحركة" : "تشغيل الحركة";
  });
  var clustered = false;
  var beforeClustering = null;
  var clusterButton = document.getElementById("kg-cluster");
  clusterButton.addEventListener("click", function () {
    network.unselectAll();
    if (!clustered) {
      beforeClustering = network.getPositions();
      data.classes.forEach(function (c) {
        if (!c.count || hiddenKinds[c.key]) { return; }
        network.cluster({
          joinCondition: function (n) { return n.group === c.key; },
          clusterNodeProperties: {
            id: "kg-cluster-" + c.key, label: c.arabic + " (" + c.count + ")", shape: c.shape,
            color: c.color, value: c.count, font: { size: 22 },
          },
        });
      });
    } else {
      // openCluster on clusters joined by edges trips vis-network ("Node does not exist"):
      // reload the data instead, with every node back where it was.
      nodes.update(Object.keys(beforeClustering).map(function (id) {
        return { id: id, x: beforeClustering[id].x, y: beforeClustering[id].y };
      }));
      network.setData({ nodes: nodes, edges: edges });
      network.setOptions({ physics: { enabled: physicsOn } });
    }
    clustered = !clustered;
    clusterButton.textContent = clustered ? "فك التجميع" : "تجميع حسب النوع";
  });
})();
