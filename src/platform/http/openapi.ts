import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import type { AppContext } from '../context';
import type { ModuleManifest } from '../module';
import { ApiDocsPage } from '../ui/api-docs';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  servers: Array<{ url: string }>;
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, any>>;
  components: Record<string, unknown>;
}

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
  required: ['type', 'title', 'status'],
};

export function buildOpenApi(ctx: AppContext, modules: ModuleManifest[]): OpenApiDocument {
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: 'Đối Thoại API',
      version: '1',
      description:
        'API JSON của nền tảng Đối Thoại. Lỗi trả về theo RFC 9457 (application/problem+json). ' +
        'Xác thực bằng cookie phiên (chỉ từ cùng nguồn gốc) hoặc mã truy cập cá nhân: Authorization: Bearer <mã>.',
    },
    servers: [{ url: ctx.config.publicUrl }],
    tags: [],
    paths: {},
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Mã truy cập cá nhân (personal API token)' },
        session: { type: 'apiKey', in: 'cookie', name: 'dt_session' },
      },
      responses: {
        Problem: { description: 'Lỗi', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    },
  };
  for (const m of modules) {
    const f = m.openapi;
    if (!f) continue;
    doc.tags.push(...(f.tags ?? []));
    Object.assign(doc.paths, f.paths ?? {});
    Object.assign(doc.components.schemas as object, f.schemas ?? {});
  }
  return doc;
}

export function registerOpenApi(app: FastifyInstance, ctx: AppContext, modules: ModuleManifest[]): void {
  let cached: OpenApiDocument | null = null;
  const get = () => (cached ??= buildOpenApi(ctx, modules));
  app.get('/api/v1/openapi.json', async () => get());
  app.get('/api/docs', async (req, reply) => reply.view(h(ApiDocsPage, { ctx: req.page(), doc: get() })));
}
