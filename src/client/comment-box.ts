/**
 * The comment box island: keeps "Bạn còn N/500 ký tự" up to date as one types or pastes, shows the
 * overflow past the maximum (never cutting pasted text), refuses to send under the minimum or over
 * the maximum with the same messages as the server, and speaks the count politely to screen readers
 * — after a pause in typing or when a threshold is crossed, not on every keystroke.
 * The rules are the server's own (src/modules/comments/rules.ts); the messages come from data- attributes.
 */
import { announceBand, checkComment, fill, type CommentLimits } from '../modules/comments/rules';

const LIVE_DELAY_MS = 1200;

function enhance(form: HTMLFormElement): void {
  const area = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  const counter = form.querySelector<HTMLElement>('#comment-body-counter');
  const overflow = form.querySelector<HTMLElement>('#comment-body-overflow');
  const error = form.querySelector<HTMLElement>('#comment-body-error');
  const live = form.querySelector<HTMLElement>('#comment-body-live');
  if (!area || !counter || !overflow || !error || !live) return;
  const d = form.dataset;
  const limits: CommentLimits = { min: Number(d.min) || 5, max: Number(d.max) || 500 };
  const lang = document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN';
  const nf = new Intl.NumberFormat(lang);
  const msg = (key: string, params: Record<string, number>) => {
    const formatted: Record<string, string> = {};
    for (const k of Object.keys(params)) formatted[k] = nf.format(params[k]);
    return fill(d[key] ?? '', formatted);
  };

  let band = announceBand(0, limits);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSpoken = '';

  const speak = () => {
    const c = checkComment(area.value, limits);
    const text =
      c.overflow > 0
        ? msg('msgLiveOver', { count: c.count, n: c.overflow })
        : msg('msgLive', { count: c.count, n: c.remaining, max: limits.max });
    if (text !== lastSpoken) {
      live.textContent = text;
      lastSpoken = text;
    }
  };

  // Which problem the refusal shown describes (null: the server's, rendered with the page).
  let errorFor: 'short' | 'long' | null = null;
  const setError = (text: string, problem: 'short' | 'long' | null = null) => {
    errorFor = text ? problem : null;
    error.textContent = text;
    error.hidden = !text;
    if (text) area.setAttribute('aria-invalid', 'true');
    else area.removeAttribute('aria-invalid');
    area.closest('.field')?.classList.toggle('has-error', !!text);
  };

  const update = () => {
    const c = checkComment(area.value, limits);
    counter.textContent = msg('msgCounter', { n: c.remaining, max: limits.max });
    overflow.textContent = c.overflow > 0 ? msg('msgOverflow', { n: c.overflow }) : '';
    overflow.hidden = c.overflow === 0;
    // A refusal stays only while it still describes the text: acceptable again, or too long after "too short"
    // (a paste), it goes away — the overflow line says what is wrong now.
    if (error.textContent && (!c.problem || c.problem !== errorFor)) setError('');
    const b = announceBand(c.count, limits);
    clearTimeout(timer);
    if (b !== band) {
      band = b;
      speak();
    } else {
      timer = setTimeout(speak, LIVE_DELAY_MS);
    }
  };

  area.addEventListener('input', update);
  form.addEventListener('submit', (ev) => {
    const c = checkComment(area.value, limits);
    if (!c.problem) return;
    ev.preventDefault();
    setError(c.problem === 'short' ? d.msgShort ?? '' : fill(d.msgLong ?? '', { count: nf.format(c.count) }), c.problem);
    area.focus();
  });
  // The server rendered the counter already; a restored draft (back button) may differ.
  if (area.value) update();
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-comment-box]')) enhance(form);
