import compress from '@fastify/compress';
import { Negotiator } from '@fastify/accept-negotiator';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Asset } from '../ui/assets';

/**
 * Pages and API answers are compressed on the fly (brotli at a quality cheap enough per request, else gzip);
 * the built assets carry their own precompressed bytes (brotli 11, gzip 9), made once at start.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
  });
  // A shared cache must keep one copy per encoding, also for answers too small to be compressed this time.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('vary') && /^(text\/|application\/(json|problem\+json|xml))/.test(String(reply.getHeader('content-type') ?? ''))) {
      reply.header('vary', 'accept-encoding');
    }
    return payload;
  });
}

const negotiator = new Negotiator({ supportedValues: ['br', 'gzip'] });

/** Sends a built asset in the best encoding the client accepts, with a year-long immutable cache (its URL is hashed). */
export function sendAsset(req: FastifyRequest, reply: FastifyReply, a: Asset): FastifyReply {
  reply.header('cache-control', 'public, max-age=31536000, immutable').type(a.type);
  if (!a.br && !a.gzip) return reply.send(Buffer.from(a.body));
  reply.header('vary', 'accept-encoding');
  const enc = negotiator.negotiate(String(req.headers['accept-encoding'] ?? ''));
  const body = enc === 'br' ? a.br : enc === 'gzip' ? a.gzip : undefined;
  if (!body) return reply.send(Buffer.from(a.body));
  return reply.header('content-encoding', enc!).send(Buffer.from(body));
}
