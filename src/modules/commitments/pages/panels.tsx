import type { PagePanel } from '../../../platform/module';
import { listPetitionCommitments } from '../service';
import { PetitionCommitmentsPanel } from '../views/petition-panel';

/** What this module shows on other modules' pages (the petitions module renders its place 'petition'). */
export const panels: PagePanel[] = [
  {
    place: 'petition',
    order: 10,
    async render(req, ctx, subject) {
      const items = await listPetitionCommitments(ctx, req.principal, subject.id);
      // The public and the petitioner see the panel only when a commitment was made; officials always (to record one).
      if (!items.length && subject.relation !== 'official') return null;
      return <PetitionCommitmentsPanel ctx={req.page()} subject={subject} items={items} />;
    },
  },
];
