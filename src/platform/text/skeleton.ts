import { remove as foldConfusables } from 'confusables';
import { fold } from './text';

/** Characters that are not drawn (zero-width space and joiners, soft hyphen, bidi controls, variation selectors…). */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * What a text looks like, for matching word lists: NFKC (full-width and styled letters to plain ones), invisible
 * characters removed, case and Vietnamese diacritics folded (`fold`), then look-alike letters of other scripts (a
 * Cyrillic "а", a Greek "ο") folded to the Latin letter they imitate (the `confusables` library's table). A banned
 * phrase written with a zero-width space, a soft hyphen, an override or a Cyrillic letter has the same skeleton as
 * the phrase itself.
 */
export function skeleton(s: string): string {
  const visible = s.normalize('NFKC').replace(IGNORABLE, '');
  return fold(foldConfusables(fold(visible))).normalize('NFC');
}
