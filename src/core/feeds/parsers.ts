/**
 * The one entry point for feed parsing: pick a format, push text, collect records.
 *
 * ```ts
 * const parser = createFeedParser('shadowserver', { fileName: '2019-09-04-scan_rdp-asn-china.csv' });
 * for await (const chunk of stream) handle(parser.push(chunk));
 * handle(parser.end());
 * ```
 */
import { FEED_FORMATS, type FeedFormat, type FeedParser } from './event.js';
import { GenericCsvParser, type CsvMapping } from './generic-csv.js';
import { JsonLinesParser } from './jsonl.js';
import { MispParser } from './misp.js';
import { ShadowserverParser } from './shadowserver.js';
import { StixParser } from './stix.js';

export { FEED_FORMATS, type FeedFormat };

export interface FeedParserOptions {
  /** Shadowserver: the report name (`scan_dns`…); detected from `fileName` when absent. */
  report?: string;
  fileName?: string;
  /** `csv`: which column holds what (required; see {@link parseCsvMapping}). */
  mapping?: CsvMapping;
}

export function isFeedFormat(value: unknown): value is FeedFormat {
  return (FEED_FORMATS as readonly unknown[]).includes(value);
}

/** Throws for an unknown format, a `csv` feed without a mapping, or an undetectable report. */
export function createFeedParser(format: string, options: FeedParserOptions = {}): FeedParser {
  if (!isFeedFormat(format)) {
    throw new Error(`Unknown feed format "${format}"; expected one of ${FEED_FORMATS.join(', ')}.`);
  }
  switch (format) {
    case 'shadowserver':
      return new ShadowserverParser(options);
    case 'csv':
      if (options.mapping === undefined) {
        throw new Error('The csv feed format needs a mapping of columns to event fields.');
      }
      return new GenericCsvParser(options.mapping);
    case 'jsonl':
      return new JsonLinesParser();
    case 'stix':
      return new StixParser();
    case 'misp':
      return new MispParser();
  }
}
