/* Exit survey: optional enhancements; the form works fully without this script.
   build.py minifies it into every form page. Plain ES2017, no libraries, no eval.
   The markup it relies on is described in docs/theme.md. */
(() => {
  'use strict';
  const d = document;
  const root = d.documentElement;
  // No test for fetch: a browser without it cannot parse this script (async functions came
  // later), so it never runs there and the form works as without JavaScript.
  // The page runs this from its <head>: marked now, the body is styled once, not twice.
  // 'ld' (loading) keeps every conditional part hidden until setup has decided: on a slow
  // network the leaver answers the first questions before the page is complete, and a
  // section shown then and hidden at setup took the focus and the ticks in it away.
  root.classList.add('js', 'ld');
  let f, // the form: replaced when the collector sends it back with errors
    T, // its page words
    seen, // the questions that apply, and whether the last update changed them
    moved;
  // In the form unless told otherwise (before setup, and on a page without one: the page).
  const all = (sel, x = f || d) => [...x.querySelectorAll(sel)];
  // Every {n} and {t}, as the collector's str.format does: a translation may need one twice.
  const fill = (s, n, t) => s.replace(/\{n}/g, n).replace(/\{t}/g, t);
  const P = 'prefer_not_to_say';

  // Show if: the same rules as collector/conditions.py.
  const holds = (c, a) =>
    c.op === 'not' ? !holds(c.condition, a)
      : c.op === 'and' ? c.conditions.every((x) => holds(x, a))
        : c.op === 'or' ? c.conditions.some((x) => holds(x, a))
          : c.values.some((v) => (a[c.question] || []).includes(v));

  // Character counts: shown at once, announced politely once typing pauses.
  const count = (x) => {
    const info = d.getElementById(x.id + '-info');
    if (info) {
      // Characters, as the collector counts them: code points of the text composed (NFC: an
      // e + accent is one), with spaces at either end dropped. Not UTF-16 units, which
      // count an emoji as two; so no maxlength either (docs/theme.md).
      const n = x.dataset.max - [...x.value.trim().normalize()].length;
      // Remaining or over, one or more; in English where the texts file lacks those words
      // (T.L), so that a screen reader reads them with an English voice.
      const k = (n < 0 ? 'o' : 'r') + (n * n === 1 ? '1' : '');
      info.classList.toggle('over', n < 0);
      info.textContent = fill(T[k], n < 0 ? -n : n);
      info.lang = T.L.includes(k) ? 'en' : root.lang;
    }
    return info;
  };

  const update = () => {
    // Of visible questions only: a hidden question counts as unanswered. No prototype: a
    // question may be called 'constructor', and {} already has one.
    // A long form's contents (in a nav above the questions) last: their conditions need
    // the answers below them.
    const answers = Object.create(null);
    all('.q,[data-show-if]').sort((a, b) => !!a.closest('nav') - !!b.closest('nav')).forEach((x) => {
      const c = x.dataset.showIf;
      const applies = !x.parentElement.closest('[data-na]') && (!c || holds(JSON.parse(c), answers));
      // A question the collector asked about stays in view with its message (and so does
      // its section), but it still does not apply: its answers count for no condition.
      const on = applies || x.matches('[data-asked]') || x.querySelector('[data-asked]');
      const id = x.dataset.q;
      x.toggleAttribute('data-na', !applies);
      x.classList.toggle('off', !on);
      if (id && applies) {
        answers[id] = all(`[name="${id}"]`, x)
          .filter((y) => y.value && (!box(y) || y.checked))
          .map((y) => y.value);
      }
    });
    // A statement block's heading goes with its statements: alone it asks nothing.
    all('.group').forEach((x) => x.classList.toggle('off', !x.querySelector('.q:not(.off)')));
    const shown = all('.progress').filter((x) => !x.closest('.off'));
    shown.forEach((x, i) => { x.textContent = fill(T.p, i + 1, shown.length); });
    // Whether the questions that apply are others than at the last update (see 'change').
    moved = seen !== (seen = Object.keys(answers) + '');
    return answers;
  };
  // Counting starts with the first character; until then the page says what the limit is.
  const recount = () => all('[data-max]').forEach((x) => x.value && count(x));

  // The page's own copy of what the script shows (form.html, #_t), with its language.
  const copy = (sel) => d.getElementById('_t').content.querySelector(sel).cloneNode(1);

  const setup = () => {
    f = d.querySelector('form[data-t]');
    if (!f) return root.classList.remove('js');
    T = JSON.parse(f.dataset.t);
    restore();
    all('.progress,.hint[id$="-info"]').forEach((x) => { x.dataset.print = x.textContent; });
    update();
    // A page sent back with a message at a question that does not apply (it was sent
    // before this script was ready, or the two disagree): never a message out of sight.
    all('.bad.off').forEach((x) => { x.dataset.asked = ''; });
    update();
    // Live regions must be on the page before they speak: one after each counter (those for
    // "Sending…" and for questions that came or went are in the page, with their language).
    // A field's description that changes at every key is read out at every key (NVDA): the
    // field is described by the limit, which stays put (<id>-max: a copy of the line as the
    // page came, its language too, made before any count), and the count it shows is said
    // once typing pauses.
    all('[data-max]').forEach((x) => {
      const info = d.getElementById(x.id + '-info');
      if (info) {
        const max = info.cloneNode(true);
        const live = d.createElement('p');
        max.id = x.id + '-max';
        max.className = live.className = 'vh';
        live.setAttribute('aria-live', 'polite');
        info.setAttribute('aria-hidden', 'true');
        info.after(live, max);
      }
    });
    recount();
    // Descriptions as they are with the script: the hint that a question only applies
    // sometimes is hidden while the script shows and hides questions itself, so a screen
    // reader should not read it either; a count's place is taken by its fixed copy. (Only
    // a control with data-max and an <id>-info has "-info" in its description.)
    all('[aria-describedby]').forEach((x) => {
      x.setAttribute('aria-describedby', x.getAttribute('aria-describedby').replace(/\S+-cond\b/g, '').replace(/-info$/, '-max'));
    });
  };
  // One submission ID per page and tab, kept until the collector has the answers, so that
  // sending again after a lost reply stores them once. Once they are stored, the form is
  // emptied and gets a new ID: on a shared computer, Back must not show the answers.
  const key = () => 'exit-survey ' + f.action;
  const store = (k, v) => { try { if (v) sessionStorage[k] = v; else delete sessionStorage[k]; } catch (x) { /* blocked */ } };
  const remember = (v) => store(key(), v);
  // 128 random bits; getRandomValues, unlike randomUUID, also on a plain http intranet.
  const newId = () => crypto.getRandomValues(new Uint32Array(4)).join('-');
  // A draft of the answers, in this tab only, so that a reload (a phone's pull to refresh)
  // or a round of corrections (which sends no answer to what does not apply) loses none.
  // Saved on every change, on sending and on leaving the page. Translations of one
  // questionnaire share it (data-draft): the same IDs and codes, so a leaver who switches
  // to their own language halfway keeps what they answered.
  const draft = () => (f.dataset.draft || key()) + ' draft';
  const save = () => f && store(draft(), JSON.stringify([...new FormData(f)].filter(([n]) => n[0] !== '_')));
  const box = (x) => /radio|checkbox/.test(x.type);
  const restore = () => {
    let kept = [];
    try { kept = JSON.parse(sessionStorage[draft()] || '[]'); } catch (x) { /* none */ }
    // Only into questions the page left empty: what it shows is newer than the draft.
    const filled = all('[name]').filter((x) => (box(x) ? x.checked : x.value)).map((x) => x.name);
    kept.forEach(([n, v]) => {
      if (filled.includes(n)) return;
      const xs = all(`[name="${n}"]`);
      const x = xs.find((y) => box(y) && y.value === v) || xs.find((y) => !box(y));
      if (x) box(x) ? (x.checked = true) : (x.value = v);
    });
  };
  // A duplicated tab starts with a copy of this tab's ID: asked, the tab holding it says
  // so, and the copy takes its own, so that its answers are not taken for a resend.
  let sent, ch, asked;
  const listen = () => {
    if (ch || !window.BroadcastChannel) return;
    ch = new BroadcastChannel('exit-survey');
    ch.onmessage = ({ data: [q, v] }) => {
      const id = f.elements._submission;
      if (!id || v !== id.value) return;
      if (q) ch.postMessage(['', v]);
      else if (asked === v) remember(id.value = newId());
    };
  };
  // The answers are stored: empty the form, its defaults too (not reset(): a page sent back
  // with messages has the answers as its defaults, and Back showed them to the next person
  // on a shared phone), and say so in view. Done as the thank-you page loads, so that the
  // place a phone comes Back to (where Send was, a screen's height per question below) is
  // this note, not the foot of an empty form that looked like answers lost.
  const done = () => {
    all('[name]').forEach((x) => {
      if (x.name[0] !== '_') box(x) ? (x.checked = x.defaultChecked = false) : (x.value = x.defaultValue = '');
    });
    all('[data-print]').forEach((x) => { x.textContent = x.dataset.print; x.classList.remove('over'); });
    update();
    // Back after sending, or a thank-you page that failed to load: say they arrived.
    d.querySelector('.sent') || f.before(copy('.sent'));
    // Focused, not only scrolled to: a screen reader coming Back (from the cache, where a
    // status that was already there says nothing again) reads the note, not the page top.
    d.querySelector('.sent').focus();
  };
  const fresh = (s) => {
    const id = f.elements._submission;
    let kept;
    try { kept = sessionStorage[key()]; } catch (x) { /* storage blocked: a new ID each time */ }
    if (sent || kept === 'sent') {
      // At a send (s: before pageshow, a theme's image still loading), what the form
      // holds was typed since those were stored: a new ID, but not emptied (it sent an
      // empty form). Not at pageshow: a page Back loads anew gets the answers it was left
      // with back from the browser then, a previous leaver's (a flag for what was typed
      // since did not tell those apart).
      s || done();
      sent = kept = '';
      if (id) id.value = '';
    }
    const ask = id && !id.value && kept;
    if (id && !id.value) remember(id.value = kept || newId());
    // Once the page is ready: opening a channel costs a slow phone tens of milliseconds.
    setTimeout(() => {
      listen();
      if (ask && ch) ch.postMessage(['?', asked = ask]);
    });
  };
  // "Prefer not to say" and the other answers of a checkbox question exclude each other.
  d.addEventListener('change', ({ target: x }) => {
    if (!f) return;
    // (Of radios only the one just chosen is checked, and a text box has no checked.)
    all(`[name="${x.name}"]`).forEach((y) => {
      if (x.checked && y.checked && y !== x && (x.value === P || y.value === P)) y.checked = false;
    });
    // Answered now: no longer announced as wrong (its message stays until sent again).
    if ((update()[x.name] || []).length) {
      all(`[name="${x.name}"]`).forEach((y) => y.removeAttribute('aria-invalid'));
    }
    // Questions that appear or go further down are out of a screen reader's sight: one
    // polite line says so once the answer itself is read (an "other" box, next in line
    // after its choice, is found as it is). A condition only tests earlier questions.
    // Emptied by an answer that changes nothing: not left stale below the send button, and
    // the next change is new text to the screen reader, not the same text again.
    d.getElementById('_changed').textContent = moved ? T.c : '';
    save();
  });
  // Text still being composed with an input method (Japanese, Chinese: a reading that
  // becomes fewer characters) is not counted: it is counted once committed.
  const typed = ({ target: x, isComposing: c }) => {
    const info = !c && x.dataset.max && count(x);
    if (!info) return;
    clearTimeout(x.timer);
    x.timer = setTimeout(() => {
      const live = info.nextElementSibling;
      live.textContent = info.textContent;
      live.lang = info.lang;
    }, 1000);
  };
  d.addEventListener('input', typed);
  d.addEventListener('compositionend', typed);
  // A printed copy shows the words the page was built with, not the live counts, and a
  // one-line answer too long for its box in full below it (form.css hides the box on
  // paper): a text box cannot wrap, so paper showed only its first words.
  const unprint = () => all('.pv').forEach((x) => x.remove());
  addEventListener('beforeprint', () => {
    unprint();
    all('[data-print]').forEach((x) => { x.textContent = x.dataset.print; });
    all('input[dir]').forEach((x) => {
      if (x.scrollWidth > x.clientWidth) x.after(Object.assign(d.createElement('p'), { className: 'pv', textContent: x.value }));
    });
  });
  addEventListener('afterprint', () => { unprint(); if (f) update(), recount(); });
  // Opened, or Back to this page (from the thank-you page, or an error page the browser
  // showed): the browser has put the answers back by now, so show what applies to them, and
  // let the leaver send again; or, once they are stored, empty the form (fresh). Not
  // before: a page that Back loads anew gets the answers it was left with back from
  // Chromium after its load event, so the form emptied at setup filled again (the
  // answers of a plain post, which this page never saw stored: thank_you.html).
  addEventListener('pageshow', () => {
    if (!f) return;
    update();
    recount();
    fresh();
    busy();
  });
  // Hidden (another app, the screen locked): the draft too. A phone may end a tab left in
  // the background without 'pagehide', and an answer being typed has had no 'change' yet:
  // a leaver who came back hours later found it gone.
  d.addEventListener('visibilitychange', () => sent || save());
  addEventListener('pagehide', () => {
    // Leaving (a reload too): the draft, saved here rather than at every keystroke.
    sent || save();
    // A page kept for Back must not hear other tabs (Chromium would drop it from the cache).
    if (ch) ch.close();
    ch = null;
  });

  // Send once, with fetch. Errors come back as the collector's own error page: its <main>
  // replaces ours, so the summary, the messages and the kept answers are the same markup
  // as without JavaScript. When the answers cannot be sent at all (no connection, too
  // large, too many tries), the page stays as it is and says why above the form.
  // The button is marked busy, not disabled: a disabled button loses the keyboard focus,
  // and a screen reader hears "Sending…" from a status line beside it.
  let sending; // until the first send: not sending
  const busy = (on) => {
    sending = on;
    const button = f.querySelector('button');
    if (!button) return;
    const label = button.dataset.label = button.dataset.label || button.textContent;
    if (on) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
    // "Sending…" in its own language and direction, as the status line (form.html) has
    // it: left in English in a Hebrew button, it was read with a Hebrew voice and showed as
    // "…Sending" (dir=auto: the direction of its first letter).
    const x = d.getElementById('_status');
    button.replaceChildren(on ? Object.assign(d.createElement('span'), { lang: x.lang || root.lang, dir: 'auto', textContent: T.w }) : label);
    x.textContent = on ? T.w : '';
  };
  const notice = (x) => {
    const main = d.querySelector('main');
    x = x || copy('.errsum');
    x.tabIndex = -1;
    if (!d.title.startsWith(T.x)) d.title = T.x + d.title;
    all('.errsum', main).forEach((y) => y.remove());
    main.prepend(d.adoptNode(x));
    x.focus();
  };
  // A host may add a policy of its own (connect-src 'self', or a default-src) that lets
  // the page's script run but forbids fetch to a collector on another site: every send
  // then failed as "no connection", however often the leaver tried. The browser says so
  // in this event, just after the fetch has failed: the form is then sent as without the
  // script, which the policy's form-action may still allow. Only for the page's own send:
  // a script that a browser extension or antivirus software put into the page, and that
  // connects elsewhere, must not send a half-filled form. Not sent, so nothing to resend
  // twice: the same ID goes with the plain post, and the draft and the ID stay for Back
  // or a reload after a post that failed; once the answers are stored, the thank-you page
  // marks them sent, as this script does after its own send (thank_you.html). What does
  // not apply stays out of the post: the browser takes the answers as submit() is called,
  // so their fields are disabled for that call only (left disabled, they stayed out of
  // reach when the leaver stopped the post, or changed an answer while it was loading).
  d.addEventListener('securitypolicyviolation', (e) => {
    // A policy only reported (Content-Security-Policy-Report-Only, a host trying one out)
    // forbade nothing: the fetch goes on, and a plain post would send the answers twice.
    if (!f || e.disposition > 'r' || !f.action.startsWith(e.blockedURI)) return;
    // The plain post is forbidden too (form-action): nothing was sent, and the page says so.
    if (e.effectiveDirective !== 'connect-src') return notice();
    // Not while sending: a refused connection to the collector's own site (its root, a
    // prefix of the action) is not the form's.
    if (!sending) return;
    const off = all('.off [name]');
    sending = 2; // no "could not be sent" (submit)
    off.forEach((x) => { x.disabled = 1; });
    d.createElement('form').submit.call(f); // not f.submit: a question may be called so
    off.forEach((x) => { x.disabled = 0; });
  });
  d.addEventListener('submit', async (e) => {
    if (!f || e.target !== f) return;
    e.preventDefault();
    if (sending) return;
    busy(true);
    // The ID, if the page has none yet: a send before pageshow (a theme's images still
    // loading), or a form sent back with messages without one.
    fresh(1);
    save();
    let page;
    try {
      // Answers to what does not apply stay on the page (the browser puts them back after
      // Back only into fields that are not disabled) but are not sent.
      const body = new FormData(f);
      all('.off [name]').forEach((x) => body.delete(x.name));
      // The collector redirects only when it has stored the answers. Not followed here:
      // the thank-you page may be on another site that the script may not read, and the
      // browser would fetch it twice.
      // A connection that stalls (a train going into a tunnel) left "Sending…" on a dead
      // button for minutes: after 20 seconds it counts as not sent, and sending again is
      // safe, as the submission ID has the answers stored once.
      // (Browsers without AbortSignal.timeout wait as long as the connection lasts.)
      const r = await fetch(f.action, {
        method: 'POST', body: new URLSearchParams(body), redirect: 'manual', signal: AbortSignal.timeout && AbortSignal.timeout(2e4),
      });
      if (r.type === 'opaqueredirect') {
        sent = true;
        remember('sent');
        store(draft());
        done();
        return location.assign(f.dataset.thanks);
      }
      page = new DOMParser().parseFromString(await r.text(), 'text/html');
      const back = page.querySelector('main form');
      if (r.status === 422 && back) {
        // Its address is relative to the collector, and this page may be on another site.
        back.action = f.action;
        d.querySelector('main').replaceWith(d.adoptNode(page.querySelector('main')));
        d.title = page.title;
        setup();
        // From the top, as without the script: focus() alone scrolled a long summary (twenty
        // questions on a phone) to its middle, its heading out of sight.
        d.querySelector('.errsum').focus({ preventScroll: true });
        scrollTo(0, 0);
        busy(); // the new form's button, as it came
        return;
      }
      page = page.querySelector('.errsum');
    } catch (x) { /* no connection: the generic notice */ }
    // After the browser's report of a policy that forbade the fetch, if any (see above):
    // the form has gone as a plain post then, and "could not be sent" would be untrue.
    setTimeout(() => {
      if (sending !== 2) notice(page);
      busy();
    });
  });
  // Enter on a radio or a checkbox: Chromium sends the form with the first send button it
  // can use, passing over the disabled default button (form.html) that stops Enter in a
  // text box; a leaver who pressed Enter to choose sent a questionnaire barely begun.
  d.addEventListener('keydown', (e) => { if (e.key === 'Enter' && box(e.target)) e.preventDefault(); });
  // Whatever happens in setup, the page must not stay half hidden. The page runs this
  // script as it reads it (inline, never async), so DOMContentLoaded is always to come.
  d.addEventListener('DOMContentLoaded', () => { try { setup(); } finally { root.classList.remove('ld'); } });
})();
