import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { notFound } from '../http/errors';
import { canReadFile, getFile } from './files';
import { thumbnail } from './thumbnails';

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * GET /tep/:id serves a stored file with its stored type. A file the caller may not read is
 * answered exactly like a missing one (404), so ids reveal nothing.
 */
export function registerFileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/tep/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const file = await getFile(ctx.db, id);
    if (!file || !(await canReadFile(ctx, req.principal, file))) throw notFound();
    const inline = file.kind === 'image' || file.kind === 'pdf';
    const etag = `"${file.sha256}"`;
    reply
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.filename))
      .header('cache-control', file.public ? 'public, max-age=31536000, immutable' : 'private, max-age=3600')
      .header('etag', etag)
      .header('cross-origin-resource-policy', 'same-origin');
    // Nothing a file contains may run as a page of this site.
    reply.header(
      'content-security-policy',
      file.kind === 'pdf' ? "default-src 'none'; object-src 'self'; plugin-types application/pdf" : "default-src 'none'; sandbox",
    );
    if (!file.public) reply.header('vary', 'cookie, authorization');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(file.contentType).send(file.data);
  });

  // A small WebP of a stored image (officers' lists and details show these instead of bare links); same access rule.
  app.get('/tep/:id/anh-nho', async (req, reply) => {
    const { id } = req.params as { id: string };
    const file = await getFile(ctx.db, id);
    if (!file || file.kind !== 'image' || !(await canReadFile(ctx, req.principal, file))) throw notFound();
    const etag = `"${file.sha256}-t"`;
    reply
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', file.public ? 'public, max-age=31536000, immutable' : 'private, max-age=3600')
      .header('etag', etag)
      .header('cross-origin-resource-policy', 'same-origin')
      .header('content-security-policy', "default-src 'none'; sandbox");
    if (!file.public) reply.header('vary', 'cookie, authorization');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('image/webp').send(await thumbnail(file.sha256, file.data));
  });
}
