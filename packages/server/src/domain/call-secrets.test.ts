/** A call's secrets and their one redactor (SPEC 1 Execution: outputs and errors scrubbed by value). */
import { describe, expect, it } from 'vitest';
import { createCallSecrets, redactThenCut } from './call-secrets.js';

const SECRET = 's3cr3t-value-77';

describe('call secrets', () => {
  it('are every string of the secret values, deeply (a map of secret headers too), and count each mask', () => {
    const secrets = createCallSecrets([SECRET, { 'X-Key': 'header-secret' }, undefined, 7]);
    const out = secrets.redact({ a: `${SECRET} ${SECRET}`, [SECRET]: ['header-secret'] });
    expect(out).toEqual({ a: '******** ********', '********': ['********'] });
    expect(secrets.hits).toBe(4);
  });

  it('mask a form the task added (base64 of Basic auth), in every later redaction', () => {
    const secrets = createCallSecrets([SECRET]);
    const basic = Buffer.from(`alice:${SECRET}`).toString('base64');
    expect(secrets.redact(`Basic ${basic}`)).toBe(`Basic ${basic}`);
    secrets.add(basic, 'ab'); // too short to search for: it would mangle ordinary text
    expect(secrets.redact(`Basic ${basic} ab`)).toBe('Basic ******** ab');
  });

  it('count a secret the task masked before the runner scrubs once, not twice', () => {
    const secrets = createCallSecrets([SECRET]);
    const early = secrets.redact(`x${SECRET}`);
    secrets.redact({ output: early, error: null });
    expect(secrets.hits).toBe(1);
  });

  it('measure the longest secret in UTF-8 bytes, added forms included', () => {
    const secrets = createCallSecrets(['päss-wörd']);
    expect(secrets.longestBytes).toBe(11);
    secrets.add('x'.repeat(40));
    expect(secrets.longestBytes).toBe(40);
  });
});

describe('redactThenCut', () => {
  // every cut point inside the secret: cut first, its first bytes would survive any scrub by value
  for (let kept = 1; kept < SECRET.length; kept++) {
    it(`masks a secret of which the cap keeps ${kept} bytes`, () => {
      const secrets = createCallSecrets([SECRET]);
      const text = `${'a'.repeat(100 - kept)}${SECRET}tail`;
      const { text: out, cut } = redactThenCut(text, 100, secrets);
      expect(cut, 'cut when the masked text is still too long').toBe(
        100 - kept + '********tail'.length > 100,
      );
      expect(out).not.toContain(SECRET.slice(0, Math.max(kept, 1)));
      expect(Buffer.byteLength(out)).toBeLessThanOrEqual(100);
    });
  }

  it('leaves text under the cap whole', () => {
    expect(redactThenCut('short', 100, createCallSecrets([SECRET]))).toEqual({ text: 'short', cut: false });
  });
});
