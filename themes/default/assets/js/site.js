// Peer Portal theme: enhancements only; every page works without them. Nothing is sent anywhere.
(() => {
const d = document, $ = (s, r = d) => r.querySelector(s), $$ = (s, r = d) => [...r.querySelectorAll(s)];
const fill = (t, v) => t.replace(/\{(\w+)\}/g, (m, k) => v[k] ?? m);
const el = (tag, className) => Object.assign(d.createElement(tag), { className });

for (const e of $$('[data-js-only]')) e.hidden = false;
for (const b of $$('[data-print]')) b.onclick = () => print();

// Header search: the words wait in this tab's sessionStorage, which the search page empties as it
// reads it; no address, so no history entry, holds them (a shared device, the quick exit).
const find = $('[data-site-search]');
if (find) find.onsubmit = e => {
  e.preventDefault();
  try { sessionStorage.setItem('peer-portal-q', find[0].value.trim()); } catch {}
  location.href = find.action;
};

// Language switch: to the section last read, in the translation (headings paired in order). The
// switch is at the top, so scrolling back up to it keeps the section.
const pairs = a => a.dataset.anchors.split('|').map(s => s.split(' '));
const sections = $$('[data-anchors]').map(pairs)[0]?.[0] ?? [];
let read = -1;
addEventListener('scroll', () => {
  const i = sections.findLastIndex(id => d.getElementById(id)?.getBoundingClientRect().top < 99);
  if (i >= 0) read = i;
}, { passive: true });
for (const a of $$('[data-anchors]')) a.onclick = () => { if (read >= 0) a.hash = pairs(a)[1][read]; };

// The table of contents starts closed for phones; wide screens have room for it.
if (matchMedia('(min-width: 40em)').matches) for (const t of $$('[data-toc]')) t.open = true;

// Quick exit: go to the neutral page, replacing this one so Back does not return here.
const exit = $('[data-exit]');
if (exit) {
  const leave = () => { d.body.hidden = true; location.replace(exit.href); };
  exit.onclick = e => { e.preventDefault(); leave(); };
  // Shift three times within 5 seconds, as on GOV.UK; any other key starts the count again.
  let presses = [];
  d.addEventListener('keydown', e => { if (e.key !== 'Shift') presses = []; });
  d.addEventListener('keyup', e => {
    if (e.key !== 'Shift') return;
    presses = [...presses.filter(t => e.timeStamp - t < 5e3), e.timeStamp];
    if (presses.length > 2) leave();
  });
}

// Task lists (Markdown "- [ ]"): each box and its text in one label, so readers can tick them.
const boxes = $$('.prose li > input[type="checkbox"]');
for (const box of boxes) {
  const li = box.parentNode, label = el('label', 'task-label');
  label.append(...li.childNodes);
  li.append(label);
  box.disabled = false;
}

// Self-check: the response follows what was ticked; an urgent sign brings crisis help and the request
// link to the top. Nothing is stored; ticks a reload restores are cleared.
const sc = $('[data-self-check]');
if (sc && boxes.length) {
  const o = sc.dataset, [top, box] = $$('template', sc).map(t => t.content.firstElementChild), [count, note] = $$('p', box);
  const urgent = o.urgent.split(' ').filter(Boolean).map(i => boxes[i - 1]), ticked = () => boxes.filter(b => b.checked).length;
  const update = () => {
    const n = ticked(), now = urgent.some(b => b?.checked);
    count.textContent = fill(o.summary, { n, m: boxes.length });
    note.textContent = now ? o.urgentText : !n ? o.none : n < +o.manyFrom ? o.few : o.many;
    top.hidden = !now;
  };
  $('.prose', sc).before(top);
  boxes[boxes.length - 1].closest('ul, ol').after(box);
  for (const b of boxes) Object.assign(b, { checked: false, onchange: update });
  $('button', box).onclick = () => {
    for (const b of boxes) b.checked = false;
    update();
    boxes[0].focus();
  };
  // Shared printers: ticks print only when the reader says so; the blank copy hides them.
  $('[data-print]', sc).onclick = () => (!ticked() || confirm(o.printConfirm)) && print();
  $('[data-print-blank]', sc).onclick = () => {
    sc.classList.add('print-blank');
    print();
    sc.classList.remove('print-blank');
  };
  update();
}

// CE log, kept only in this browser's localStorage.
const ce = $('[data-ce-log]');
if (ce) {
  const o = ce.dataset, title = d.title, KEY = 'peer-portal-ce-log', goal = +o.goal, eGoal = +o.ethicsGoal, blank = () => ({ cert: '', entries: [] });
  const [cert, status, bar, rows, error, add, csv] =
    ['cert', 'status', 'bar', 'rows', 'error', 'add-form', 'csv'].map(id => d.getElementById('ce-' + id));
  const empty = rows.firstElementChild, row = $('template', ce).content.firstElementChild;
  // "Delete {title}": the title is for screen readers, the row shows it.
  const [before, after] = $('button', row).textContent.split('{title}');
  $('button', row).replaceChildren(before, el('span', 'visually-hidden'), after);
  const show = s => new Date(s).toLocaleDateString(o.lang, { dateStyle: 'long', timeZone: 'UTC' });
  const num = h => (Math.round(h * 100) / 100).toLocaleString(o.lang);
  const iso = t => new Date(t).toISOString().slice(0, 10);
  const addYears = (s, n) => iso(new Date(s).setUTCFullYear(+s.slice(0, 4) + n));
  const cell = v => `"${String(v).replace(/^[=+\-@]/, "'$&").replace(/"/g, '""')}"`; // no spreadsheet formulas
  // Private browsing may refuse storage.
  const store = f => { try { return f(localStorage); } catch { return undefined; } };
  const save = () => store(s => s.setItem(KEY, JSON.stringify(state)));
  let state = store(s => JSON.parse(s.getItem(KEY)));
  if (!Array.isArray(state?.entries)) state = blank();
  const render = () => {
    // Two-year periods from the certification date (the first one until then); `end` is the day after.
    const c = state.cert || '', now = new Date(), today = iso(now - now.getTimezoneOffset() * 6e4);
    // eth: law and ethics hours, 6 of the 20 (CalMHSA).
    let k = 0, sum = 0, eth = 0;
    while (c && addYears(c, k + 2) <= today) k += 2;
    const start = c && addYears(c, k), end = c && addYears(c, k + 2), last = c && iso(Date.parse(end) - 864e5);
    cert.value = c;
    state.entries.sort((a, b) => b.date.localeCompare(a.date));
    const trs = state.entries.map((e, i) => {
      const tr = row.cloneNode(true), out = c && (e.date < start || e.date >= end);
      tr.classList.toggle('out', !!out);
      tr.classList.toggle('ethics', !!e.ethics);
      if (c && !out) { sum += e.hours; if (e.ethics) eth += e.hours; }
      [show(e.date), e.title, e.provider, num(e.hours)].forEach((v, n) => tr.cells[n].prepend(v));
      $('.visually-hidden', tr).textContent = e.title;
      $('button', tr).onclick = () => { state.entries.splice(i, 1); save(); render(); cert.focus(); };
      return tr;
    });
    rows.replaceChildren(...trs.length ? trs : [empty]);
    sum = Math.round(sum * 100) / 100;
    eth = Math.round(eth * 100) / 100;
    status.textContent = c ? fill(sum < goal ? o.progress : o.done,
      { start: show(start), end: show(last), hours: num(sum), goal: num(goal), left: num(goal - sum) })
      + ' ' + fill(o.ethicsProgress, { hours: num(eth), goal: num(eGoal) }) : o.noPeriod;
    Object.assign(status.dataset, { start, end: last, hours: sum, ethics: eth });
    bar.hidden = !c;
    bar.value = Math.min(sum, goal);
    const lines = [o.csvHead, ...state.entries.map(e => [e.date, e.title, e.provider, e.hours, e.ethics ? o.yes : ''].map(cell).join(','))];
    URL.revokeObjectURL(csv.href);
    csv.href = URL.createObjectURL(new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv' }));
  };
  $('#ce-period-form').onsubmit = ev => {
    ev.preventDefault();
    state.cert = cert.value;
    save();
    render();
  };
  add.onsubmit = ev => {
    ev.preventDefault();
    const f = add.elements, hours = f.hours.valueAsNumber;
    const e = { date: f.date.value, title: f.title.value.trim(), provider: f.provider.value.trim(), hours, ethics: f.ethics.checked };
    const checks = [[f.date, !e.date, o.errorDate], [f.title, !e.title, o.errorTitle], [f.hours, !(hours > 0 && hours <= 100), o.errorHours]];
    // The request form's pattern: each field's message, and a summary linking to the fields.
    for (const [input, wrong, text] of checks) {
      const p = d.getElementById(input.id + '-error');
      input.setAttribute('aria-invalid', wrong);
      input.parentNode.classList.toggle('field-error', wrong);
      p.hidden = !wrong;
      p.lastChild.textContent = wrong ? text : '';
    }
    const bad = checks.filter(c => c[1]);
    d.title = (bad.length ? o.errorPrefix + ' ' : '') + title;
    error.hidden = !bad.length;
    $('ul', error).replaceChildren(...bad.map(([input, , text]) => {
      const li = d.createElement('li');
      li.append(Object.assign(d.createElement('a'), { href: '#' + input.id, textContent: text }));
      return li;
    }));
    if (bad.length) return error.focus();
    state.entries.push(e);
    save();
    add.reset();
    render();
    f.date.focus();
  };
  $('#ce-delete-all').onclick = () => {
    if (!confirm(o.confirmDelete)) return;
    store(s => s.removeItem(KEY));
    state = blank();
    render();
    cert.focus();
  };
  render();
}

// Referral filter, ignoring accents and case. CSS hides categories left empty.
const rf = $('[data-referral-filter]');
if (rf) {
  const input = $('input', rf), out = $('.status', rf), items = $$('.referral');
  const fold = s => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  let timer;
  input.oninput = () => {
    const q = fold(input.value.trim());
    for (const li of items) li.hidden = q && !fold(li.textContent).includes(q);
    clearTimeout(timer); // announce after a pause, not on every key
    timer = setTimeout(() => {
      out.textContent = q ? fill(rf.dataset.count, { n: $$('.referral:not([hidden])').length, m: items.length }) : '';
    }, 400);
  };
}
})();
