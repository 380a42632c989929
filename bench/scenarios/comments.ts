import { sql } from 'kysely';
import { defineScenario, type BenchRequest } from '../types';
import { generateComments } from '../../src/modules/comments/generator';
import { encodeCursor } from '../../src/modules/comments/service';
import { getArticleBySlug } from '../../src/modules/news/service';

const SLUG = 'phat-huy-vai-tro-nguoi-dung-dau-trong-doi-thoai-truc-tiep-voi-nhan-dan';

interface State {
  articleId: number;
  deepCursor: string;
}

/**
 * The source article with 10,000 comments (every 10th with 2 replies): the article page's first render
 * (keyset page of 20 top-level comments with their replies), a page deep in the list, the JSON list,
 * and guests posting comments (each from its own address, so the per-address limit is not what is measured).
 */
export const comments = defineScenario<State>({
  name: 'comments',
  title: 'Comments: an article with 10,000 comments, and posting',
  description:
    'The demo source article with 10,000 generated top-level comments (and 2 replies on every 10th). Pages use keyset ' +
    'pagination on a partial index of the visible top-level comments (target_type, target_id, created_at, id), replies on (parent_id, created_at, id), so page 450 costs what page 1 does; counts come from the ' +
    'comment_targets cache. Posting runs the full use case (shared 5–500 rules, impersonation and word-list checks, rate limits, ' +
    'one transaction with the hash-chained audit entry): guests, each request from a different X-Forwarded-For address.',
  async setup({ ctx, scale, log }) {
    const article = await getArticleBySlug(ctx.db, SLUG);
    if (!article) throw new Error('comments bench: the demo source article is missing');
    const count = Math.max(100, Math.round(10_000 * scale));
    log(`generating ${count} comments on article ${article.id}`);
    await generateComments(ctx.db, { targetType: 'news', targetId: article.id, count, repliesPer: 2, start: new Date(Date.UTC(2025, 0, 1)) });
    await sql`analyze comments`.execute(ctx.db);
    const deep = await ctx.db
      .selectFrom('comments')
      .select(['id', 'created_at'])
      .where('target_type', '=', 'news')
      .where('target_id', '=', article.id)
      .where('parent_id', 'is', null)
      .where('status', '=', 'visible')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(Math.floor(count * 0.9))
      .limit(1)
      .executeTakeFirstOrThrow();
    return { articleId: article.id, deepCursor: encodeCursor(new Date(deep.created_at), Number(deep.id)) };
  },
  requests: ({ state }): BenchRequest[] => [
    { name: 'GET /tin-tuc/:slug (article + first page of 10,000 comments)', path: `/tin-tuc/${SLUG}`, headers: { accept: 'text/html' }, target: 'p99 ≤ 50 ms' },
    {
      name: 'GET /tin-tuc/:slug?cursor=… (page 450 of the comments)',
      path: `/tin-tuc/${SLUG}?cursor=${state.deepCursor}`,
      headers: { accept: 'text/html' },
      target: 'p99 ≤ 50 ms',
    },
    { name: 'GET /api/v1/comments (first page, JSON)', path: `/api/v1/comments?targetType=news&targetId=${state.articleId}`, target: 'p99 ≤ 50 ms' },
    {
      name: 'POST /api/v1/comments (guest comment, held for moderation)',
      method: 'POST',
      path: '/api/v1/comments',
      headers: { 'content-type': 'application/json' },
      expectStatus: 201,
      vary: (i) => ({
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
        body: JSON.stringify({
          targetType: 'news',
          targetId: state.articleId,
          body: `Ý kiến số ${i} của người dân về buổi đối thoại, đề nghị công khai kết quả.`,
          guestName: `Người dân ${i}`,
          guestContact: `nguoidan${i}@example.com`,
        }),
      }),
    },
  ],
});
