import type { SearchProvider } from '../../platform/module';
import { excerpt, petitionPath } from './service/common';
import { searchPetitions } from './service/read';

/** The site-wide search: published public answers (and, for a signed-in caller, what they may see). */
export const petitionSearchProvider: SearchProvider = {
  label: 'petitions.search.label',
  async search(ctx, q, opts) {
    const r = await searchPetitions(ctx, opts.principal, q, { scope: opts.principal ? 'visible' : 'public', limit: opts.limit });
    return r.items.map((i) => ({
      title: `${i.code} · ${i.title}`,
      href: petitionPath(i.code),
      snippet: excerpt((i as { answerExcerpt?: string | null }).answerExcerpt || i.excerpt, 200),
      date: i.publishedAt ?? i.submittedAt,
    }));
  },
};
