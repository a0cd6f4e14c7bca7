// Peer Portal theme script. Enhancements only: every page works without it.
// Nothing is sent anywhere. Only the CE log keeps data, in this browser's localStorage.
(function () {
  "use strict";
  var d = document;
  function $(s, r) { return (r || d).querySelector(s); }
  function $$(s, r) { return Array.prototype.slice.call((r || d).querySelectorAll(s)); }
  function fill(t, v) { return String(t).replace(/\{(\w+)\}/g, function (m, k) { return k in v ? v[k] : m; }); }
  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  d.documentElement.classList.add("js");
  $$("[data-js-only]").forEach(function (e) { e.hidden = false; });
  $$("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });

  // Task lists (Markdown "- [ ]"): label each box with its text and let readers tick them.
  // Nothing is stored: a reload clears them.
  var boxes = $$('.prose li > input[type="checkbox"]');
  boxes.forEach(function (box, i) {
    var label = el("label", "task-label");
    box.parentNode.insertBefore(label, box);
    label.appendChild(box);
    while (label.nextSibling) label.appendChild(label.nextSibling);
    box.disabled = false;
    box.id = "task-" + (i + 1);
  });

  // Self-check: a gentle summary of the ticked signs, with a way to ask for support.
  var sc = $("[data-self-check]");
  if (sc && boxes.length) selfCheck(sc, boxes);
  function selfCheck(root, boxes) {
    var o = root.dataset;
    boxes.forEach(function (b) { b.checked = false; });
    var box = el("div", "self-check-summary"), live = el("div"), count = el("p", "status"), note = el("p");
    live.setAttribute("role", "status");
    live.append(count, note);
    box.appendChild(live);
    if (o.request) {
      var p = el("p"), a = el("a", null, o.requestText);
      a.href = o.request;
      p.appendChild(a);
      box.appendChild(p);
    }
    var clear = el("button", "button button-secondary no-print", o.clear);
    clear.type = "button";
    box.appendChild(clear);
    var list = boxes[boxes.length - 1].closest("ul, ol");
    list.parentNode.insertBefore(box, list.nextSibling);
    function update() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      count.textContent = fill(o.summary, { n: n, m: boxes.length });
      note.textContent = n ? o.some : o.none;
      box.dataset.checked = n;
    }
    boxes.forEach(function (b) { b.addEventListener("change", update); });
    clear.addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      update();
      boxes[0].focus();
    });
    update();
  }

  // CE log: courses and hours in localStorage; the hours inside the current two-year period.
  var ce = $("[data-ce-log]");
  if (ce) ceLog(ce);
  function ceLog(root) {
    var o = root.dataset, KEY = "peer-portal-ce-log", ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
    var goal = Number(o.goal) || 20, lang = o.lang || "en", csvURL = "";
    var state = load();
    var cert = $("#ce-cert"), status = $("#ce-status"), bar = $("#ce-bar"), rows = $("#ce-rows");
    var err = $("#ce-error"), add = $("#ce-add-form"), csv = $("#ce-csv");
    var heads = $$("#ce-table thead th").map(function (th) { return th.textContent.trim(); }).slice(0, 4);
    var dateFmt = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" });
    function load() {
      try {
        var v = JSON.parse(localStorage.getItem(KEY));
        if (v && Array.isArray(v.entries)) return v;
      } catch (e) { /* unreadable: start afresh */ }
      return { cert: "", entries: [] };
    }
    function save() { try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ } }
    function iso(t) { return new Date(t).toISOString().slice(0, 10); }
    function addYears(s, n) { var m = ISO.exec(s); return iso(Date.UTC(+m[1] + n, m[2] - 1, +m[3])); }
    function today() { var t = new Date(); return iso(Date.UTC(t.getFullYear(), t.getMonth(), t.getDate())); }
    function show(s) { return dateFmt.format(new Date(Date.parse(s))); }
    function num(h) { return (Math.round(h * 100) / 100).toLocaleString(lang); }
    // The period runs from the certification date (or an even anniversary of it) for two years;
    // `end` is the first day after it. Before the certification date, the first period is shown.
    function period(c, now) {
      if (!ISO.test(c)) return null;
      for (var k = 0; addYears(c, k + 2) <= now; k += 2) { /* next period */ }
      return { start: addYears(c, k), end: addYears(c, k + 2) };
    }
    function render() {
      cert.value = state.cert || "";
      var p = period(state.cert, today()), sum = 0;
      state.entries.sort(function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : 0; });
      rows.textContent = "";
      state.entries.forEach(function (e, i) {
        var inside = p && e.date >= p.start && e.date < p.end;
        if (inside) sum += e.hours;
        var tr = el("tr", p && !inside ? "out" : ""), title = el("td", null, e.title);
        if (p && !inside) title.append(" ", el("span", null, o.outside));
        tr.append(el("td", null, show(e.date)), title, el("td", null, e.provider), el("td", "num", num(e.hours)));
        var td = el("td", "no-print"), b = el("button", "button button-secondary"), parts = o.deleteRow.split("{title}");
        b.type = "button";
        b.append(parts[0], el("span", "visually-hidden", e.title), parts[1] || "");
        b.addEventListener("click", function () {
          state.entries.splice(i, 1);
          save();
          render();
          cert.focus();
        });
        td.appendChild(b);
        tr.appendChild(td);
        heads.forEach(function (h, n) { if (h) tr.cells[n].dataset.label = h; });
        rows.appendChild(tr);
      });
      if (!state.entries.length) {
        var none = el("tr"), td = el("td", null, o.empty);
        td.colSpan = 5;
        none.appendChild(td);
        rows.appendChild(none);
      }
      sum = Math.round(sum * 100) / 100;
      if (p) {
        var last = iso(Date.parse(p.end) - 864e5), v = { start: show(p.start), end: show(last), hours: num(sum), goal: num(goal), left: num(Math.max(0, goal - sum)) };
        status.textContent = fill(sum >= goal ? o.done : o.progress, v);
        status.dataset.start = p.start;
        status.dataset.end = last;
        bar.value = Math.min(sum, goal);
        bar.hidden = false;
      } else {
        status.textContent = o.noPeriod;
        delete status.dataset.start;
        delete status.dataset.end;
        bar.hidden = true;
      }
      status.dataset.hours = sum;
      exportCSV();
    }
    function cell(v) {
      v = String(v);
      if (/^[=+\-@]/.test(v)) v = "'" + v;
      return '"' + v.replace(/"/g, '""') + '"';
    }
    function exportCSV() {
      var lines = [o.csvHead].concat(state.entries.map(function (e) {
        return [e.date, e.title, e.provider, e.hours].map(cell).join(",");
      }));
      if (csvURL) URL.revokeObjectURL(csvURL);
      csvURL = URL.createObjectURL(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv" }));
      csv.href = csvURL;
    }
    $("#ce-period-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      state.cert = ISO.test(cert.value) ? cert.value : "";
      save();
      render();
    });
    add.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var f = add.elements, problems = [], hours = f.hours.valueAsNumber;
      var e = { date: f.date.value, title: f.title.value.trim(), provider: f.provider.value.trim(), hours: hours };
      [[f.date, !ISO.test(e.date), o.errorDate], [f.title, !e.title, o.errorTitle],
       [f.hours, !(hours > 0 && hours <= 100), o.errorHours]].forEach(function (c) {
        if (c[1]) { problems.push(c); c[0].setAttribute("aria-invalid", "true"); } else c[0].removeAttribute("aria-invalid");
      });
      err.textContent = problems.map(function (c) { return c[2]; }).join(" ");
      if (problems.length) { problems[0][0].focus(); return; }
      state.entries.push(e);
      save();
      add.reset();
      render();
      f.date.focus();
    });
    $("#ce-delete-all").addEventListener("click", function () {
      if (!window.confirm(o.confirmDelete)) return;
      try { localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
      state = { cert: "", entries: [] };
      render();
      cert.focus();
    });
    render();
  }

  // Referral directory: filter the full list as you type (accents and case ignored).
  var rf = $("[data-referral-filter]");
  if (rf) {
    var input = $("input", rf), out = $(".status", rf), items = $$(".referral"), timer;
    input.addEventListener("input", function () {
      var q = fold(input.value.trim()), n = 0;
      items.forEach(function (li) {
        li.hidden = q && fold(li.textContent).indexOf(q) < 0;
        if (!li.hidden) n++;
      });
      $$("section.referral-category").forEach(function (s) { s.hidden = !$$(".referral", s).some(function (li) { return !li.hidden; }); });
      clearTimeout(timer);
      timer = setTimeout(function () { out.textContent = q ? fill(rf.dataset.count, { n: n, m: items.length }) : ""; }, 400);
    });
  }
})();
