import type { ModuleSearch } from '../../platform/module';
import { excerpt, petitionPath } from './service/common';
import { publicSearchCorpus, searchPetitions } from './service/read';

/** The site-wide search: published public answers (and, for a signed-in caller, what they may see), through the
 *  configured search provider. */
export const petitionSiteSearch: ModuleSearch = {
  label: 'petitions.search.label',
  corpora: [publicSearchCorpus],
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
