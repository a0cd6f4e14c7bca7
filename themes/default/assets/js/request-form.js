// Enhances the request form (works without it); shows ?ref= on the confirmation page.
(() => {
  const d = document, $ = (s, r) => [...(r || d).querySelectorAll(s)];
  const el = (t, c, x) => Object.assign(d.createElement(t), { className: c || '', textContent: x || '' });
  const slot = d.querySelector('[data-reference-slot]'), ref = new URLSearchParams(location.search).get('ref') || '';
  if (slot && /^PS-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/.test(ref)) {
    slot.textContent = ref;
    for (const e of $('[data-reference],[data-reference-fallback]')) e.hidden = 'referenceFallback' in e.dataset;
  }
  const form = d.querySelector('form[data-portal-form]');
  if (!form) return;
  const ds = form.dataset, pre = ds.textErrorPrefix, groups = $('[data-field]', form);
  const key = form.querySelector('[data-idempotency-key]'), title = d.title.replace(pre + ' ', '');
  if (!key.value) key.value = [...crypto.getRandomValues(new Uint32Array(4))].map(n => n.toString(36)).join('-');
  const group = name => form.querySelector(`[data-field="${name}"]`);
  const on = c => !/radio|checkbox/.test(c.type) || c.checked;
  const values = g => $(`[name="${g.dataset.field}"]`, form).filter(on).map(c => c.value.trim()).filter(Boolean);
  const check = g => {
    const v = values(g), s = g.dataset, p = (s.requiredWhen || ':').split(':');
    const req = p[1] ? values(group(p[0])).some(x => p[1].split(' ').includes(x)) : 'required' in s;
    if (!v.length) return req ? s.errorRequired : null;
    if (v[0].length > +(s.maxlength || 1e9)) return s.errorTooLong;
    if (s.kind === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(v[0])) return s.errorFormat;
    const n = v[0].replace(/\D/g, '').length;
    if (s.kind === 'tel' && (!/^\+?[0-9 ().\-]+$/.test(v[0]) || n < 7 || n > 15)) return s.errorFormat;
    return null;
  };
  const show = errors => {
    $('[data-error-summary]').forEach(e => e.remove());
    for (const g of groups) {
      const e = errors.find(x => x.field === g.dataset.field), p = g.querySelector('.form-error-message');
      g.classList.toggle('form-group--error', !!e);
      p.hidden = !e;
      p.replaceChildren(...(e ? [el('span', 'visually-hidden', pre), ' ' + e.message] : []));
    }
    d.title = (errors.length ? pre + ' ' : '') + title;
    if (!errors.length) return;
    const box = Object.assign(el('div', 'form-error-summary'), { tabIndex: -1 }), list = el('ul', 'form-error-summary__list');
    box.dataset.errorSummary = '';
    box.setAttribute('role', 'alert');
    box.append(el('h2', 'form-error-summary__title', ds.textErrorSummary), list);
    for (const e of errors) {
      const id = 'f-' + e.field, a = el('a', '', e.message);
      a.href = '#' + id;
      a.onclick = ev => { ev.preventDefault(); d.getElementById(id)?.focus(); };
      list.append(el('li')), list.lastChild.append(a);
    }
    form.before(box);
    box.focus();
  };
  // Sending failed: say so, with the team's contact; what was typed stays.
  const notice = text => {
    const n = form.querySelector('[data-form-notice]');
    n.hidden = !text;
    n.textContent = text && [text, ds.contactPhone, ds.contactEmail].filter(Boolean).join(' ');
  };
  const sent = id => {
    const box = Object.assign(el('div', 'form-confirmation'), { tabIndex: -1 });
    box.dataset.confirmation = '';
    box.append(el('h2', 'form-confirmation__title', ds.textSent),
      el('p', 'form-confirmation__reference', ds.textReference.replace('{ref}', id)), el('p', '', ds.textSentNext));
    form.replaceWith(box);
    box.focus();
  };
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const body = {}, button = form.querySelector('[data-submit]');
    const errors = groups.map(g => ({ field: g.dataset.field, message: check(g) })).filter(e => e.message);
    show(errors);
    if (errors.length) return;
    for (const c of $('[name]', form).filter(on)) {
      body[c.name] = group(c.name)?.dataset.kind === 'checkboxes' ? [...body[c.name] || [], c.value] : c.value;
    }
    button.disabled = true;
    notice('');
    const fail = () => notice(ds.textUnreachable);
    fetch(form.action, {
      method: 'POST', credentials: 'omit', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }
    }).then(r => r.json().then(j => r.status === 201 ? sent(j.id) : r.status === 422 ? show(j.errors) : fail()))
      .catch(fail).finally(() => { button.disabled = false; });
  });
  const count = form.querySelector('[data-character-count]');
  if (count) {
    const g = count.parentNode, area = g.querySelector('textarea'), max = +g.dataset.maxlength;
    let timer;
    area.addEventListener('input', () => {
      clearTimeout(timer);
      // Polite, after a pause: not on every key.
      timer = setTimeout(() => {
        const left = max - area.value.length;
        count.textContent = (left < 0 ? ds.textCharactersOver : ds.textCharactersRemaining).replace('{n}', Math.abs(left));
        count.classList.toggle('form-character-count--over', left < 0);
      }, 700);
    });
  }
})();
