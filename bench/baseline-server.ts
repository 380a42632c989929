/**
 * The baseline of `npm run bench`: a bare Fastify server (no plugins, no hooks, no database) in its own
 * process, answering a body of a requested size, so each endpoint is set beside what the framework and
 * the machine give for the same bytes. GET or POST /size/:bytes?type=json|html; prints its port.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const bodies = new Map<string, Buffer>();
function body(bytes: number, type: string): Buffer {
  const key = `${type}:${bytes}`;
  let b = bodies.get(key);
  if (!b) {
    b = Buffer.alloc(bytes, 'x');
    if (type === 'json' && bytes >= 2) {
      b.write('"', 0);
      b.write('"', bytes - 1);
    }
    bodies.set(key, b);
  }
  return b;
}
const handler = async (req: { params: unknown; query: unknown }, reply: any) => {
  const bytes = Math.min(Number((req.params as { bytes: string }).bytes) || 0, 10_000_000);
  const type = (req.query as { type?: string }).type === 'json' ? 'json' : 'html';
  return reply
    .type(type === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8')
    .send(body(bytes, type));
};
app.get('/size/:bytes', handler);
app.post('/size/:bytes', handler);
app.get('/hello', async () => 'hello');

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const addr = app.server.address();
console.log(`port ${typeof addr === 'object' && addr ? addr.port : ''}`);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
