import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness';
import { HttpError, ValidationError } from '../../../platform/http/errors';
import { createCast, type Cast } from '../../petitions/testing';
import { getPetitionForViewer } from '../../petitions/service';
import { createGroups } from '../testing';
import { quarterOf } from '../period';
import {
  acceptProposal,
  createTopic,
  getDossier,
  getTopic,
  listProposals,
  listTopicSummaries,
  mergeTopics,
  matchPetition,
  moveItems,
  recordTopicRaised,
  rejectProposal,
  removeItems,
  requestProposals,
  splitProposal,
  splitTopic,
} from './index';

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpError) return e.status;
    if (e instanceof ValidationError) return 422;
    throw e;
  }
  return 200;
}

describeEachEngine('consolidation service', (getApp) => {
  let c: Cast;
  let ids: Record<string, number[]>;
  let period: string;
  const unitCode = '03670';
  beforeAll(async () => {
    const app = getApp();
    c = await createCast(app.ctx);
    ids = await createGroups(app.ctx, c.citizenA, ['nuoc-duc-ban-co', 'duong-ban-hai-sat-lo', 'rac-cho-chieng-coi', 'mam-non-ban-co'], 4);
    period = quarterOf(app.clock.now());
  }, 300_000);

  const propose = async () => {
    const app = getApp();
    await requestProposals(app.ctx, c.frontCC, { unitCode, period });
    while ((await app.jobs.runOnce()) > 0);
    return listProposals(app.ctx, c.frontCC, { unitCode, period });
  };
  const sameSet = (a: number[], b: number[]) => expect([...a].sort()).toEqual([...b].sort());

  it('proposes one group per problem, as a background job with its progress', async () => {
    const { proposals, run } = await propose();
    expect(run).toMatchObject({ status: 'done', done: 16, total: 16 });
    expect(proposals).toHaveLength(4);
    for (const g of Object.values(ids)) expect(proposals.some((p) => p.petitionIds.length === 4 && g.every((id) => p.petitionIds.includes(id)))).toBe(true);
  });

  it('only the unit’s Front officer acts on proposals; handling officers read, another commune does not', async () => {
    const app = getApp();
    expect(await status(requestProposals(app.ctx, c.officerCC, { unitCode, period }))).toBe(403);
    expect(await status(listProposals(app.ctx, c.officerCC, { unitCode, period }))).toBe(200);
    expect(await status(listProposals(app.ctx, c.officerTH, { unitCode, period }))).toBe(403);
    expect(await status(listProposals(app.ctx, c.supervisor, { unitCode, period }))).toBe(200);
  });

  it('accept, split and reject: decisions survive the next run; the dossier has a stable id', async () => {
    const app = getApp();
    const { proposals } = await listProposals(app.ctx, c.frontCC, { unitCode, period });
    const find = (g: string) => proposals.find((p) => p.petitionIds.includes(ids[g][0]))!;
    const water = await acceptProposal(app.ctx, c.frontCC, find('nuoc-duc-ban-co').id, { title: 'Nước sinh hoạt bản Cọ bị đục', summary: 'Nước máy đục sau mưa.' });
    const road = find('duong-ban-hai-sat-lo');
    const part = await splitProposal(app.ctx, c.frontCC, road.id, { petitionIds: ids['duong-ban-hai-sat-lo'].slice(0, 1) });
    const roadTopic = await acceptProposal(app.ctx, c.frontCC, road.id, {});
    await acceptProposal(app.ctx, c.frontCC, part.proposalId, {});
    await rejectProposal(app.ctx, c.frontCC, find('rac-cho-chieng-coi').id);
    expect(await status(rejectProposal(app.ctx, c.frontCC, road.id))).toBe(422);

    const topic = (await getTopic(app.ctx, water.topicId))!;
    expect(topic).toMatchObject({ title: 'Nước sinh hoạt bản Cọ bị đục', counts: { items: 4 } });
    sameSet(topic.items.map((i) => i.petitionId), ids['nuoc-duc-ban-co']);
    // The petition knows its topic (set through the petitions service).
    const detail = await getPetitionForViewer(app.ctx, c.officerCC, ids['nuoc-duc-ban-co'][0]);
    expect(detail?.petition.topicId).toBe(water.topicId);

    const again = await propose();
    // Rejected petitions are not proposed again as a group; grouped ones stay where they are.
    expect(again.proposals.flatMap((p) => p.petitionIds).filter((id) => ids['rac-cho-chieng-coi'].includes(id))).toEqual([]);
    expect(again.proposals.flatMap((p) => p.petitionIds).filter((id) => ids['nuoc-duc-ban-co'].includes(id))).toEqual([]);

    const d1 = await getDossier(app.ctx, { unitCode, period });
    const d2 = await getDossier(app.ctx, { unitCode, period });
    expect(d1.id).toBe(d2.id);
    expect(d1.topics.map((t) => t.id)).toEqual(expect.arrayContaining([water.topicId, roadTopic.topicId]));
    expect(d1.ungroupedPetitionIds).toEqual(expect.arrayContaining(ids['rac-cho-chieng-coi']));
    expect(d1.ungroupedPetitionIds).not.toContain(ids['nuoc-duc-ban-co'][0]);
  });

  it('move, remove (never proposed back into it), split and merge topics', async () => {
    const app = getApp();
    const t = await createTopic(app.ctx, c.frontCC, { unitCode, period, title: 'Trường mầm non bản Cọ xuống cấp', petitionIds: ids['mam-non-ban-co'].slice(0, 3) });
    await moveItems(app.ctx, c.frontCC, { topicId: t.id, petitionIds: [ids['mam-non-ban-co'][3]] });
    expect((await getTopic(app.ctx, t.id))!.counts.items).toBe(4);
    await removeItems(app.ctx, c.frontCC, t.id, { petitionIds: [ids['mam-non-ban-co'][3]] });
    const again = await propose();
    expect(again.proposals.some((p) => p.topicId === t.id && p.petitionIds.includes(ids['mam-non-ban-co'][3]))).toBe(false);
    const split = await splitTopic(app.ctx, c.frontCC, t.id, { petitionIds: [ids['mam-non-ban-co'][0]], title: 'Phòng học mầm non bản Cọ bị dột' });
    expect((await getTopic(app.ctx, split.id))!.counts.items).toBe(1);
    await mergeTopics(app.ctx, c.frontCC, t.id, { sourceId: split.id });
    expect((await getTopic(app.ctx, t.id))!.counts.items).toBe(3);
    expect(await listTopicSummaries(app.ctx, [split.id])).toEqual([]);
    expect(await status(createTopic(app.ctx, c.officerCC, { unitCode, period, title: 'Không được phép' }))).toBe(403);
    expect(await status(createTopic(app.ctx, c.frontCC, { unitCode, period: '2026-Q5', title: 'Kỳ sai' }))).toBe(422);
  });

  it('a topic raised at an earlier conference and still unresolved is pressing (kéo dài), first in the dossier', async () => {
    const app = getApp();
    const d = await getDossier(app.ctx, { unitCode, period });
    const last = d.topics[d.topics.length - 1];
    expect(last.pressing).toBe(false);
    await app.ctx.db.transaction().execute((tx) => recordTopicRaised(tx, { topicId: last.id, conferenceId: 9001, heldOn: '2026-01-05' }));
    await app.ctx.db.transaction().execute((tx) => recordTopicRaised(tx, { topicId: last.id, conferenceId: 9001, heldOn: '2026-01-05' }));
    const [s] = await listTopicSummaries(app.ctx, [last.id]);
    expect(s).toMatchObject({ pressing: true, pressingRule: 'raised_unresolved', keoDai: true, raised: [{ conferenceId: 9001, heldOn: '2026-01-05' }] });
    const after = await getDossier(app.ctx, { unitCode, period });
    expect(after.topics[0].id).toBe(last.id);
  });

  it('a new petition is matched to the topic of its problem', async () => {
    const app = getApp();
    const [more] = Object.values(await createGroups(app.ctx, c.citizenB, ['nuoc-duc-ban-co'], 6)).map((x) => x.slice(5));
    const water = (await getDossier(app.ctx, { unitCode, period })).topics.find((t) => t.title === 'Nước sinh hoạt bản Cọ bị đục')!;
    const m = await matchPetition(app.ctx, more[0]);
    expect(m[0]?.topicId).toBe(water.id);
    // The topics are cached for matching: merged into another, the water topic is matched no more.
    const other = (await getDossier(app.ctx, { unitCode, period })).topics.find((t) => t.id !== water.id)!;
    await mergeTopics(app.ctx, c.frontCC, other.id, { sourceId: water.id });
    expect((await matchPetition(app.ctx, more[0])).map((x) => x.topicId)).not.toContain(water.id);
  });
});
