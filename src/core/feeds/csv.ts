/**
 * A streaming RFC 4180 record reader tuned for large machine feeds. Text goes in as chunks split
 * anywhere; each complete record comes out with its fields, its exact text and the physical line
 * it starts on.
 *
 * Accepted: quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF or LF
 * line ends, a UTF-8 byte order mark at the very start. A quote inside an unquoted field is kept
 * as a literal character (common in the wild, and unambiguous). Blank lines are skipped but still
 * counted. Two things are refused, as error records rather than exceptions: text between a closing
 * quote and the next delimiter, and a quoted field still open at the end of input.
 */

import type { FeedEvent, FeedParser, ParsedRecord } from './event.js';
import { FieldError } from './fields.js';

export type CsvRecord =
  { line: number; raw: string; fields: string[] } | { line: number; raw: string; error: string };

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

/** The result of reading one quoted record: where the next record starts, or -1 for "need more text". */
const INCOMPLETE = -1;

/**
 * An unfinished record is re-read from its start on every chunk, so an endless one (a file whose
 * lines end in CR alone, a stray quote that is never closed) would cost quadratic time. Feed rows
 * are a few kilobytes; past this the input is not a CSV we can read.
 */
export const MAX_RECORD_LENGTH = 1 << 20;

export class CsvReader {
  /** The unfinished record carried over from the previous chunk. */
  private rest = '';
  private started = false;
  /** The physical line the next record starts on. */
  private line = 1;

  push(chunk: string): CsvRecord[] {
    return this.read(chunk, false);
  }

  end(): CsvRecord[] {
    return this.read('', true);
  }

  private read(chunk: string, final: boolean): CsvRecord[] {
    let text = this.rest === '' ? chunk : this.rest + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    const out: CsvRecord[] = [];
    const consumed = this.scan(text, final, out);
    this.rest = consumed < text.length ? text.slice(consumed) : '';
    if (this.rest.length > MAX_RECORD_LENGTH) {
      throw new Error(
        `CSV: the record starting on line ${this.line} is longer than ${MAX_RECORD_LENGTH} characters; lines ending in CR alone or an unclosed quote?`,
      );
    }
    return out;
  }

  /** Reads every complete record of `text` into `out`; returns how much of `text` was consumed. */
  private scan(text: string, final: boolean, out: CsvRecord[]): number {
    const n = text.length;
    let pos = 0;
    // One forward-moving quote position answers "does this line hold a quote?" for every line.
    let quote = text.indexOf('"');
    while (pos < n) {
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      let lineEnd = text.indexOf('\n', pos);
      if (quote === -1 || (lineEnd !== -1 && quote > lineEnd)) {
        // Fast path: no quote before the line end, so the line is the record.
        if (lineEnd === -1) {
          if (!final) break;
          lineEnd = n;
        }
        let end = lineEnd;
        if (end > pos && text.charCodeAt(end - 1) === CR) end--;
        if (end > pos) {
          const raw = text.slice(pos, end);
          out.push({ line: this.line, raw, fields: raw.split(',') });
        }
        this.line++;
        pos = lineEnd + 1;
        continue;
      }
      const next = this.scanQuoted(text, pos, lineEnd, final, out);
      if (next === INCOMPLETE) break;
      pos = next;
    }
    return pos > n ? n : pos;
  }

