import type { ModuleManifest } from '../../platform/module';
import { migrations } from './migrations';
import { importUnits, unitCount } from './service';

export const directoryModule: ModuleManifest = {
  name: 'directory',
  migrations,
  async bootstrap(ctx) {
    if ((await unitCount(ctx.db)) === 0) await importUnits(ctx);
  },
};
