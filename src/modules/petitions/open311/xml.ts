/**
 * Open311 GeoReport v2 XML: schemaless, no namespace, UTF-8 with the XML declaration; the JSON is the
 * Spark-convention mapping of the same tree (element lists become arrays of their children's objects).
 */
export type XmlValue = string | number | boolean | null | undefined | XmlNode[] | { [k: string]: XmlValue };
export interface XmlNode {
  name: string;
  value: XmlValue;
}

export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function render(name: string, value: XmlValue, indent: string): string {
  if (value === null || value === undefined || value === '') return `${indent}<${name}/>`;
  if (Array.isArray(value)) {
    if (!value.length) return `${indent}<${name}/>`;
    return `${indent}<${name}>\n${value.map((n) => render(n.name, n.value, indent + '  ')).join('\n')}\n${indent}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value).map(([k, v]) => render(k, v, indent + '  '));
    if (!inner.length) return `${indent}<${name}/>`;
    return `${indent}<${name}>\n${inner.join('\n')}\n${indent}</${name}>`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<root>` holding a list of `<item>` elements (e.g. service_requests / request). */
export function xmlList(root: string, item: string, items: Array<Record<string, XmlValue>>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${render(root, items.map((value) => ({ name: item, value })), '')}\n`;
}

/** A single root element with fields. */
export function xmlObject(root: string, fields: Record<string, XmlValue>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${render(root, fields, '')}\n`;
}
