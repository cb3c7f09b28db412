// Where the parts of a DER structure are, read from its headers only (tag and definite length),
// without decoding any value: what lets decoding parse only the parts it needs, each with
// @peculiar/asn1-schema as before, and count a structure's elements before any library builds
// them (asn1js spends 5 to 20 µs an element, so a hostile file must be measured before it is
// parsed). Anything that is not plain DER (a multi-byte tag, an indefinite length, an element
// running past its parent) reads as undefined, and the caller parses the whole structure with the
// library, which says what is wrong with it.

export interface DerElement {
  /** The identifier octet: class, constructed bit and tag number (single-octet tags only). */
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

const CONSTRUCTED = 0x20;

/** The element whose header starts at `offset`, when it is a DER header and the element ends by `limit`. */
export function elementAt(bytes: Uint8Array, offset: number, limit: number = bytes.length): DerElement | undefined {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined || offset + 2 > limit || (tag & 0x1f) === 0x1f) {
    return undefined;
  }
  let length = first;
  let contentStart = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || contentStart + count > limit) {
      return undefined;
    }
    length = 0;
    for (let index = 0; index < count; index++) {
      length = length * 256 + (bytes[contentStart + index] ?? 0);
    }
    contentStart += count;
  }
  const end = contentStart + length;
  return end > limit ? undefined : { tag, start: offset, contentStart, end };
}

/** The elements directly inside `parent`, which they must fill exactly; undefined otherwise. */
export function childrenOf(bytes: Uint8Array, parent: DerElement): DerElement[] | undefined {
  const children: DerElement[] = [];
  for (let offset = parent.contentStart; offset < parent.end; ) {
    const child = elementAt(bytes, offset, parent.end);
    if (!child) {
      return undefined;
    }
    children.push(child);
    offset = child.end;
  }
  return children;
}

/**
 * How many elements `root` holds, itself included, looking inside constructed ones only (as asn1js
 * counts them when it does not parse OCTET STRINGs speculatively); counting stops once past
 * `limit`. Undefined when some header inside is not DER.
 */
export function countElements(bytes: Uint8Array, root: DerElement, limit: number): number | undefined {
  let count = 0;
  const pending: DerElement[] = [root];
  for (let element = pending.pop(); element !== undefined; element = pending.pop()) {
    count++;
    if (count > limit) {
      return count;
    }
    if ((element.tag & CONSTRUCTED) !== 0) {
      for (let offset = element.contentStart; offset < element.end; ) {
        const child = elementAt(bytes, offset, element.end);
        if (!child) {
          return undefined;
        }
        pending.push(child);
        if (count + pending.length > limit) {
          return limit + 1;
        }
        offset = child.end;
      }
    }
  }
  return count;
}

/** The bytes of `element`, header included (a view, not a copy). */
export function bytesOf(bytes: Uint8Array, element: DerElement): Uint8Array {
  return bytes.subarray(element.start, element.end);
}

/** The contents of `element`, without its header (a view, not a copy). */
export function contentsOf(bytes: Uint8Array, element: DerElement): Uint8Array {
  return bytes.subarray(element.contentStart, element.end);
}
