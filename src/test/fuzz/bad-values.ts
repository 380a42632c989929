import fc from 'fast-check';

/** The values a hostile client sends in place of a field: text no database stores, wrong types, odd sizes. */

const NASTY_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '\ufeff',
  '\u202egpj.exe',
  'Đ\u200bường\u00ad',
  '%00',
  '%',
  '%%',
  '_',
  '\\',
  "' or 1=1 --",
  '"; drop table users; --',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:x}',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  '0x1f',
  'true',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '2026-02-30',
  '31/12/99999',
  'KN-0000-000000',
  'a'.repeat(101),
  '\r\n\r\n',
  '\t\u000b\u000c',
  '𝕏̵̡̛̲͇̈́👩‍👩‍👧‍👦',
];

/** Text of every kind: nasty constants, random Unicode (lone surrogates included), control characters, huge. */
export const badText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\u0000', '\ud800', '\udc00', '\u0007', '\u001b'), fc.string({ maxLength: 12 }))
      .map(([a, b, c]) => a + b + c),
  },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 70_000, 300_000).map((n) => 'Đ'.repeat(n)) },
);

/** Values of the wrong type, for a JSON field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER, -(2 ** 53), 1e308, [], {}, [null], { $gt: '' }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.array(badText, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), badText, { maxKeys: 3 }),
  fc.constantFrom(40, 2_000).map(deepArray),
);

export const badValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: badText }, { weight: 2, arbitrary: wrongType });

export function deepArray(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/**
 * A raw, already encoded URL segment or query value: the bad text percent-encoded, or encodings that are
 * broken (bad escapes, invalid or overlong UTF-8, an encoded lone surrogate), or too long for the router.
 */
export const badUrlPart: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: badText.filter((s) => s.length < 2_000).map((s) => encodeURIComponent(s.toWellFormed()).replaceAll('%EF%BF%BD', '%ED%A0%80')) },
  { weight: 2, arbitrary: fc.constantFrom('%00', 'a%00b', '%ZZ', '%', '%C3', '%C3%28', '%ED%A0%80', '%C0%AF', '%FF%FE', '%E0%A4%A', '..', '%2e%2e', '%2F', '%5C', '0', '-1', '1.5', '9999999999999', '1e3', 'null') },
  { weight: 1, arbitrary: fc.constantFrom(150, 3_000).map((n) => 'a'.repeat(n)) },
);

/** Content types a client may wrongly declare. */
export const badContentType = fc.constantFrom(
  'text/plain',
  'application/xml',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/octet-stream',
  'image/png',
  '*/*',
  'application/json, text/html',
  'nonsense',
);

/** Bodies no parser should choke on. */
export const badRawBody = fc.oneof(
  fc.constantFrom('', '{', '{"a":', '[', 'null', '[]', '"x"', '1e999', '\ufeff{}', '{"__proto__":{"x":1}}', '{"a":1,"a":2}', '\u0000', '{"a":"\\ud800"}', '{"a":"\\u0000"}'),
  fc.constantFrom(2_000, 20_000).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.constantFrom(2_000, 20_000).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constant('x'.repeat(1_100_000)),
);
