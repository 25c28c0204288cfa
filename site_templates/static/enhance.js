/* Exit survey: optional enhancements; the form works fully without this file.
   Plain ES2017, no libraries, no eval. See docs/theme.md for the markup it relies on. */
(() => {
  'use strict';
  const doc = document;
  const f = doc.querySelector('form[data-t]');
  if (!f || !window.fetch || !window.URLSearchParams) return;
  const T = JSON.parse(f.dataset.t);
  const all = (sel, root) => Array.from((root || f).querySelectorAll(sel));
  const fill = (s, n, t) => s.replace('{n}', n).replace('{t}', t);
  const make = (tag, cls, text) => {
    const el = doc.createElement(tag);
    if (cls) el.className = cls;
    if (text) el.textContent = text;
    return el;
  };
  doc.documentElement.classList.add('js');

  // Show if: the same rules as collector/conditions.py.
  const holds = (c, a) => {
    if (c.op === 'equals' || c.op === 'in') return c.values.some((v) => (a[c.question] || []).includes(v));
    if (c.op === 'not') return !holds(c.condition, a);
    if (c.op === 'and') return c.conditions.every((x) => holds(x, a));
    if (c.op === 'or') return c.conditions.some((x) => holds(x, a));
    return true;
  };
  const nodes = all('.q,[data-show-if]');
  const conds = nodes.map((el) => el.dataset.showIf && JSON.parse(el.dataset.showIf));
  const progress = all('.progress');
  const original = new Map(); // texts a printed copy shows
  progress.forEach((p) => original.set(p, p.textContent));
  const update = () => {
    const answers = {}; // of visible questions only: a hidden question counts as unanswered
    nodes.forEach((el, i) => {
      const on = !el.parentElement.closest('.off') && (!conds[i] || holds(conds[i], answers));
      el.classList.toggle('off', !on);
      const id = el.dataset.q;
      if (id && on) {
        answers[id] = all(`[name="${id}"]`, el)
          .filter((x) => x.value && (!/radio|checkbox/.test(x.type) || x.checked))
          .map((x) => x.value);
      }
    });
    all('input,select,textarea').forEach((el) => {
      if (el.type !== 'hidden' && el.name !== '_trap') el.disabled = !!el.closest('.off');
    });
    const shown = progress.filter((p) => !p.closest('.off'));
    shown.forEach((p, i) => { p.textContent = fill(T.p, i + 1, shown.length); });
  };
  f.addEventListener('change', update);
  update();

  // Character counts: shown at once, announced politely once typing pauses.
  const counters = [];
  all('textarea[data-max]').forEach((ta) => {
    const info = doc.getElementById(ta.id + '-info');
    if (!info) return;
    original.set(info, info.textContent);
    const live = make('p', 'vh');
    live.setAttribute('aria-live', 'polite');
    info.after(live);
    let timer;
    const show = () => {
      const n = ta.dataset.max - ta.value.length;
      info.classList.toggle('over', n < 0);
      info.textContent = n < 0 ? fill(n === -1 ? T.o1 : T.o, -n) : fill(n === 1 ? T.r1 : T.r, n);
    };
    counters.push(show);
    show();
    ta.addEventListener('input', () => {
      show();
      clearTimeout(timer);
      timer = setTimeout(() => { live.textContent = info.textContent; }, 1000);
    });
  });
  addEventListener('beforeprint', () => original.forEach((text, el) => { el.textContent = text; }));
  addEventListener('afterprint', () => { update(); counters.forEach((show) => show()); });

  const sub = f.elements._submission;
  if (sub && !sub.value) {
    sub.value = crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(36).slice(2);
  }

  // Errors from the collector, in the same markup as its error page.
  const title = doc.title.startsWith(T.tp) ? doc.title.slice(T.tp.length) : doc.title;
  const describe = (el, id, add) => {
    const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== id);
    if (add) ids.push(id);
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  };
  const clear = () => {
    all('.errsum', doc).forEach((el) => el.remove());
    all('.err').forEach((el) => {
      all(`[aria-describedby~="${el.id}"]`).forEach((d) => describe(d, el.id, false));
      el.remove();
    });
    all('.bad').forEach((el) => el.classList.remove('bad'));
    all('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    doc.title = title;
  };
  const showErrors = (list) => {
    clear();
    const box = make('div', 'errsum');
    const alert = make('div');
    const ul = make('ul');
    box.tabIndex = -1;
    alert.setAttribute('role', 'alert');
    alert.append(make('h2', '', T.s), ul);
    box.append(alert);
    list.forEach((e) => {
      const li = make('li', '', e.message);
      if (e.target && doc.getElementById(e.target)) {
        const a = make('a', '', e.message);
        a.href = '#' + e.target;
        li.textContent = '';
        li.append(a);
      }
      ul.append(li);
      const field = f.querySelector(`[name="${e.field}"]`);
      const wrap = field && field.closest(e.field.endsWith('__other') ? '.other' : '.q');
      if (!wrap) return;
      const p = make('p', 'err');
      p.id = e.field + '-error';
      p.append(make('span', 'vh', T.e), ' ' + e.message);
      ((wrap.classList.contains('q') && wrap.querySelector('.opts')) || field).before(p);
      wrap.classList.add('bad');
      all(`[name="${e.field}"]`, wrap).forEach((x) => x.setAttribute('aria-invalid', 'true'));
      describe(wrap.querySelector('fieldset') || field, p.id, true);
    });
    doc.querySelector('main').prepend(box);
    doc.title = T.tp + title;
    box.focus();
  };

  // Send once, with fetch; on anything unexpected fall back to a normal post.
  const button = f.querySelector('[type=submit]');
  let sending = false;
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (sending) return;
    sending = true;
    const body = new URLSearchParams(new FormData(f));
    const label = button.textContent;
    button.disabled = true;
    button.textContent = T.w;
    const done = () => {
      sending = false;
      button.disabled = false;
      button.textContent = label;
    };
    try {
      const r = await fetch(f.action, { method: 'POST', body, headers: { Accept: 'application/json' } });
      const j = await r.json();
      if (j.ok && j.redirect) return location.assign(j.redirect);
      if (r.status !== 422 || !j.errors) throw new Error(r.status);
      done();
      showErrors(j.errors);
    } catch (x) {
      done();
      HTMLFormElement.prototype.submit.call(f);
    }
  });
})();
