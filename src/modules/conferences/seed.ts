import type { AppContext } from '../../platform/context';

/** The module's part of the demo (filled in below). */
export async function seedConferencesDemo(_ctx: AppContext): Promise<void> {}
