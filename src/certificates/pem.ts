// PEM armour: finding the -----BEGIN/END----- blocks in a text, with where each one is, and
// (pemEncoding.ts) turning DER back into PEM. @peculiar/x509's PemConverter writes PEM well, but its reader
// skips any block it cannot match and says nothing about where; people paste PEM with CRLF,
// indentation, spaces, blank lines and text around it, and when a block is broken they need
// to hear which block and which line. So the reading is done here and the writing by x509.
// This module stays free of the ASN.1 stack (MD5 matching of workspace files reads PEM without
// decoding anything); writing PEM is in pemEncoding.ts.
import { CertificateInputError, describeLocation } from "./errors";
import { runInSlices, runNow } from "./slices";

export interface PemHeader {
  readonly key: string;
  readonly value: string;
}

export interface PemBlock {
  /** The label between BEGIN and the dashes, upper-cased, spaces collapsed ("CERTIFICATE"). */
  readonly label: string;
  /** 1-based number of the block in the document. */
  readonly block: number;
  /** 1-based line of the BEGIN marker. */
  readonly line: number;
  /** RFC 1421 headers before the base64 (legacy encrypted keys: Proc-Type, DEK-Info). */
  readonly headers: readonly PemHeader[];
  readonly der: Uint8Array;
}

const MARKER = /-----(BEGIN|END) ([^\r\n]*?)-----/g;
/** RFC 1421 header lines ("Proc-Type: 4,ENCRYPTED"): a key of letters, digits and hyphens, starting with a letter (so a log line's time stamp is not one). */
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*)$/;
const BASE64_LINE = /^[A-Za-z0-9+/=]*$/;

/** Offsets where each line starts, for turning an offset into a 1-based line number. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let index = 0; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (char === 0x0a || (char === 0x0d && text.charCodeAt(index + 1) !== 0x0a)) {
        this.starts.push(index + 1);
      }
    }
  }

  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low + 1;
  }
}

function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, " ").toUpperCase();
}

interface OpenBlock {
  readonly label: string;
  readonly block: number;
  readonly line: number;
  readonly bodyStart: number;
}

/**
 * Every PEM block of `text`, in order. Text outside the blocks is ignored. Throws
 * CertificateInputError ("truncated" or "badBase64") for a block that is not whole.
 */
export function splitPem(text: string): PemBlock[] {
  return runNow(blockSteps(text));
}

/** splitPem, giving the event loop a turn between blocks when it runs long (a 1 MiB bundle holds thousands). */
export function splitPemInSlices(text: string): Promise<PemBlock[]> {
  return runInSlices(blockSteps(text));
}

function* blockSteps(text: string): Generator<void, PemBlock[]> {
  const lines = new LineIndex(text);
  const blocks: PemBlock[] = [];
  let open: OpenBlock | undefined;
  for (const marker of text.matchAll(MARKER)) {
    const kind = marker[1];
    const label = normalizeLabel(marker[2] ?? "");
    const line = lines.lineAt(marker.index);
    if (kind === "BEGIN") {
      if (open) {
        throw new CertificateInputError(
          "truncated",
          `${describeLocation(open)} starts with -----BEGIN ${open.label}----- but a new block begins on line ${line} before its -----END ${open.label}----- line: the block was cut short. Copy the whole block again.`,
          { block: open.block, line: open.line },
        );
      }
      open = { label, block: blocks.length + 1, line, bodyStart: marker.index + marker[0].length };
      continue;
    }
    if (!open) {
      throw new CertificateInputError(
        "truncated",
        `Line ${line} has -----END ${label}----- with no -----BEGIN ${label}----- before it: the start of the block is missing. Copy the whole block again.`,
        { block: blocks.length + 1, line },
      );
    }
    if (label !== open.label) {
      throw new CertificateInputError(
        "truncated",
        `${describeLocation(open)} starts with -----BEGIN ${open.label}----- but ends with -----END ${label}----- on line ${line}: the file mixes two blocks. Copy the whole block again.`,
        { block: open.block, line: open.line },
      );
    }
    // OpenPGP armour ends in a "=XXXX" checksum line that is no base64 of the body: the block is kept, unread, for the refusal to name.
    const body = open.label.startsWith("PGP ") ? { headers: [], der: new Uint8Array(0) } : readBody(text.slice(open.bodyStart, marker.index), open, lines.lineAt(open.bodyStart));
    blocks.push({ label: open.label, block: open.block, line: open.line, headers: body.headers, der: body.der });
    open = undefined;
    yield;
  }
  if (open) {
    throw new CertificateInputError(
      "truncated",
      `${describeLocation(open)} starts with -----BEGIN ${open.label}----- but has no -----END ${open.label}----- line: the file was cut short. Copy the whole block again.`,
      { block: open.block, line: open.line },
    );
  }
  return blocks;
}

