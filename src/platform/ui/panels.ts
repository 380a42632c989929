import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AppContext } from '../context';
import type { PanelSubject } from '../module';

/** The panels the modules add to a page's place (manifests' `panels`), rendered in their order; empty ones left out. */
export async function renderPanels(req: FastifyRequest, ctx: AppContext, place: string, subject: PanelSubject): Promise<VNode<any>[]> {
  const panels = ctx.modules.flatMap((m) => (m.panels ?? []).filter((p) => p.place === place)).sort((a, b) => a.order - b.order);
  const rendered = await Promise.all(panels.map((p) => p.render(req, ctx, subject)));
  return rendered.filter((v): v is VNode<any> => v !== null);
}