  /**
   * Reads one record holding at least one quote, starting at `start`; `firstLineEnd` is the first
   * `\n` at or after `start` (-1 if none), already found by the caller.
   */
  private scanQuoted(
    text: string,
    start: number,
    firstLineEnd: number,
    final: boolean,
    out: CsvRecord[],
  ): number {
    const n = text.length;
    const fields: string[] = [];
    let i = start;
    let lineEnd = firstLineEnd;
    for (;;) {
      if (i < n && text.charCodeAt(i) === QUOTE) {
        let from = i + 1;
        let value: string | null = null;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) {
            if (!final) return INCOMPLETE;
            return this.fail(out, text, start, n, n, firstLineEnd, 'a quoted field is not closed');
          }
          // A quote ending the text is not known to close the field until the next chunk shows
          // it is not doubled; the end-of-text check after the field handles that.
          if (text.charCodeAt(q + 1) === QUOTE) {
            value = value === null ? text.slice(from, q + 1) : value + text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value = value === null ? text.slice(from, q) : value + text.slice(from, q);
          i = q + 1;
          break;
        }
        fields.push(value);
        const c = i < n ? text.charCodeAt(i) : -1;
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === LF) return this.emit(out, text, start, i, i + 1, firstLineEnd, fields);
        if (c === CR && i + 1 < n && text.charCodeAt(i + 1) === LF) {
          return this.emit(out, text, start, i, i + 2, firstLineEnd, fields);
        }
        if (c === -1 || (c === CR && i + 1 === n)) {
          if (!final) return INCOMPLETE;
          return this.emit(out, text, start, c === CR ? n - 1 : n, n, firstLineEnd, fields);
        }
        // Resynchronise on the next line end so one bad field costs one record.
        const nl = text.indexOf('\n', i);
        if (nl === -1 && !final) return INCOMPLETE;
        const next = nl === -1 ? n : nl + 1;
        const end = nl === -1 ? n : nl > start && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        return this.fail(
          out,
          text,
          start,
          end,
          next,
          firstLineEnd,
          `text follows a closing quote in field ${fields.length}`,
        );
      }
      if (lineEnd < i && lineEnd !== -1) lineEnd = text.indexOf('\n', i);
      const comma = text.indexOf(',', i);
      if (comma !== -1 && (lineEnd === -1 || comma < lineEnd)) {
        fields.push(text.slice(i, comma));
        i = comma + 1;
        continue;
      }
      if (lineEnd === -1) {
        if (!final) return INCOMPLETE;
        fields.push(text.slice(i, n));
        return this.emit(out, text, start, n, n, firstLineEnd, fields);
      }
      const end = lineEnd > i && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      fields.push(text.slice(i, end));
      return this.emit(out, text, start, end, lineEnd + 1, firstLineEnd, fields);
    }
  }

  private emit(
    out: CsvRecord[],
    text: string,
    start: number,
    end: number,
    next: number,
    firstLineEnd: number,
    fields: string[],
  ): number {
    const raw = text.slice(start, end);
    out.push({ line: this.line, raw, fields });
    this.advance(text, start, next, firstLineEnd);
    return next;
  }

  private fail(
    out: CsvRecord[],
    text: string,
    start: number,
    end: number,
    next: number,
    firstLineEnd: number,
    error: string,
  ): number {
    out.push({ line: this.line, raw: text.slice(start, end), error });
    this.advance(text, start, next, firstLineEnd);
    return next;
  }

  /** Counts the physical lines from `start` up to `next`, line breaks inside quotes included. */
  private advance(text: string, start: number, next: number, firstLineEnd: number): void {
    let nl = firstLineEnd;
    while (nl !== -1 && nl < next) {
      this.line++;
      nl = nl + 1 < next ? text.indexOf('\n', nl + 1) : -1;
    }
    // A final record without a line end still occupies a line.
    if (next === text.length && (next === start || text.charCodeAt(next - 1) !== LF)) this.line++;
  }
}

/**
 * A feed whose first CSV record is a header naming the columns. Subclasses look their columns up
 * in the header once and turn each later row into an event; a {@link FieldError} thrown for a bad
 * cell becomes that row's error record. Rows may be shorter than the header (their trailing cells
 * read as missing) but not longer: extra cells mean the columns no longer line up.
 */
export abstract class HeaderedCsvParser implements FeedParser {
  private readonly reader = new CsvReader();
  /** The header's field count, or -1 until the header has been read. */
  private width = -1;

  push(chunk: string): ParsedRecord[] {
    return this.convert(this.reader.push(chunk));
  }

  end(): ParsedRecord[] {
    return this.convert(this.reader.end());
  }

  /** Resolves the columns; throws when one the feed cannot do without is missing. */
  protected abstract useHeader(header: ReadonlyMap<string, number>): void;

  protected abstract event(raw: string, fields: readonly string[]): FeedEvent;

  private convert(records: CsvRecord[]): ParsedRecord[] {
    const out: ParsedRecord[] = [];
    for (const record of records) {
      if ('error' in record) {
        out.push(record);
      } else if (this.width < 0) {
        this.useHeader(headerMap(record.fields));
        this.width = record.fields.length;
      } else {
        out.push(this.readRow(record.line, record.raw, record.fields));
      }
    }
    return out;
  }

  private readRow(line: number, raw: string, fields: readonly string[]): ParsedRecord {
    if (fields.length > this.width) {
      return {
        line,
        error: `the row has ${fields.length} fields; the header has ${this.width}`,
        raw,
      };
    }
    // Not through toRecord: a closure per row costs measurably at a million rows a second.
    try {
      return { line, event: this.event(raw, fields) };
    } catch (error) {
      if (error instanceof FieldError) return { line, error: error.message, raw };
      throw error;
    }
  }
}

/** Header name (trimmed, lower case) → position; a repeated name keeps its first position. */
function headerMap(names: readonly string[]): Map<string, number> {
  const header = new Map<string, number>();
  names.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!header.has(key)) header.set(key, i);
  });
  return header;
}