function readBody(body: string, open: OpenBlock, firstLine: number): { headers: PemHeader[]; der: Uint8Array } {
  const bodyLines = body.split(/\r\n|\r|\n/);
  const headers: PemHeader[] = [];
  let index = 0;
  while (index < bodyLines.length && (bodyLines[index] ?? "").trim() === "") {
    index++;
  }
  if (HEADER_LINE.test((bodyLines[index] ?? "").trim())) {
    for (; index < bodyLines.length; index++) {
      const raw = bodyLines[index] ?? "";
      if (raw.trim() === "") {
        break;
      }
      const previous = headers[headers.length - 1];
      if (/^[ \t]/.test(raw) && previous) {
        // RFC 1421 folds long header values onto lines that start with white space.
        headers[headers.length - 1] = { key: previous.key, value: `${previous.value}${raw.trim()}` };
        continue;
      }
      const match = HEADER_LINE.exec(raw.trim());
      if (!match) {
        break;
      }
      headers.push({ key: match[1] ?? "", value: (match[2] ?? "").trim() });
    }
  }
  let base64 = "";
  for (; index < bodyLines.length; index++) {
    const raw = bodyLines[index] ?? "";
    const compact = raw.replace(/\s+/g, "");
    if (!BASE64_LINE.test(compact)) {
      throw badCharacter(raw, firstLine + index, open);
    }
    base64 += compact;
  }
  if (base64.length === 0) {
    throw new CertificateInputError(
      "truncated",
      `${describeLocation(open)} is empty: there is nothing between its -----BEGIN ${open.label}----- and -----END ${open.label}----- lines. Copy the whole block again.`,
      { block: open.block, line: open.line },
    );
  }
  const padding = base64.indexOf("=");
  if ((padding !== -1 && !/^=={0,1}$/.test(base64.slice(padding))) || base64.length % 4 === 1) {
    throw new CertificateInputError(
      "badBase64",
      `${describeLocation(open)} is not valid base64: ${padding !== -1 && padding < base64.length - 2 ? "it has “=” padding in the middle" : "some characters are missing"}, so lines were lost or joined when it was copied. Copy the whole block again.`,
      { block: open.block, line: open.line },
    );
  }
  // Buffer.from may hand back a slice of a shared pool; the copy owns its memory.
  return { headers, der: new Uint8Array(Buffer.from(base64, "base64")) };
}

function badCharacter(raw: string, line: number, open: OpenBlock): CertificateInputError {
  const column = raw.search(/[^A-Za-z0-9+/=\s]/);
  const character = raw.charAt(column);
  const escapes = character === "\\" && /^\\[nr]/.test(raw.slice(column));
  const shown =
    character === "\uFFFD"
      ? "a byte that is not UTF-8 text"
      : /[\x21-\x7e]/.test(character)
        ? `“${character}”`
        : `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  const advice = escapes
    ? "It holds “\\n” escapes, as in a JSON string: paste the certificate itself, with real line breaks."
    : "The block was damaged; copy it again from its source.";
  return new CertificateInputError(
    "badBase64",
    `${describeLocation(open)}: line ${line} is not valid base64 (${shown} at column ${column + 1}). ${advice}`,
    { block: open.block, line },
  );
}
