import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import type { LiveEvent } from './model';
import { liveHub } from './service';

/** The Last-Event-ID a reconnecting listener sends (header, or `lastEventId` in the query for a first connection). */
function lastEventId(req: FastifyRequest): number {
  const h = req.headers['last-event-id'];
  const raw = (Array.isArray(h) ? h[0] : h) ?? (req.query as Record<string, string> | undefined)?.lastEventId ?? '0';
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

export function sseFrame(e: LiveEvent): string {
  return `id: ${e.seq}\nevent: ${e.kind}\ndata: ${JSON.stringify({ seq: e.seq, kind: e.kind, at: e.at, ...e.payload })}\n\n`;
}

/**
 * A conference's live events as server-sent events: first what the listener missed since its Last-Event-ID (every
 * event is kept, numbered), then each new one as any process on any server publishes it (platform/events).
 * A comment line every 20 s keeps proxies from closing the connection.
 */
export async function streamConference(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, conferenceId: number): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 3000\n\n');
  let remove: (() => void) | null = null;
  const beat = setInterval(() => res.write(': \n\n'), 20_000);
  beat.unref();
  const done = () => {
    clearInterval(beat);
    remove?.();
    remove = null;
  };
  req.raw.on('close', done);
  try {
    remove = await liveHub(ctx).add(conferenceId, lastEventId(req), (e) => res.write(sseFrame(e)));
    if (res.destroyed) done();
  } catch (err) {
    ctx.log.warn({ err }, 'live stream failed');
    done();
    res.end();
  }
}
