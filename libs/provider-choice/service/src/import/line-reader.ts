import type { Readable } from 'node:stream';
import { DomainError } from '@luotsi/kernel';

/**
 * The longest import line accepted, in bytes: a register row is under 200 bytes, so 64 KiB is far
 * beyond any real row and keeps one line's memory bounded whatever a file holds.
 */
export const MAX_LINE_BYTES = 64 * 1024;

export type ImportLine = { line: number; text: string } | { line: number; error: DomainError };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines without ever holding more than MAX_LINE_BYTES of one line: a
 * longer line is skipped to its end and reported as that line's LINE_TOO_LONG. A line that is not
 * valid UTF-8, or holds a NUL character, is that line's error too; the lines after it go on.
 */
export async function* readLines(input: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<ImportLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  const finish = (): ImportLine => {
    line += 1;
    if (tooLong)
      return {
        line,
        error: new DomainError('LINE_TOO_LONG', `a line is at most ${MAX_LINE_BYTES} bytes`, { maxBytes: MAX_LINE_BYTES }, 'validation'),
      };
    let bytes = Buffer.concat(parts, size);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return { line, error: new DomainError('INVALID_ENCODING', 'the line is not valid UTF-8', {}, 'validation') };
    }
    if (text.includes('\u0000'))
      return { line, error: new DomainError('INVALID_CHARACTER', 'the line holds a NUL character', {}, 'validation') };
    return { line, text };
  };
  const reset = () => {
    parts = [];
    size = 0;
    tooLong = false;
  };
  const take = (piece: Buffer) => {
    if (tooLong || piece.length === 0) return;
    if (size + piece.length > MAX_LINE_BYTES) {
      tooLong = true;
      parts = [];
      return;
    }
    parts.push(piece);
    size += piece.length;
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let nl = buffer.indexOf(NEWLINE, start); nl >= 0; nl = buffer.indexOf(NEWLINE, start)) {
      take(buffer.subarray(start, nl));
      yield finish();
      reset();
      start = nl + 1;
    }
    // Copied: the stream may reuse the chunk's memory once we ask for the next one.
    take(Buffer.from(buffer.subarray(start)));
  }
  if (size > 0 || tooLong) yield finish();
}
