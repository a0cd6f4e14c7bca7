// The search page (issue 20). Every language's index (search-index/<lang>.json, written by
// portal build) is fetched whole when the page loads and turned into a lunr index here; then
// each search runs in the browser. What is typed is never sent anywhere (no request depends on
// it) nor kept in the address or the history, where the next reader of a shared device would see it.
(() => {
const d = document, box = d.querySelector('[data-search]');
if (!box) return;
const form = box.querySelector('form'), input = box.querySelector('input');
// Never a plain GET of the page, even before the engine is here.
form.addEventListener('submit', e => e.preventDefault());

// Words handed over by the header's box (sessionStorage, emptied as read) or by a link's #q=,
// which is then taken off the address so the history entry does not keep it.
const KEY = 'peer-portal-q';
const fromAddress = () => {
  if (!location.hash.startsWith('#q=')) return false;
  try { input.value = decodeURIComponent(location.hash.slice(3)); } catch {}
  history.replaceState(history.state, '', location.pathname + location.search);
  return true;
};
try {
  const handed = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  if (handed) input.value = handed;
} catch {}
fromAddress();
if (!window.lunr) return;
form.hidden = false;
const status = d.getElementById('search-status'), list = d.getElementById('search-results');
const empty = d.getElementById('search-empty');
const say = (key, values = {}) => (box.dataset[key] || '').replace(/\{(\w+)\}/g, (m, k) => values[k] ?? m);
const langs = box.dataset.langs.trim().split(/\s+/);
const mine = langs[0];
for (const e of d.querySelectorAll('[data-search-nojs]')) e.hidden = true;

// Accents are optional ("limites" finds "límites"), and a stemmer's near misses meet: each
// word is stemmed as written, without its accents ("autoevaluacion" is not stemmed as
// "autoevaluación" is) and twice ("tiredness" and "tired" both reach "tire"), all without
// accents, in the index and in the query alike.
const plain = s => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const stems = (stem, label) => {
  const f = token => {
    const forms = [stem(token.clone()), stem(token.clone(plain))];
    forms.push(stem(forms[0].clone()));
    const seen = new Set();
    return forms.map(t => t.update(plain)).filter(t => !seen.has(t.str) && seen.add(t.str));
  };
  lunr.Pipeline.registerFunction(f, label);
  return f;
};
const stemEn = stems(lunr.stemmer, 'portal-stem-en');
const stemEs = lunr.es && stems(lunr.es.stemmer, 'portal-stem-es');
const words = s => plain(s.toLowerCase()).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

const indexes = [];
const build = (lang, file) => {
  const pages = file.pages;
  const index = lunr(function () {
    const es = lang === 'es' && stemEs;
    if (es) this.use(lunr.es);
    for (const pipeline of [this.pipeline, this.searchPipeline]) {
      pipeline.after(es ? lunr.es.stemmer : lunr.stemmer, es ? stemEs : stemEn);
      pipeline.remove(es ? lunr.es.stemmer : lunr.stemmer);
    }
    this.ref('i');
    this.field('title', { boost: 8 });
    this.field('description', { boost: 3 });
    this.field('text');
    this.metadataWhitelist = ['position'];
    pages.forEach((p, i) => this.add({ i: String(i), title: p.title, description: p.description, text: p.text }));
  });
  const synonyms = (file.synonyms || []).map(group => group.map(words));
  return { lang, pages, index, synonyms };
};

// Each word as written (stemmed), as the start of a longer word (while typing), and one letter
// off for longer words; words of a synonym group when the query holds one of the others.
const search = (entry, query) => {
  const terms = words(query);
  const extra = [];
  const have = ' ' + terms.join(' ') + ' ';
  for (const group of entry.synonyms) {
    if (group.some(phrase => phrase.length && have.includes(' ' + phrase.join(' ') + ' '))) {
      for (const phrase of group) for (const w of phrase) if (!terms.includes(w)) extra.push(w);
    }
  }
  const T = lunr.Query.wildcard.TRAILING;
  return entry.index.query(q => {
    for (const t of terms) {
      q.term(t, { boost: 10 });
      q.term(t, { usePipeline: false, wildcard: T, boost: 4 });
      if (t.length >= 5) q.term(t, { usePipeline: false, editDistance: 1, boost: 1 });
    }
    for (const t of extra) {
      q.term(t, { boost: 6 });
      q.term(t, { usePipeline: false, wildcard: T, boost: 2 });
    }
  });
};

// Where the matched words are: [start, length] pairs in one field, in order, without overlaps.
const spans = (result, field) => {
  const all = [];
  for (const term of Object.values(result.matchData.metadata)) all.push(...(term[field]?.position || []));
  all.sort((a, b) => a[0] - b[0]);
  return all.filter((s, i) => i === 0 || s[0] >= all[i - 1][0] + all[i - 1][1]);
};

// Text with its matched words in <mark>, from `start` to `end`.
const marked = (node, text, found, start = 0, end = text.length) => {
  let at = start;
  for (const [from, length] of found) {
    if (from < at || from + length > end) continue;
    node.append(text.slice(at, from), Object.assign(d.createElement('mark'), { textContent: text.slice(from, from + length) }));
    at = from + length;
  }
  node.append(text.slice(at, end));
};

// A short passage around the first match, cut at spaces.
const excerpt = (node, text, found) => {
  if (!text) return;
  const first = found.length ? found[0][0] : 0;
  let start = Math.max(0, first - 60), end = Math.min(text.length, start + 220);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  if (start > 0) node.append('… ');
  marked(node, text, found, start, end);
  if (end < text.length) node.append(' …');
};

const root = new URL('.', new URL(box.getAttribute('data-index-' + mine), location.href)).href.replace(/search-index\/$/, '');

const item = (entry, result) => {
  const page = entry.pages[Number(result.ref)];
  const li = d.createElement('li');
  if (entry.lang !== mine) li.lang = entry.lang;
  const a = Object.assign(d.createElement('a'), { href: new URL(page.url, root).href });
  marked(a, page.title, spans(result, 'title'));
  const h = d.createElement('h3');
  h.append(a);
  li.append(h);
  const where = [page.section, entry.lang === mine ? '' : say('other', { name: box.getAttribute('data-name-' + entry.lang) })];
  if (where.some(Boolean)) li.append(Object.assign(d.createElement('p'), { className: 'search-where', textContent: where.filter(Boolean).join(' · ') }));
  const text = d.createElement('p');
  const found = spans(result, 'text');
  if (found.length || !page.description) excerpt(text, page.text, found);
  else marked(text, page.description, spans(result, 'description'));
  li.append(text);
  return li;
};

let shown = null;
const show = () => {
  const query = input.value.trim();
  if (query === shown || !indexes.length) return;
  shown = query;
  list.replaceChildren();
  empty.hidden = true;
  if (!query) {
    list.hidden = true;
    status.textContent = '';
    return;
  }
  // The reader's language first, then the others.
  let count = 0;
  for (const entry of indexes) {
    for (const result of search(entry, query).slice(0, 30)) {
      list.append(item(entry, result));
      count++;
    }
  }
  list.hidden = count === 0;
  empty.hidden = count > 0;
  status.textContent = say(count === 0 ? 'none' : count === 1 ? 'one' : 'many', { n: count, q: query });
};

let timer = 0;
input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(show, 150); });
form.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); show(); });
input.addEventListener('keydown', e => {
  if (e.key === 'ArrowDown' && list.querySelector('a')) { e.preventDefault(); list.querySelector('a').focus(); }
});
list.addEventListener('keydown', e => {
  const links = [...list.querySelectorAll('a')], i = links.indexOf(d.activeElement);
  if (i < 0 || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
  e.preventDefault();
  (e.key === 'ArrowDown' ? links[i + 1] : links[i - 1] || input)?.focus();
});
addEventListener('hashchange', () => { if (fromAddress()) { shown = null; show(); } });

// Everything loads now, once: the same requests whatever is typed, and none after.
status.textContent = say('loading');
const started = performance.now();
Promise.all(langs.map(lang => fetch(box.getAttribute('data-index-' + lang), { credentials: 'same-origin' })
  .then(r => { if (!r.ok) throw new Error(r.status); return r.json(); })
  .then(file => build(lang, file))))
  .then(built => {
    indexes.push(...built);
    box.dataset.buildMs = Math.round(performance.now() - started);
    box.dataset.state = 'ready';
    status.textContent = '';
    show();
  })
  .catch(() => {
    box.dataset.state = 'failed';
    status.textContent = say('failed');
  });
})();
