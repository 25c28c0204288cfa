/* Exit survey: optional enhancements; the form works fully without this script.
   build.py minifies it into every form page. Plain ES2017, no libraries, no eval.
   The markup it relies on is described in docs/theme.md. */
(() => {
  'use strict';
  const d = document;
  const root = d.documentElement;
  if (!window.fetch) return;
  // The page runs this from its <head>: marked now, the body is styled once, not twice.
  root.classList.add('js');
  const all = (sel, root) => Array.from((root || d).querySelectorAll(sel));
  const fill = (s, n, t) => s.replace('{n}', n).replace('{t}', t);
  let f; // the form: replaced when the collector sends it back with errors
  let T; // its page words

  // Show if: the same rules as collector/conditions.py.
  const holds = (c, a) =>
    c.op === 'not' ? !holds(c.condition, a)
      : c.op === 'and' ? c.conditions.every((x) => holds(x, a))
        : c.op === 'or' ? c.conditions.some((x) => holds(x, a))
          : c.values.some((v) => (a[c.question] || []).includes(v));

  // Character counts: shown at once, announced politely once typing pauses.
  const count = (ta) => {
    const info = d.getElementById(ta.id + '-info');
    if (info) {
      const n = ta.dataset.max - ta.value.length;
      info.classList.toggle('over', n < 0);
      info.textContent = n < 0 ? fill(n < -1 ? T.o : T.o1, -n) : fill(n === 1 ? T.r1 : T.r, n);
    }
    return info;
  };

  const update = () => {
    const answers = {}; // of visible questions only: a hidden question counts as unanswered
    all('.q,[data-show-if]', f).forEach((el) => {
      const c = el.dataset.showIf;
      const on = !el.parentElement.closest('.off') && (!c || holds(JSON.parse(c), answers));
      const id = el.dataset.q;
      el.classList.toggle('off', !on);
      if (id && on) {
        answers[id] = all(`[name="${id}"]`, el)
          .filter((x) => x.value && (!/radio|checkbox/.test(x.type) || x.checked))
          .map((x) => x.value);
      }
    });
    all('input,select,textarea', f).forEach((x) => {
      if (x.type !== 'hidden' && x.name !== '_trap') x.disabled = !!x.closest('.off');
    });
    const shown = all('.progress', f).filter((p) => !p.closest('.off'));
    shown.forEach((p, i) => { p.textContent = fill(T.p, i + 1, shown.length); });
  };
  // Counting starts with the first character; until then the page says what the limit is.
  const recount = () => all('[data-max]', f).forEach((ta) => ta.value && count(ta));

  const setup = () => {
    f = d.querySelector('form[data-t]');
    if (!f) return root.classList.remove('js');
    T = JSON.parse(f.dataset.t);
    all('.progress,.hint[id$="-info"]', f).forEach((el) => { el.dataset.print = el.textContent; });
    update();
    recount();
    all('[data-max]', f).forEach((ta) => {
      const live = d.createElement('p');
      const info = d.getElementById(ta.id + '-info');
      live.className = 'vh';
      live.setAttribute('aria-live', 'polite');
      if (info) info.after(live);
    });
    const id = f.elements._submission;
    if (id && !id.value) {
      id.value = crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(36).slice(2);
    }
  };
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', setup);
  else setup();

  d.addEventListener('change', () => f && update());
  d.addEventListener('input', ({ target: ta }) => {
    const info = ta.dataset.max && count(ta);
    if (!info) return;
    clearTimeout(ta.timer);
    ta.timer = setTimeout(() => { info.nextElementSibling.textContent = info.textContent; }, 1000);
  });
  // A printed copy shows the words the page was built with, not the live counts.
  addEventListener('beforeprint', () => all('[data-print]').forEach((el) => { el.textContent = el.dataset.print; }));
  addEventListener('afterprint', () => f && (update(), recount()));

  // Send once, with fetch. Errors come back as the collector's own error page: its <main>
  // replaces ours, so the summary, the messages and the kept answers are the same markup
  // as without JavaScript. On anything unexpected, fall back to a normal post.
  let sending = false;
  d.addEventListener('submit', async (ev) => {
    if (!f || ev.target !== f) return;
    ev.preventDefault();
    if (sending) return;
    sending = true;
    const button = f.querySelector('[type=submit]');
    const label = button.textContent;
    button.disabled = true;
    button.textContent = T.w;
    try {
      const r = await fetch(f.action, { method: 'POST', body: new URLSearchParams(new FormData(f)) });
      if (r.ok && r.redirected) return location.assign(r.url);
      if (r.status !== 422) throw r.status;
      const page = new DOMParser().parseFromString(await r.text(), 'text/html');
      d.querySelector('main').replaceWith(d.adoptNode(page.querySelector('main')));
      d.title = page.title;
      setup();
      d.querySelector('.errsum').focus();
    } catch (x) {
      button.textContent = label;
      HTMLFormElement.prototype.submit.call(f);
    }
    sending = false;
  });
})();
