import type { Generated } from 'kysely';

export const ARTICLE_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export type ArticleAction = 'publish' | 'withdraw';

/** The article state machine, as data. A published article with a future publish time is scheduled. */
export const TRANSITIONS: Record<ArticleAction, { from: ArticleStatus[]; to: ArticleStatus }> = {
  publish: { from: ['draft', 'withdrawn', 'published'], to: 'published' },
  withdraw: { from: ['published'], to: 'withdrawn' },
};

export function canTransition(from: ArticleStatus, action: ArticleAction): boolean {
  return TRANSITIONS[action].from.includes(from);
}

declare module '../../platform/db/types' {
  interface Database {
    news_articles: {
      id: Generated<number>;
      slug: string;
      title: string;
      summary: string;
      /** The restricted Markdown the editor wrote (paragraphs, bold/italic, links, lists, quotes). */
      body_md: string;
      /** Its rendering (markdown-it, html: false), kept so that reading never re-renders. */
      body_html: string;
      image_file_id: string | null;
      image_caption: string | null;
      unit_code: string;
      agency_id: number | null;
      author_id: number | null;
      author_name: string;
      status: ArticleStatus;
      /** When it appears (scheduled publishing: a published article shows once the clock passes it). */
      publish_at: Date | null;
      created_at: Date;
      updated_at: Date;
      search: Generated<string>;
    };
  }
}

export interface Article {
  id: number;
  slug: string;
  title: string;
  summary: string;
  bodyMd: string;
  bodyHtml: string;
  imageFileId: string | null;
  imageCaption: string | null;
  unitCode: string;
  agencyId: number | null;
  agencyName: string | null;
  authorId: number | null;
  authorName: string;
  status: ArticleStatus;
  publishAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
