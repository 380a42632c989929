import type { ModuleManifest } from '../platform/module';
import { homeModule } from './home';
import { directoryModule } from './directory';

/** Every module of the product, in the order their migrations, demo seeds and menus apply. */
export const modules: ModuleManifest[] = [homeModule, directoryModule];
