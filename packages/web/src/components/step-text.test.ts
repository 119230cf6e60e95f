import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StepText } from './step-text';

const render = (text: string) => renderToStaticMarkup(createElement(StepText, { text }));

describe('StepText: the limited markup of setup steps', () => {
  it('renders bold, code and emphasis inline, with no paragraph around them', () => {
    expect(render('Open **IAM → Roles**, copy its _Value_ into `role_arn`')).toBe(
      'Open <strong>IAM → Roles</strong>, copy its <em>Value</em> into <code>role_arn</code>',
    );
    // what looks like a tag inside a code span is text
    expect(render('`arn:aws:iam::<account>:role/<name>`')).toBe(
      '<code>arn:aws:iam::&lt;account&gt;:role/&lt;name&gt;</code>',
    );
  });

  it.each([
    ['raw HTML', 'a <img src=x onerror="alert(1)"> b <script>alert(2)</script> c'],
    ['an inline HTML handler', '<b onclick="alert(1)">bold</b>'],
    ['a link', 'see [the docs](javascript:alert(1))'],
    ['an autolink', 'see <https://evil.example/>'],
    ['an image', '![x](https://evil.example/pixel.png)'],
    ['a heading and a list', '# Title\n\n- item\n\n> quote'],
  ])('brings no element of its own from %s', (_name, text) => {
    const html = render(text);
    const tags = [...html.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1]);
    expect(
      tags.every((tag) => ['strong', 'em', 'code'].includes(tag ?? '')),
      html,
    ).toBe(true);
    expect(html).not.toMatch(/onerror|onclick|javascript:|evil\.example\/pixel/);
  });
});
