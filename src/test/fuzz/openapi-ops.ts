import fc from 'fast-check';
import { badContentType, badRawBody, badText, badUrlPart, badValue } from './bad-values';
import { BOUNDARY, multipartBody, type FuzzRequest, type Visitor } from './request';

/** The operations of the served OpenAPI document, and generated bad requests for each. */

type Schema = Record<string, any>;
interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema: Schema;
}
export interface Operation {
  key: string;
  method: string;
  path: string;
  params: Param[];
  /** Media types of the request body, with their schemas. */
  body: Record<string, Schema>;
  /** Answers with an event stream (never ends): not fuzzed, an answer would never come. */
  stream: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: any): Operation[] {
  const deref = (x: any, depth = 0): any => {
    if (!x || typeof x !== 'object' || depth > 20) return x;
    if (typeof x.$ref === 'string') {
      const target = x.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((o: any, k: string) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      return deref(target, depth + 1);
    }
    return x;
  };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => deref(p)).map((p: any) => ({ ...p, schema: resolveSchema(p.schema ?? {}, deref) }));
      const body: Record<string, Schema> = {};
      for (const [type, media] of Object.entries<any>(deref(op.requestBody)?.content ?? {})) body[type] = resolveSchema(media.schema ?? {}, deref);
      const stream = Object.values<any>(op.responses ?? {}).some((r) => Object.keys(deref(r)?.content ?? {}).includes('text/event-stream'));
      ops.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, params, body, stream });
    }
  }
  return ops;
}

function resolveSchema(s: Schema, deref: (x: any) => any, depth = 0): Schema {
  s = deref(s) ?? {};
  if (depth > 8 || typeof s !== 'object') return s;
  const out: Schema = { ...s };
  if (s.properties) out.properties = Object.fromEntries(Object.entries<any>(s.properties).map(([k, v]) => [k, resolveSchema(v, deref, depth + 1)]));
  if (s.items) out.items = resolveSchema(s.items, deref, depth + 1);
  for (const k of ['oneOf', 'anyOf', 'allOf']) if (Array.isArray(s[k])) out[k] = s[k].map((x: any) => resolveSchema(x, deref, depth + 1));
  return out;
}

/** A plausible value for a schema, so that a request gets past the first check and the mutation bites deeper. */
export function sample(s: Schema): unknown {
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (s.const !== undefined) return s.const;
  const alt = s.oneOf?.[0] ?? s.anyOf?.[0];
  if (alt) return sample(alt);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x: Schema) => sample(x)));
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type ?? (s.properties ? 'object' : 'string')) {
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(s.items ?? {})];
    case 'object':
      return Object.fromEntries(Object.entries<Schema>(s.properties ?? {}).map(([k, v]) => [k, sample(v)]));
    default: {
      if (s.format === 'date') return '2026-03-15';
      if (s.format === 'date-time') return '2026-03-15T08:00:00+07:00';
      if (s.format === 'email') return 'fuzz@example.com';
      const base = 'Đường tổ 5 phường Chiềng Cơi bị hỏng, đề nghị sửa chữa sớm cho bà con đi lại. ';
      const min = s.minLength ?? 0;
      const max = s.maxLength ?? 120;
      return base.repeat(Math.ceil((min + 1) / base.length)).slice(0, Math.max(min, Math.min(max, 40))).trim().padEnd(min, 'a');
    }
  }
}

/** Dotted paths of the fields of a body schema (top level, and one level into objects and arrays). */
function fieldPaths(s: Schema): string[][] {
  const out: string[][] = [];
  for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) {
    out.push([k]);
    for (const [k2] of Object.entries<Schema>(v.properties ?? {})) out.push([k, k2]);
    if (v.items?.properties) for (const [k2] of Object.entries<Schema>(v.items.properties)) out.push([k, '0', k2]);
    else if (v.items) out.push([k, '0']);
  }
  return out;
}

function setPath(obj: unknown, path: string[], value: unknown): unknown {
  const root: any = structuredClone(obj ?? {});
  let cur = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (cur[path[i]] === null || typeof cur[path[i]] !== 'object') cur[path[i]] = /^\d+$/.test(path[i + 1]) ? [] : {};
    cur = cur[path[i]];
  }
  cur[path.at(-1)!] = value;
  return root;
}

const enc = (v: unknown) => encodeURIComponent(String(v).toWellFormed());
const ip = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map(([a, b]) => `198.18.${a}.${b}`);

