/**
 * The comment box's rules, shared by the server and the browser island (src/client/comment-box.ts).
 * Nothing here may import server-only code: esbuild bundles this file into the island.
 *
 * A comment is measured as a person sees it: Unicode NFC, leading and trailing white space
 * removed, then grapheme clusters counted with Intl.Segmenter — so "Việt" typed with combining
 * marks counts 4, an emoji family counts 1, and the browser and the server always agree.
 */

import { neutralizeBidi } from '../../platform/text/bidi';

export interface CommentLimits {
  /** Fewest characters a comment may have (setting comments.minLength, default 5). */
  min: number;
  /** Most characters a comment may have (setting comments.maxLength, default 500). */
  max: number;
}

export const DEFAULT_LIMITS: CommentLimits = { min: 5, max: 500 };

/** NFC, bidi controls removed, then trimmed: the text that is counted and stored. */
export function normalizeComment(text: string): string {
  return neutralizeBidi(text.normalize('NFC')).trim();
}

type Segmenter = { segment(s: string): Iterable<unknown> };
let segmenter: Segmenter | null | undefined;
function getSegmenter(): Segmenter | null {
  if (segmenter === undefined) {
    const S = (Intl as unknown as { Segmenter?: new (l: string, o: { granularity: 'grapheme' }) => Segmenter }).Segmenter;
    segmenter = S ? new S('vi', { granularity: 'grapheme' }) : null;
  }
  return segmenter;
}

/** Grapheme clusters of an already normalised text. */
export function graphemeCount(normalized: string): number {
  const seg = getSegmenter();
  if (!seg) return Array.from(normalized).length; // very old browsers: code points, after NFC
  let n = 0;
  for (const _ of seg.segment(normalized)) n++;
  return n;
}

/** Characters of a comment as a person sees them (NFC, trimmed, grapheme clusters). */
export function countComment(text: string): number {
  return graphemeCount(normalizeComment(text));
}

export type CommentProblem = 'short' | 'long';

export interface CommentCheck {
  /** The normalised text (what the server stores). */
  text: string;
  count: number;
  /** What the counter shows: max − count, never below 0. */
  remaining: number;
  /** Characters past the maximum (0 when within it). */
  overflow: number;
  problem: CommentProblem | null;
}

export function checkComment(text: string, limits: CommentLimits = DEFAULT_LIMITS): CommentCheck {
  const normalized = normalizeComment(text);
  const count = graphemeCount(normalized);
  return {
    text: normalized,
    count,
    remaining: Math.max(0, limits.max - count),
    overflow: Math.max(0, count - limits.max),
    problem: count < limits.min ? 'short' : count > limits.max ? 'long' : null,
  };
}

/** Fills {name} placeholders (the island gets its message templates from data- attributes). */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k])));
}

/**
 * Thresholds at which the polite live region speaks even while the person keeps typing:
 * reaching the minimum, 50, 20 and 0 characters left, and going over the maximum.
 */
export function announceBand(count: number, limits: CommentLimits): number {
  if (count < limits.min) return 0;
  const left = limits.max - count;
  if (left < 0) return 5;
  if (left === 0) return 4;
  if (left <= 20) return 3;
  if (left <= 50) return 2;
  return 1;
}
