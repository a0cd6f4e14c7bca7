// Enhances the request form (it works without this); shows ?ref= on the confirmation page.
(() => {
const d = document, $ = (s, r = d) => r.querySelector(s), $$ = (s, r = d) => [...r.querySelectorAll(s)];
const el = (tag, attrs, ...kids) => {
  const e = d.createElement(tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  e.append(...kids);
  return e;
};

const slot = $('[data-reference-slot]'), ref = new URLSearchParams(location.search).get('ref');
if (slot && /^PS(-[2-9A-HJKMNP-TV-Z]{4}){2}$/.test(ref)) {
  slot.textContent = ref;
  for (const e of $$('[data-reference],[data-reference-fallback]')) e.hidden = 'referenceFallback' in e.dataset;
  // Switching language keeps the reference (the confirmation page in the other language reads it too).
  for (const a of $$('.language-switch a[href]')) {
    const u = new URL(a.href, location.href);
    if (!u.searchParams.has('ref')) { u.searchParams.set('ref', ref); a.href = u.href; }
  }
}
const form = $('form[data-portal-form]');
if (!form) return;
const ds = form.dataset, pre = ds.textErrorPrefix, groups = $$('[data-field]', form), title = d.title.replace(pre + ' ', '');
// One key per page view, so a double click or a retry is stored once.
$('[data-idempotency-key]', form).value ||= [...crypto.getRandomValues(new Uint32Array(4))].map(n => n.toString(36)).join('-');
const group = name => $(`[data-field="${name}"]`, form);
const values = g => new FormData(form).getAll(g.dataset.field).map(v => v.trim()).filter(Boolean);
// The service's rules, from the builder's data- attributes (a phone number has 7 to 15 digits).
const formats = { email: /^[^\s@]+@[^\s@]+\.[^\s@.]+$/, tel: /^\+?([ ().-]*\d){7,15}[ ().-]*$/ };
const check = g => {
  const s = g.dataset, v = values(g)[0], [other, when] = s.requiredWhen?.split(':') || [];
  if (!v) return (when ? values(group(other)).some(x => when.split(' ').includes(x)) : 'required' in s) && s.errorRequired;
  if (v.length > s.maxlength) return s.errorTooLong;
  if (formats[s.kind]?.test(v) == false) return s.errorFormat;
};
const show = errors => {
  $('[data-error-summary]')?.remove();
  for (const g of groups) {
    const e = errors.find(x => x.field == g.dataset.field), p = $('.form-error-message', g);
    g.classList.toggle('form-group--error', !!e);
    p.hidden = !e;
    p.replaceChildren(...e ? [el('span', { class: 'visually-hidden' }, pre), ' ' + e.message] : []);
  }
  d.title = (errors.length ? pre + ' ' : '') + title;
  if (!errors.length) return;
  const box = el('div', { class: 'form-error-summary', 'data-error-summary': '', role: 'alert', tabindex: -1 },
    el('h2', { class: 'form-error-summary__title' }, ds.textErrorSummary),
    el('ul', { class: 'form-error-summary__list' }, ...errors.map(e => {
      return el('li', null, el('a', { href: '#f-' + e.field }, e.message)); // following it focuses the field
    })));
  form.before(box);
  box.focus();
};
// Not sent: say why and what to do; the team's own contact only where the county gave one.
// What was typed stays.
const notice = text => {
  const n = $('[data-form-notice]', form), contact = [ds.contactPhone, ds.contactEmail].filter(Boolean);
  n.hidden = !text;
  n.textContent = text && [text, ...contact.length ? [ds.textContactTeam, contact.join(', ')] : []].join(' ');
};
const sent = id => {
  const box = el('div', { class: 'form-confirmation', 'data-confirmation': '', tabindex: -1 },
    el('h2', { class: 'form-confirmation__title' }, ds.textSent),
    el('p', { class: 'form-confirmation__reference' }, ds.textReference.replace('{ref}', id)), el('p', null, ds.textSentNext));
  form.replaceWith(box);
  box.focus();
};
form.onsubmit = ev => {
  ev.preventDefault();
  const body = {}, button = $('[data-submit]', form), fail = () => notice(ds.textUnreachable);
  // A hidden question is not asked: not checked, not sent (what was typed in it stays in the page).
  const errors = groups.filter(g => !g.hidden).map(g => ({ field: g.dataset.field, message: check(g) }))
    .filter(e => e.message);
  show(errors);
  if (errors.length) return;
  for (const [k, v] of new FormData(form)) {
    if (group(k)?.hidden) continue;
    body[k] = group(k)?.dataset.kind == 'checkboxes' ? [...body[k] || [], v] : v;
  }
  button.disabled = true;
  notice('');
  fetch(form.action, {
    method: 'POST', credentials: 'omit', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }
  }).then(r => r.json().then(j => r.status == 201 ? sent(j.id) : r.status == 422 ? show(j.errors)
    : notice(r.status == 429 ? ds.textTooMany : r.status == 503 ? ds.textNotSaved : ds.textUnreachable)))
    .catch(fail).finally(() => { button.disabled = false; });
};
// Questions needed only for some answers (a phone number for a call or a text) appear when they
// are; without the script they stay visible with their hints. Nothing typed in them is cleared.
const conditional = groups.filter(g => g.dataset.requiredWhen);
const reveal = () => {
  for (const g of conditional) {
    const [other, when] = g.dataset.requiredWhen.split(':');
    g.hidden = !values(group(other)).some(x => when.split(' ').includes(x));
  }
};
form.addEventListener('change', reveal);
reveal();
const count = $('[data-character-count]', form), area = count && $('textarea', count.parentNode);
let timer;
if (area) area.oninput = () => {
  clearTimeout(timer); // announced politely after a pause, not on every key
  timer = setTimeout(() => {
    const left = count.parentNode.dataset.maxlength - area.value.length;
    count.textContent = (left < 0 ? ds.textCharactersOver : ds.textCharactersRemaining).replace('{n}', Math.abs(left));
    count.classList.toggle('form-character-count--over', left < 0);
  }, 700);
};
})();
