import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config';
import type { Executor } from '../db/types';
import type { RecurringJob } from '../jobs/jobs';
import { GENESIS, verifyAudit, type VerifyResult } from './audit';

/**
 * The audit chain's head, signed with a key the database does not hold (HMAC-SHA256) and kept outside it (a file,
 * the log). Whoever can write to the database can rewrite the chain and its head consistently; they cannot forge an
 * anchor, so `audit-verify` comparing the chain with the anchors finds rows removed from the end (the head rewound)
 * or a row edited with every later hash recomputed.
 */
export interface AuditAnchor {
  /** How many rows the chain had, and the hash of its last link. */
  count: number;
  hash: string;
  at: string;
  mac: string;
}

function macOf(key: string, a: Pick<AuditAnchor, 'count' | 'hash' | 'at'>): string {
  return createHmac('sha256', key).update(`doithoai-audit-anchor\n${a.count}\n${a.hash}\n${a.at}`).digest('hex');
}

export function signAnchor(key: string, head: { count: number; hash: string }, at: Date): AuditAnchor {
  const a = { count: head.count, hash: head.hash, at: at.toISOString() };
  return { ...a, mac: macOf(key, a) };
}

export function anchorSigned(key: string, a: AuditAnchor): boolean {
  const want = Buffer.from(macOf(key, a), 'hex');
  const got = Buffer.from(String(a.mac ?? ''), 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The chain's head as the database says now. */
export async function auditHead(db: Executor): Promise<{ count: number; hash: string }> {
  const head = await db.selectFrom('audit_head').select(['count', 'hash']).where('id', '=', 1).executeTakeFirst();
  return head ? { count: Number(head.count), hash: head.hash } : { count: 0, hash: GENESIS };
}

/** Appends one anchor to the file (one JSON line each; the file only grows). */
export function appendAnchor(file: string, a: AuditAnchor): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(a)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The anchors of the file (none when it does not exist); unreadable lines are reported as problems by verify. */
export function readAnchors(file: string): Array<AuditAnchor | { bad: string }> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        const a = JSON.parse(l) as AuditAnchor;
        return typeof a.count === 'number' && typeof a.hash === 'string' ? a : { bad: l.slice(0, 80) };
      } catch {
        return { bad: l.slice(0, 80) };
      }
    });
}

/**
 * The anchor key: AUDIT_ANCHOR_KEY, else the file AUDIT_ANCHOR_KEY_FILE names, else one generated once into
 * DATA_DIR/audit-anchor.key (on the application's host, not in the database server; an operator should keep a copy
 * elsewhere). Under NODE_ENV=test none is generated.
 */
export function anchorKey(config: Config): string | null {
  if (config.auditAnchorKey) return config.auditAnchorKey;
  if (config.env === 'test') return null;
  const file = path.join(config.dataDir, 'audit-anchor.key');
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** Signs the head now and exports it: to the anchor file (when configured) and to the log. */
export async function exportAnchor(ctx: { db: Executor; config: Config; clock: { now(): Date }; log: { info(o: object, m: string): void } }): Promise<AuditAnchor | null> {
  const key = anchorKey(ctx.config);
  if (!key) return null;
  const a = signAnchor(key, await auditHead(ctx.db), ctx.clock.now());
  if (ctx.config.auditAnchorFile) appendAnchor(ctx.config.auditAnchorFile, a);
  ctx.log.info({ auditAnchor: a }, 'audit anchor');
  return a;
}

/** Exports an anchor every AUDIT_ANCHOR_MINUTES (the operator's choice; 60 by default). */
export function auditAnchorJob(config: Config): RecurringJob {
  return {
    name: 'platform.audit-anchor',
    everyMinutes: config.auditAnchorMinutes,
    async run(ctx) {
      await exportAnchor(ctx);
    },
  };
}

/**
 * `verifyAudit` against the anchors of the configured file: what `audit-verify` runs. Without a key or an anchor
 * the chain is checked alone, and `unanchored` says so (rows removed from the end would then go unseen).
 */
export async function verifyAnchored(db: Executor, config: Config, file = config.auditAnchorFile): Promise<VerifyResult & { anchors: number; unanchored: boolean }> {
  const key = anchorKey(config);
  const anchors = key && file ? readAnchors(file) : [];
  const r = await verifyAudit(db, 5000, key ? { key, anchors, signed: anchorSigned } : undefined);
  return { ...r, anchors: anchors.length, unanchored: anchors.length === 0 };
}
