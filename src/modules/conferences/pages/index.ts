import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { publicPages } from './public';
import { officerPages } from './officer';

/** The conference pages (public, citizen, officer), registered in the module's route scope. */
export async function conferencePages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await officerPages(app, ctx);
  await publicPages(app, ctx);
}
