import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/config.js';

const readme = readFileSync(fileURLToPath(new URL('../../../../README.md', import.meta.url)), 'utf8');

describe('README', () => {
  it('documents every PATCHBAY_* setting with its default', () => {
    for (const [name, dflt] of SETTINGS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, `${name} is missing from the README's settings table`).toBeTruthy();
      if (dflt) expect(row).toContain(dflt);
    }
  });
});
