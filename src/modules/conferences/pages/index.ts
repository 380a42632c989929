import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context';

export async function conferencePages(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
