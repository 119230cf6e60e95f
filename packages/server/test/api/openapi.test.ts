import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportOpenApi } from '../../src/cli/openapi-export.js';

const committed = fileURLToPath(new URL('../../../../openapi.json', import.meta.url));

describe('openapi.json', () => {
  it('is what the route schemas generate (run `npm run openapi` after changing a route)', async () => {
    const generated = JSON.parse(await exportOpenApi());
    expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual(generated);
    expect(generated.openapi).toBe('3.1.0');
    expect(Object.keys(generated.paths)).toContain('/v1/connections/{tag}/resolve');
  });
});
