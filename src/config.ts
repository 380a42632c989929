import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { PGLITE_SHARED_BUFFERS } from './platform/db/database';
import { SEARCH_PROVIDERS, type SearchProviderName } from './platform/search/provider';

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  PGLITE_SHARED_BUFFERS: z.string().regex(/^\d+(kB|MB|GB)$/, 'ví dụ (e.g.) 32MB').default(PGLITE_SHARED_BUFFERS),
  DATABASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Đối Thoại <no-reply@doithoai.local>'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DEMO: boolish.optional(),
  JOBS: boolish.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_SECRET: z.string().min(16).optional(),
  AUDIT_ANCHOR_KEY: z.string().min(32, 'ít nhất 32 ký tự (at least 32 characters)').optional(),
  AUDIT_ANCHOR_KEY_FILE: z.string().min(1).optional(),
  AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  AUDIT_ANCHOR_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  TRUST_PROXY: z
    .string()
    .regex(/^(|false|true|\d+|[\w.:/]+(,\s*[\w.:/]+)*)$/, 'false, true, số proxy tin cậy, hoặc danh sách địa chỉ/CIDR')
    .optional(),
  WORKERS: z
    .union([z.literal('auto'), z.literal('').transform(() => 'auto' as const), z.coerce.number().int().min(1).max(64)])
    .optional(),
  SEARCH_PROVIDER: z.enum(SEARCH_PROVIDERS).default('postgres'),
  SEARCH_MEMORY_MAX_ENTRIES: z.coerce.number().int().min(1000).max(50_000_000).default(200_000),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** shared_buffers of the embedded database (PGlite), e.g. 32MB. */
  pgliteSharedBuffers: string;
  databaseUrl?: string;
  publicUrl: string;
  smtpUrl?: string;
  mailFrom: string;
  env: 'development' | 'production' | 'test';
  demo: boolean;
  jobs: boolean;
  logLevel: string;
  sessionSecret?: string;
  /** Which proxies may set X-Forwarded-For (the client's address drives per-address limits): Fastify's trustProxy. */
  trustProxy: boolean | number | string;
  /** Server processes sharing the port (node:cluster); more than one only on a PostgreSQL server. */
  workers: number;
  /** The key that signs the audit chain's anchors (never stored in the database); see platform/audit/anchor.ts. */
  auditAnchorKey?: string;
  /** Where anchors are appended (JSON lines); null: to the log only. */
  auditAnchorFile: string | null;
  auditAnchorMinutes: number;
  /** Who answers full-text searches (platform/search): 'postgres' (default, the database alone) or 'memory' (an
   *  index in each process, kept from the database's change log). */
  searchProvider: SearchProviderName;
  /** The most documents a memory index holds; above, the database answers. */
  searchMemoryMaxEntries: number;
};

export class ConfigError extends Error {}

/** Reads and validates configuration from the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ (invalid configuration):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (typeof c.WORKERS === 'number' && c.WORKERS > 1 && !c.DATABASE_URL) {
    throw new ConfigError(
      'Cấu hình không hợp lệ (invalid configuration):\n  WORKERS: nhiều tiến trình cần một máy chủ PostgreSQL (DATABASE_URL); cơ sở dữ liệu nhúng chỉ mở được trong một tiến trình',
    );
  }
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    pgliteSharedBuffers: c.PGLITE_SHARED_BUFFERS,
    databaseUrl: c.DATABASE_URL,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    smtpUrl: c.SMTP_URL || undefined,
    mailFrom: c.MAIL_FROM,
    env: c.NODE_ENV,
    demo: c.DEMO ?? c.NODE_ENV !== 'production',
    jobs: c.JOBS ?? true,
    logLevel: c.LOG_LEVEL,
    sessionSecret: c.SESSION_SECRET,
    trustProxy: parseTrustProxy(c.TRUST_PROXY),
    workers: workersOf(c.WORKERS, c),
    auditAnchorKey: c.AUDIT_ANCHOR_KEY ?? (c.AUDIT_ANCHOR_KEY_FILE ? readKeyFile(c.AUDIT_ANCHOR_KEY_FILE) : undefined),
    // Under test nothing is written beside the working copy unless a file is named.
    auditAnchorFile: c.AUDIT_ANCHOR_FILE
      ? path.resolve(c.AUDIT_ANCHOR_FILE)
      : c.NODE_ENV === 'test'
        ? null
        : path.join(path.resolve(c.DATA_DIR), 'audit-anchors.jsonl'),
    auditAnchorMinutes: c.AUDIT_ANCHOR_MINUTES,
    searchProvider: c.SEARCH_PROVIDER,
    searchMemoryMaxEntries: c.SEARCH_MEMORY_MAX_ENTRIES,
  };
}

/**
 * 'auto' (the default): one process per CPU in production on a PostgreSQL server, else one (the embedded database
 * opens in one process only; under test the clock that end-to-end tests move lives in one process).
 */
function workersOf(v: number | 'auto' | undefined, c: { DATABASE_URL?: string; NODE_ENV: string }): number {
  if (typeof v === 'number') return v;
  return c.DATABASE_URL && c.NODE_ENV === 'production' ? os.availableParallelism() : 1;
}

function readKeyFile(file: string): string {
  let key: string;
  try {
    key = fs.readFileSync(file, 'utf8').trim();
  } catch {
    throw new ConfigError(`Cấu hình không hợp lệ (invalid configuration):\n  AUDIT_ANCHOR_KEY_FILE: không đọc được ${file} (cannot read it)`);
  }
  if (key.length < 32) throw new ConfigError('Cấu hình không hợp lệ (invalid configuration):\n  AUDIT_ANCHOR_KEY_FILE: khóa cần ít nhất 32 ký tự (the key needs at least 32 characters)');
  return key;
}

/** Off unless set: trusting X-Forwarded-For from anyone would let a client choose its own address. */
function parseTrustProxy(v: string | undefined): boolean | number | string {
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
