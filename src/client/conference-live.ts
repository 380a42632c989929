/**
 * The live conference page's island: listens to the conference's server-sent events and updates the current item,
 * the question being answered and the answers so far. The browser's EventSource resends the Last-Event-ID when it
 * reconnects, so nothing is missed; without JavaScript the page refreshes itself instead.
 */
interface Q {
  id: number;
  askerName: string;
  askerVillage: string | null;
  content: string;
  answeredByName: string | null;
  answeredByTitle: string | null;
  answer: string | null;
  commitmentText: string | null;
  commitmentDeadline: string | null;
}

const root = document.getElementById('live');
if (root && 'EventSource' in window) {
  const texts = (document.getElementById('live-texts') as HTMLElement).dataset;
  const states = JSON.parse(texts.states ?? '{}') as Record<string, string>;
  const el = (id: string) => document.getElementById(id) as HTMLElement;
  const text = (tag: string, s: string, cls?: string) => {
    const n = document.createElement(tag);
    n.textContent = s;
    if (cls) n.className = cls;
    return n;
  };
  const dmy = (iso: string | null) => (iso ? iso.slice(0, 10).split('-').reverse().join('/') : '');
  const asker = (q: Q) => `${q.askerName}${q.askerVillage ? ` (${q.askerVillage})` : ''}:`;

  const showCurrent = (q: Q | null) => {
    const box = el('live-current');
    box.replaceChildren();
    if (!q) return box.append(text('p', texts.noCurrent ?? '', 'meta'));
    const p = document.createElement('p');
    p.append(text('strong', asker(q)), ' ', q.content);
    box.append(p);
  };

  const showAnswer = (q: Q) => {
    const list = el('live-answers');
    const li = document.createElement('li');
    li.id = `q-${q.id}`;
    const p1 = document.createElement('p');
    p1.append(text('strong', asker(q)), ' ', q.content);
    li.append(p1);
    if (q.answer) {
      const p2 = document.createElement('p');
      p2.append(text('em', (texts.answeredBy ?? '').replace('{name}', q.answeredByName ?? '').replace('{title}', q.answeredByTitle ?? '')), ' ', q.answer);
      li.append(p2);
    }
    if (q.commitmentText) {
      const p3 = document.createElement('p');
      p3.className = 'commitment';
      p3.append(text('strong', texts.commitment ?? ''), ` ${q.commitmentText} — ${texts.deadline ?? ''} ${dmy(q.commitmentDeadline)}`);
      li.append(p3);
    }
    document.getElementById(li.id)?.remove();
    list.append(li);
  };

  const src = new EventSource(`${root.dataset.stream}?lastEventId=${root.dataset.lastEvent ?? '0'}`);
  const on = (kind: string, fn: (d: any) => void) =>
    src.addEventListener(kind, (e) => {
      const d = JSON.parse((e as MessageEvent).data);
      root.dataset.lastEvent = String(d.seq);
      fn(d);
    });
  on('status', (d) => {
    el('live-status').textContent = states[d.status] ?? d.status;
    if (d.status !== 'in_session' && d.status !== 'announced') src.close();
  });
  on('item', (d) => (el('live-item').textContent = `${d.item.position}. ${d.item.title}`));
  on('current', (d) => showCurrent(d.question));
  on('answered', (d) => {
    showAnswer(d.question);
    showCurrent(null);
  });
  on('deferred', () => showCurrent(null));
}
