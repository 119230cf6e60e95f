import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allSettings, type SettingRow } from '../../src/config.js';

const readme = readFileSync(fileURLToPath(new URL('../../../../README.md', import.meta.url)), 'utf8');

const code = (text: string) => (text ? `\`${text}\`` : '');
const row = (cells: string[]) => `|${cells.map((c) => (c ? ` ${c} ` : ' ')).join('|')}|`;

/** The two tables of the README's "Settings" section as the code declares them: the server's, then the types'. */
function settingsTables(settings: SettingRow[]): string[] {
  const server = settings.filter((s) => s.type === null);
  const typed = settings.filter((s) => s.type !== null);
  return [
    '| variable | default | meaning |',
    '|---|---|---|',
    ...server.map((s) => row([code(s.env), code(s.default), s.doc])),
    '| type | variable | default | meaning |',
    '|---|---|---|---|',
    ...typed.map((s) => row([code(s.type ?? ''), code(s.env), code(s.default), s.doc])),
  ];
}

/** The table lines of the README's "## Settings" section, in order. */
function readmeTables(): string[] {
  const lines = readme.split('\n');
  const start = lines.indexOf('## Settings');
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start, end).filter((line) => line.startsWith('|'));
}

describe('README', () => {
  it('has a Settings section', () => {
    expect(readme.split('\n')).toContain('## Settings');
  });

  it("lists exactly the settings the code declares (the server's and every type's), in order", () => {
    const expected = settingsTables(allSettings());
    const actual = readmeTables();
    const missing = expected.filter((line) => !actual.includes(line));
    const stale = actual.filter((line) => !expected.includes(line));
    const hint = [
      "README's settings tables differ from the code (config.ts SERVER_SETTINGS, each descriptor's settings).",
      ...(missing.length ? ['Rows to paste:', ...missing] : []),
      ...(stale.length ? ['Rows to remove or fix:', ...stale] : []),
      'The whole tables, in order:',
      ...expected,
    ].join('\n');
    expect(actual, hint).toEqual(expected);
  });
});
