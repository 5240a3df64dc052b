// What the lean path reads from S3's answers: the text of an element, and an error shaped as the
// SDK's (lean-copy.ts for copies, list-answer.ts for listings).

/** An error shaped like the SDK's service exceptions, so `classifyError` reads it the same way. */
export class S3ServiceError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string; extendedRequestId?: string };
  readonly $fault: 'client' | 'server';
  readonly Code: string;
  constructor(code: string, message: string, httpStatusCode: number, requestId?: string) {
    super(message);
    this.name = code;
    this.Code = code;
    this.$fault = httpStatusCode >= 500 ? 'server' : 'client';
    this.$metadata = {
      httpStatusCode,
      ...(requestId !== undefined ? { requestId } : {}),
    };
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

const TAG_PATTERNS = new Map<string, RegExp>();

/** The text of the first `<tag>` element of a small XML answer, entities decoded. */
export function xmlText(xml: string, tag: string): string | undefined {
  let pattern = TAG_PATTERNS.get(tag);
  if (!pattern) {
    pattern = new RegExp(`<${tag}>([^<]*)</${tag}>`);
    TAG_PATTERNS.set(tag, pattern);
  }
  const match = pattern.exec(xml);
  if (!match) return undefined;
  const text = match[1]!;
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}
