import express from 'express';
import type { AddressInfo } from 'node:net';
import { sendTable, tableFormat, toCsv } from './sendTable';

describe('toCsv', () => {
  it('writes a header line, then the rows in the order of the columns', () => {
    expect(
      toCsv(
        [
          { a: 'x', b: 1, c: true },
          { a: 'y', b: 0, c: false },
        ],
        ['c', 'a', 'b'],
      ),
    ).toBe('c,a,b\r\ntrue,x,1\r\nfalse,y,0');
  });

  it('quotes commas, quotes and line breaks, and leaves empty what is missing', () => {
    expect(
      toCsv(
        [
          {
            a: 'one, two',
            b: 'say "hi"',
            c: 'line\nbreak',
            d: null,
            e: undefined,
          },
        ],
        ['a', 'b', 'c', 'd', 'e'],
      ),
    ).toBe('a,b,c,d,e\r\n"one, two","say ""hi""","line\nbreak",,');
  });

  it('defuses text a spreadsheet would run as a formula, not numbers', () => {
    expect(
      toCsv(
        [
          { v: '=SUM(A1)' },
          { v: '+1' },
          { v: '-1' },
          { v: '@team' },
          { v: '\tx' },
          { v: -1 },
        ],
        ['v'],
      ).split('\r\n'),
    ).toEqual(['v', "'=SUM(A1)", "'+1", "'-1", "'@team", "'\tx", '-1']);
  });
});

describe('tableFormat', () => {
  it('is json or csv, or nothing', () => {
    expect(tableFormat.parse(undefined)).toBeUndefined();
    expect(tableFormat.parse('csv')).toBe('csv');
    expect(tableFormat.parse('json')).toBe('json');
    expect(tableFormat.safeParse('xml').success).toBe(false);
  });
});

describe('sendTable', () => {
  const rows = [
    { name: 'a', count: 2 },
    { name: '=b', count: null },
  ];
  let server: ReturnType<express.Express['listen']>;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.get('/table', (req, res) =>
      sendTable(req, res, { name: 'things', columns: ['name', 'count'], rows }),
    );
    server = app.listen(0);
    await new Promise(resolve => server.once('listening', resolve));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('answers JSON items by default and for format=json', async () => {
    for (const query of ['', '?format=json']) {
      const res = await fetch(`${base}/table${query}`);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('content-disposition')).toBeNull();
      expect(await res.json()).toEqual({ items: rows });
    }
  });

  it('answers a CSV download named after the table for format=csv', async () => {
    const res = await fetch(`${base}/table?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="things.csv"',
    );
    expect(await res.text()).toBe("name,count\r\na,2\r\n'=b,");
  });
});