/** The bad requests of one operation, for one visitor: one thing (or the whole body) wrong at a time. */
export function requestsFor(op: Operation, visitor: Visitor): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const headerParams = op.params.filter((p) => p.in === 'header');
  const jsonSchema = op.body['application/json'];
  const multipart = op.body['multipart/form-data'];
  const unsafe = op.method !== 'GET';

  const build = (m: {
    mutation: string;
    path?: Record<string, string>;
    query?: Array<[string, string]>;
    headers?: Record<string, string>;
    body?: string;
    type?: string;
  }, xff: string): FuzzRequest => {
    let url = op.path.replace(/\{([^}]+)\}/g, (_, name) => m.path?.[name] ?? enc(sample(pathParams.find((p) => p.name === name)?.schema ?? {})));
    const query: Array<[string, string]> = m.query ?? queryParams.map((p) => [p.name, enc(sample(p.schema))]);
    if (unsafe && visitor.cookie) query.push(['_csrf', visitor.csrf]);
    if (query.length) url += '?' + query.map(([k, v]) => `${k}=${v}`).join('&');
    const headers: Record<string, string> = { accept: 'application/json', 'x-forwarded-for': xff, ...(m.headers ?? {}) };
    if (visitor.cookie) headers.cookie = visitor.cookie;
    if (unsafe) headers.origin = 'http://localhost:3000';
    let body = m.body;
    let type = m.type;
    if (body === undefined && jsonSchema && unsafe) {
      body = JSON.stringify(sample(jsonSchema));
      type ??= 'application/json';
    }
    if (type) headers['content-type'] = type;
    return { kind: 'api', target: op.key, mutation: m.mutation, method: op.method, url, headers, body };
  };

  const variants: Array<fc.Arbitrary<Parameters<typeof build>[0]>> = [];
  for (const p of pathParams) variants.push(badUrlPart.map((v) => ({ mutation: `path.${p.name}`, path: { [p.name]: v } })));
  if (queryParams.length) {
    variants.push(
      fc.tuple(fc.constantFrom(...queryParams), badUrlPart).map(([p, v]) => ({
        mutation: `query.${p.name}`,
        query: queryParams.map((q): [string, string] => [q.name, q === p ? v : enc(sample(q.schema))]),
      })),
      // Repeated, bracketed and unknown keys.
      fc.tuple(fc.constantFrom(...queryParams), badUrlPart).map(([p, v]) => ({ mutation: `query.${p.name} twice`, query: [[p.name, '1'], [p.name, v], [`${p.name}[x]`, v]] as Array<[string, string]> })),
    );
  }
  for (const h of headerParams) {
    variants.push(
      fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')), fc.constantFrom('', 'x'.repeat(5_000), '../..', '%00')).map((v) => ({
        mutation: `header.${h.name}`,
        headers: { [h.name.toLowerCase()]: v },
      })),
    );
  }
  if (jsonSchema && unsafe) {
    const paths = fieldPaths(jsonSchema);
    if (paths.length) {
      variants.push(
        fc.tuple(fc.constantFrom(...paths), badValue).map(([path, v]) => ({
          mutation: `body.${path.join('.')}`,
          body: JSON.stringify(setPath(sample(jsonSchema), path, v)),
          type: 'application/json',
        })),
      );
    }
    variants.push(
      badValue.map((v) => ({ mutation: 'body (whole)', body: JSON.stringify(v) ?? 'null', type: 'application/json' })),
      badRawBody.map((b) => ({ mutation: 'body (raw)', body: b, type: 'application/json' })),
      badContentType.map((t) => ({ mutation: 'content-type', body: JSON.stringify(sample(jsonSchema)), type: t })),
    );
  }
  if (multipart) {
    variants.push(
      fc.tuple(badText, badText, fc.constantFrom(undefined, 0.1, 0.5, 0.9), fc.constantFrom('image/png', 'application/pdf', 'text/html', '')).map(([name, data, cut, type]) => ({
        mutation: cut === undefined ? 'multipart file' : `multipart cut at ${cut}`,
        body: multipartBody([['note', name]], [{ name: 'file', filename: name.slice(0, 200) || 'x.png', type, data }], cut),
        type: `multipart/form-data; boundary=${BOUNDARY}`,
      })),
      badContentType.map((t) => ({ mutation: 'content-type', body: multipartBody([], [{ name: 'file', filename: 'a.png', type: 'image/png', data: 'x' }]), type: t })),
    );
  }
  if (!variants.length) variants.push(fc.constant({ mutation: 'as is' }));
  return fc.tuple(fc.oneof(...variants), ip).map(([m, xff]) => build(m, xff));
}
