// The report page: a sortable case table, and NiiVue showing the chosen case's image with the truth and every model's
// mask as overlays. Every text comes from report-data.js and reaches the page through textContent, never as markup,
// so a case or model name cannot inject anything.
"use strict";
(function () {
  const report = window.nativesegReport;
  const body = document.body;
  const $ = id => document.getElementById(id);
  // Overlay colours: NiiVue colour map names with the CSS colour of their top end (for the legend).
  const truthColour = { map: "green", css: "#00c000" };
  const modelColours = [{ map: "red", css: "#ff0000" }, { map: "blue", css: "#0060ff" }, { map: "violet", css: "#c000ff" },
    { map: "warm", css: "#ffb000" }, { map: "cool", css: "#00e0e0" }];
  const layers = [{ name: "truth", colour: truthColour, on: true }]
    .concat(report.models.map((m, i) => ({ name: m, colour: modelColours[i % modelColours.length], on: i === 0 })));
  const planes = [["all planes", null], ["axial", 0], ["coronal", 1], ["sagittal", 2]];
  let nv = null, viewerProblem = report.viewerProblem, shown = -1, request = 0, slice = null;

  function text(tag, value, cls) {
    const e = document.createElement(tag);
    e.textContent = value;
    if (cls) e.className = cls;
    return e;
  }
  function format(v, digits) { return v === null || v === undefined ? "" : Number(v).toFixed(digits); }

  document.title = report.title;
  $("title").textContent = report.title;
  $("summary").textContent = `${report.cases.length} case(s), models: ${report.models.join(", ")}. ` +
    `Truth green; ${layers.slice(1).map(l => `${l.name} ${l.colour.map}`).join(", ")}. ${report.generatedBy}`;
  $("boxplot").src = report.boxPlot;

  // ---- the case table ----
  const columns = [
    { title: "case", value: c => c.name, text: c => c.name },
    { title: "group", value: c => c.group, text: c => c.group },
    { title: "plane", value: c => c.plane, text: c => c.plane },
    { title: "spacing (mm)", value: c => c.spacing[0] * c.spacing[1] * c.spacing[2], text: c => c.spacing.map(s => format(s, 2)).join(" x ") },
    { title: "truth lesions", value: c => c.truthLesions, text: c => String(c.truthLesions) },
    { title: "truth mL", value: c => c.truthVolumeMl, text: c => format(c.truthVolumeMl, 2) },
  ];
  report.models.forEach((m, i) => {
    columns.push({ title: `${m} Dice`, value: c => c.models[i].dice, text: c => format(c.models[i].dice, 3) });
    columns.push({ title: `${m} lesions`, value: c => c.models[i].lesions, text: c => String(c.models[i].lesions) });
    columns.push({ title: `${m} mL`, value: c => c.models[i].volumeMl, text: c => format(c.models[i].volumeMl, 2) });
  });
  let order = report.cases.map((_, i) => i), sortedBy = -1, ascending = true;
  const headRow = document.createElement("tr");
  columns.forEach((col, k) => {
    const th = text("th", col.title);
    th.addEventListener("click", () => sortBy(k));
    headRow.appendChild(th);
  });
  $("cases").tHead.appendChild(headRow);
  function sortBy(k) {
    ascending = sortedBy === k ? !ascending : true;
    sortedBy = k;
    const key = columns[k].value;
    order.sort((a, b) => {
      const x = key(report.cases[a]), y = key(report.cases[b]);
      const c = typeof x === "string" ? x.localeCompare(y) : (x ?? -Infinity) - (y ?? -Infinity);
      return ascending ? c : -c;
    });
    fillTable();
  }
  function fillTable() {
    const tbody = $("cases").tBodies[0];
    tbody.replaceChildren();
    for (const i of order) {
      const c = report.cases[i];
      const tr = document.createElement("tr");
      tr.dataset.case = String(i);
      if (i === shown) tr.className = "selected";
      columns.forEach(col => tr.appendChild(text("td", col.text(c))));
      tr.addEventListener("click", () => showCase(i));
      tbody.appendChild(tr);
    }
  }

  // ---- the viewer ----
  function planeButtons() {
    for (const [name, type] of planes) {
      const b = text("button", name);
      b.type = "button";
      b.dataset.plane = name;
      b.addEventListener("click", () => { slice = type; applyPlane(); });
      $("planes").appendChild(b);
    }
  }
  function applyPlane() {
    for (const b of $("planes").children) b.classList.toggle("active", (planes.find(p => p[0] === b.dataset.plane)[1]) === slice);
    if (nv) nv.setSliceType(slice === null ? nv.sliceTypeMultiplanar : slice);
  }
  function layerToggles() {
    layers.forEach((layer, k) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = layer.on;
      box.dataset.layer = String(k);
      box.addEventListener("change", () => { layer.on = box.checked; applyLayers(); });
      const swatch = text("span", "", "swatch");
      swatch.style.background = layer.colour.css;
      label.append(box, swatch, document.createTextNode(layer.name));
      $("layers").appendChild(label);
    });
  }
  function applyLayers() {
    if (!nv || nv.volumes.length !== layers.length + 1) return;
    layers.forEach((layer, k) => nv.setOpacity(k + 1, layer.on ? 0.6 : 0));
  }

  function bytes(base64) {
    const s = atob(base64), b = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b.buffer;
  }

  // A case script calls this with the case's NIfTI files as base64 (see cases/case-N.js).
  window.nativesegCase = async function (index, files) {
    if (index !== shown) return;
    const mine = request;
    try {
      const image = await niivue.NVImage.new(bytes(files.image), files.imageName, "gray", 1);
      // Masks hold 0 and 1: only the 1s are coloured (values below cal_min are transparent in an overlay).
      const masks = [];
      for (const [k, data] of [files.truth].concat(files.predictions).entries())
        masks.push(await niivue.NVImage.new(bytes(data), files.maskNames[k], layers[k].colour.map, 0.6, null, 0.5, 1, true));
      if (mine !== request) return;
      while (nv.volumes.length > 0) nv.removeVolume(nv.volumes[0]);
      nv.addVolume(image);
      masks.forEach(m => nv.addVolume(m));
      applyLayers();
      const c = report.cases[index];
      nv.scene.crosshairPos = nv.mm2frac(c.focusMm);
      applyPlane();
      nv.drawScene();
      $("case-status").textContent = "";
      body.dataset.state = "ready";
    } catch (e) {
      failed(`cannot show case ${report.cases[index].name}: ${e}`);
    }
  };
  function failed(message) {
    $("case-status").textContent = message;
    body.dataset.state = "failed";
  }

  function showCase(index) {
    shown = index;
    request++;
    body.dataset.state = "loading";
    body.dataset.case = String(index);
    const c = report.cases[index];
    $("case-title").textContent = `Case ${c.name} (${c.group}, acquired ${c.plane}, ${c.spacing.map(s => format(s, 2)).join(" x ")} mm)`;
    for (const b of $("planes").children) b.textContent = b.dataset.plane + (b.dataset.plane === c.plane ? " (acquired)" : "");
    for (const tr of $("cases").tBodies[0].rows) tr.classList.toggle("selected", tr.dataset.case === String(index));
    $("picture").src = c.picture;
    $("picture").alt = `${c.name}: ${c.plane} slice with truth and predictions`;
    if (!nv) { body.dataset.state = "ready"; return; }
    const old = document.getElementById("case-script");
    if (old) old.remove();
    const script = document.createElement("script");
    script.id = "case-script";
    script.src = c.script;
    script.addEventListener("error", () => failed(`${c.script} did not load`));
    document.body.appendChild(script);
  }

  // The viewer's script is asked for only when the report was written with it, so a static report loads no missing file.
  function loadViewer() {
    return new Promise(resolve => {
      const script = document.createElement("script");
      script.src = "niivue.js";
      script.addEventListener("load", () => resolve(null));
      script.addEventListener("error", () => resolve("niivue.js is missing beside index.html"));
      document.body.appendChild(script);
    });
  }

  async function start() {
    if (!viewerProblem) viewerProblem = await loadViewer();
    if (!viewerProblem) {
      try {
        // A thin white crosshair: red or green would read as a mask.
        nv = new niivue.Niivue({ backColor: [0, 0, 0, 1], crosshairColor: [1, 1, 1, 0.6], crosshairWidth: 1, show3Dcrosshair: false,
          isColorbar: false, loglevel: "error" });
        await nv.attachTo("canvas");
      } catch (e) {
        nv = null;
        viewerProblem = `the interactive viewer cannot start in this browser (${e}); WebGL2 is needed`;
      }
    }
    body.dataset.viewer = viewerProblem ? "static" : "niivue";
    if (viewerProblem) {
      $("viewer-note").hidden = false;
      $("viewer-note").textContent = `Static pictures only: ${viewerProblem}. Each case shows the slice with most lesion ` +
        "(true positives blue, false negatives green, false positives red).";
      $("view").hidden = true;
      $("picture").hidden = false;
      $("hint").hidden = true;
      $("planes").hidden = true;
      $("layers").hidden = true;
    } else {
      planeButtons();
      layerToggles();
    }
    fillTable();
    if (report.cases.length > 0) showCase(0); else body.dataset.state = "ready";
  }
  start();
})();
