/**
 * The petition form island (the form works fully without it): a live character counter on the content
 * (grapheme count of the NFC text, as the server counts), suggestions of similar answered petitions while
 * the title is typed, the map pin picker (loaded only when opened), and filling an answer from a template.
 */

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('vi', { granularity: 'grapheme' }) : null;

/** Characters as a person sees them: NFC, trimmed, grapheme clusters (src/platform/text visibleLength). */
export function visibleLength(s: string): number {
  const t = s.normalize('NFC').trim();
  if (!segmenter) return Array.from(t).length;
  let n = 0;
  for (const _ of segmenter.segment(t)) n++;
  return n;
}

const fill = (tpl: string, p: Record<string, string | number>) => tpl.replace(/\{(\w+)\}/g, (m, k: string) => (k in p ? String(p[k]) : m));
const nf = new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN');

function counter(area: HTMLTextAreaElement): void {
  const min = Number(area.dataset.min) || 0;
  const max = Number(area.dataset.max) || 5000;
  const out = document.createElement('p');
  out.className = 'counter hint';
  out.id = `${area.id}-counter`;
  out.setAttribute('aria-live', 'polite');
  area.insertAdjacentElement('afterend', out);
  area.setAttribute('aria-describedby', `${area.getAttribute('aria-describedby') ?? ''} ${out.id}`.trim());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = () => {
    const n = visibleLength(area.value);
    let text: string;
    if (n > max) text = fill(area.dataset.counterOver ?? '', { over: nf.format(n - max), max: nf.format(max) });
    else if (n < min && n > 0) text = fill(area.dataset.counterShort ?? '', { need: nf.format(min - n), min: nf.format(min) });
    else text = fill(area.dataset.counter ?? '', { left: nf.format(max - n), max: nf.format(max) });
    out.classList.toggle('over', n > max);
    // Screen readers hear the count after a pause, not on every keystroke.
    clearTimeout(timer);
    out.setAttribute('aria-busy', 'true');
    out.textContent = text;
    timer = setTimeout(() => out.removeAttribute('aria-busy'), 800);
  };
  area.addEventListener('input', update);
  update();
}

function suggestions(input: HTMLInputElement): void {
  const box = document.getElementById('similar');
  const list = box?.querySelector('ul');
  const unit = document.querySelector<HTMLSelectElement>('select[name="unitCode"]');
  if (!box || !list) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | null = null;
  let last = '';
  const run = async () => {
    const title = input.value.trim();
    if (title === last) return;
    last = title;
    controller?.abort();
    if (visibleLength(title) < 4) {
      box.hidden = true;
      return;
    }
    controller = new AbortController();
    const url = new URL(input.dataset.similar ?? '/kien-nghi/goi-y', location.href);
    url.searchParams.set('tieu-de', title);
    if (unit?.value) url.searchParams.set('unit', unit.value);
    try {
      const res = await fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (!res.ok) return;
      const data = (await res.json()) as { items: Array<{ code: string; title: string; status: string; unit: string; href: string }> };
      list.replaceChildren(
        ...data.items.map((i) => {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = i.href;
          a.textContent = i.title;
          a.target = '_blank';
          a.rel = 'noopener';
          const meta = document.createElement('span');
          meta.className = 'meta';
          meta.textContent = ` — ${i.code} · ${i.unit} · ${i.status}`;
          li.append(a, meta);
          return li;
        }),
      );
      box.hidden = data.items.length === 0;
    } catch {
      /* offline or aborted: the form works without suggestions */
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 350);
  });
}

function mapPicker(details: HTMLDetailsElement): void {
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    const style = details.dataset.mapStyle;
    if (style) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = style;
      document.head.append(link);
    }
    const s = document.createElement('script');
    s.type = 'module';
    s.src = details.dataset.mapScript ?? '';
    document.body.append(s);
  });
}

function templates(select: HTMLSelectElement): void {
  const list = JSON.parse(select.dataset.templates ?? '[]') as Array<{ id: number; body: string }>;
  const area = document.getElementById('answerText') as HTMLTextAreaElement | null;
  if (!area) return;
  // With JavaScript the template fills the answer at once; the button (for no-JS) is not needed.
  const button = select.parentElement?.querySelector('button');
  if (button) button.hidden = true;
  select.addEventListener('change', () => {
    const tpl = list.find((x) => String(x.id) === select.value);
    if (!tpl) return;
    area.value = tpl.body;
    area.dispatchEvent(new Event('input'));
    area.focus();
  });
}

document.querySelectorAll<HTMLTextAreaElement>('textarea[data-max]').forEach(counter);
document.querySelectorAll<HTMLInputElement>('input[data-similar]').forEach(suggestions);
document.querySelectorAll<HTMLDetailsElement>('details.map-picker').forEach(mapPicker);
document.querySelectorAll<HTMLSelectElement>('select[data-templates]').forEach(templates);
