import type { Locale, Translate } from '../i18n/i18n';
import type { Principal } from '../access/principal';
import type { NavItem } from '../module';

/** What every page view receives: language, caller, CSRF token, navigation, where we are. */
export interface PageContext {
  t: Translate;
  locale: Locale;
  principal: Principal | null;
  csrf: string;
  nav: NavItem[];
  /** The nav items' counts for the signed-in user, by href (only items with a count). */
  counts?: Record<string, number>;
  path: string;
  /** The URL with its query, for the language switch to come back to. */
  url: string;
  flash: { kind: 'ok' | 'error'; text: string } | null;
  /** Hashed URLs of the client bundles, by entry name. */
  asset: (name: string) => string;
}
