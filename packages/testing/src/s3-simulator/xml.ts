// S3's XML is small and regular: a few builders and a tag extractor are enough for the SDKs.

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** The owner S3 names in ListBuckets and ListObjects (V1) answers. */
export const OWNER = '<Owner><ID>s3-simulator</ID><DisplayName>s3-simulator</DisplayName></Owner>';

const NEEDS_ESCAPE = /[<>&"'\r\n]/;

export function escapeXml(value: string): string {
  // Most keys and ETags need nothing: a test is cheaper than a replace that finds nothing.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[<>&"'\r\n]/g, (char) => {
    switch (char) {
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '&':
        return '&amp;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#${char.charCodeAt(0)};`;
    }
  });
}

export function unescapeXml(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, entity: string) => {
    switch (entity) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(
          entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10),
        );
    }
  });
}

/** `<Tag>value</Tag>` pieces, values escaped; undefined values are left out. */
export function elements(fields: Record<string, string | number | boolean | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out += `<${name}>${escapeXml(String(value))}</${name}>`;
  }
  return out;
}

/** A complete document with the S3 namespace on its root element. */
export function xmlDocument(root: string, inner: string): string {
  return `${xmlDocumentStart(root)}${inner}${xmlDocumentEnd(root)}`;
}

/** A document's text before its root element's content (for answers written in pieces). */
export function xmlDocumentStart(root: string): string {
  return `${XML_HEADER}<${root} xmlns="${S3_NAMESPACE}">`;
}

export function xmlDocumentEnd(root: string): string {
  return `</${root}>`;
}

export function errorDocument(code: string, message: string, resource: string, requestId: string) {
  return `${XML_HEADER}<Error>${elements({ Code: code, Message: message, Resource: resource, RequestId: requestId })}</Error>`;
}

/** Raw inner texts of every `<tag>` element (not nested in itself), in document order. */
export function blocks(xml: string, tag: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(
    `<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>|<${tag}(?:\\s[^>]*)?/>`,
    'g',
  );
  for (const match of xml.matchAll(pattern)) out.push(match[1] ?? '');
  return out;
}

/** Unescaped text of the first `<tag>` element, or undefined. */
export function text(xml: string, tag: string): string | undefined {
  const found = blocks(xml, tag)[0];
  return found === undefined ? undefined : unescapeXml(found);
}

export function quoteEtag(etag: string): string {
  return `"${etag}"`;
}

export function unquoteEtag(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '');
}
