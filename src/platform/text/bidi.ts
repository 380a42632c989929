/**
 * The bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). Nobody types them in
 * Vietnamese text; placed in a name or a comment they reorder what is shown ("Hóa đơn \u202Egpj.exe" reads as
 * "Hóa đơn exe.jpg"). Left-to-right and right-to-left marks (U+200E, U+200F) only nudge neutral characters and stay.
 * Pure, without imports: the browser islands bundle it too.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** The text without bidi controls, so it is stored and shown in the order it was typed. */
export function neutralizeBidi(s: string): string {
  return s.replace(BIDI_CONTROLS, '');
}
