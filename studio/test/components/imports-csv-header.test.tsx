import { describe, expect, it } from 'vitest';
import { csvHeader } from '../../src/imports/csv-header.ts';
import { mappingColumn } from '../../src/imports/imports-api.ts';

/** The import wizard reads a CSV's header row in the browser: as csv-parse on the server reads it. */
describe('import wizard: a CSV header read in the browser', () => {
  it('reads RFC 4180 names: BOM skipped, quoted commas, quotes and line breaks, CRLF, blank lines first', () => {
    expect(csvHeader('\uFEFFFull name,E-mail,Town\r\nx,y,z\r\n')).toEqual(['Full name', 'E-mail', 'Town']);
    expect(csvHeader('"Name, full","Say ""hi""","Two\nlines",\nrest')).toEqual(['Name, full', 'Say "hi"', 'Two\nlines', '']);
    expect(csvHeader('\n\r\n姓名,邮箱\n张三,z@example.com')).toEqual(['姓名', '邮箱']);
    expect(csvHeader('only,one,line')).toEqual(['only', 'one', 'line']);
  });

  it('gives null for no header or a quote left open (the first 64 KB cut a row)', () => {
    expect(csvHeader('')).toBeNull();
    expect(csvHeader('\r\n\r\n')).toBeNull();
    expect(csvHeader('"never closed,a\nb')).toBeNull();
  });

  it('maps a typed error\'s pointer to its column, JSON pointer escapes undone', () => {
    expect(mappingColumn('/mapping/Full name')).toBe('Full name');
    expect(mappingColumn('/mapping/a~1b~0c')).toBe('a/b~c');
    expect(mappingColumn('/match')).toBeNull();
  });
});
