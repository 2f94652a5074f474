import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@kinetic/core';
import * as jsxDevRuntime from '@kinetic/core/jsx-dev-runtime';
import * as jsxRuntime from '@kinetic/core/jsx-runtime';
import { KineticDiffError, type RenderedNode, renderToString } from '@kinetic/diff';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JsxPath, loadTsx } from '../test/load-tsx.js';
import { compileJsx, KineticJsxError } from './index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../test/${name}`, import.meta.url));
const modules = {
  '@kinetic/core': core,
  '@kinetic/core/jsx-runtime': jsxRuntime,
  '@kinetic/core/jsx-dev-runtime': jsxDevRuntime,
};

type View = (props: never) => RenderedNode;

function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof KineticDiffError || error instanceof KineticJsxError) {
      return { code: error.code, message: error.message };
    }
    throw error;
  }
  return { code: 'no error', message: '' };
}

describe('the compiler refuses what html would refuse, naming the .tsx file and line', () => {
  const CASES: [string, string, string][] = [
    [
      'an onclick attribute',
      '<button onclick="alert(1)">x</button>',
      'KN_ERR_TEMPLATE_UNSAFE_SLOT',
    ],
    ['a React onClick handler', '<button onClick={save}>x</button>', 'KN_ERR_TEMPLATE_UNSAFE_SLOT'],
    ['a value inside <script>', '<script>{code}</script>', 'KN_ERR_TEMPLATE_UNSAFE_SLOT'],
    ['a value inside <style>', '<style>{css}</style>', 'KN_ERR_TEMPLATE_UNSAFE_SLOT'],
    ['a srcdoc value', '<iframe srcdoc={doc} />', 'KN_ERR_TEMPLATE_UNSAFE_SLOT'],
    [
      'an animation target',
      '<svg><set attributeName={a} to="x" /></svg>',
      'KN_ERR_TEMPLATE_UNSAFE_SLOT',
    ],
    [
      'a javascript: URL written in the JSX',
      '<a href="javascript:go()">x</a>',
      'KN_ERR_TEMPLATE_UNSAFE_URL',
    ],
    ['a srcdoc string', '<iframe srcdoc="<b>x</b>" />', 'KN_ERR_TEMPLATE_UNSAFE_SLOT'],
    [
      'unsafe CSS written in the JSX',
      '<p style="x:expression(go())">x</p>',
      'KN_ERR_TEMPLATE_UNSAFE_STYLE',
    ],
    [
      'an entity-hidden script URL',
      '<a href="java&#x73;cript:go()">x</a>',
      'KN_ERR_TEMPLATE_UNSAFE_URL',
    ],
    ['a misspelt binding', '<button lv-clik="inc">x</button>', 'KN_ERR_JSX_UNKNOWN_BINDING'],
    ['children of a void element', '<input>x</input>', 'KN_ERR_JSX_UNSUPPORTED'],
  ];
  for (const [what, jsx, code] of CASES) {
    it(`${what}: ${code}`, () => {
      const source = `const n = 1;\nexport const view = () => (\n  <main>${jsx}</main>\n);\n`;
      const { code: actual, message } = refusal(() => compileJsx(source, '/app/views/bad.tsx'));
      expect(actual).toBe(code);
      expect(message).toMatch(/\/app\/views\/bad\.tsx:3:\d+/);
    });
  }

  it('markup html accepts compiles: bindings, lv-value-*, bare lv-patch, static http URLs', () => {
    const source = '<a href="https://example.com" lv-patch lv-value-id={1} lv-click="go">x</a>';
    expect(compileJsx(source, '/app/ok.tsx')?.code).toContain('lv-patch lv-value-id=$' + '{1}');
  });
});

describe('a refused value is refused when rendered, with the same code in every path', () => {
  const CASES: [string, string, object, string][] = [
    ['a javascript: URL', 'link', { url: 'javascript:alert(1)' }, 'KN_ERR_TEMPLATE_UNSAFE_URL'],
    ['an entity-hidden URL', 'link', { url: 'java&#x73;cript:x' }, 'KN_ERR_TEMPLATE_UNSAFE_URL'],
    ['a data:text/html URL', 'link', { url: ' data:text/html,x' }, 'KN_ERR_TEMPLATE_UNSAFE_URL'],
    [
      'unsafe CSS',
      'styled',
      { css: 'background:url(javascript:x)' },
      'KN_ERR_TEMPLATE_UNSAFE_STYLE',
    ],
    ['a repeated key', 'duplicateKeys', { ids: [1, 2, 1] }, 'KN_ERR_TEMPLATE_DUPLICATE_KEY'],
  ];
  const paths: Partial<Record<JsxPath | 'vite', Record<string, unknown>>> = {};
  beforeAll(async () => {
    // Through the vitest plugin, as a view module is loaded in tests and in dev.
    const viaVite = fixture('refusals.tsx');
    paths.vite = (await import(/* @vite-ignore */ viaVite)) as Record<string, unknown>;
    for (const how of ['compiled', 'fallback', 'fallback-dev'] as const) {
      paths[how] = await loadTsx(fixture('refusals.tsx'), how, modules);
    }
  });

  for (const how of ['vite', 'compiled', 'fallback', 'fallback-dev'] as const) {
    for (const [what, name, props, code] of CASES) {
      it(`${how}: ${what} is ${code}`, () => {
        const view = paths[how]?.[name] as View;
        expect(refusal(() => renderToString(view(props as never))).code).toBe(code);
      });
    }
  }

  it('a tag name from a value is refused compiled; the fallback cannot tell it from a literal tag', () => {
    const props = { Tag: 'script' } as never;
    for (const how of ['vite', 'compiled'] as const) {
      const view = paths[how]?.tagFromValue as View;
      expect(refusal(() => view(props)).code).toBe('KN_ERR_TEMPLATE_UNSAFE_SLOT');
    }
    const view = paths.compiled?.tagFromValue as View;
    const liveView = { name: 'Counter', mount() {}, render() {} };
    expect(refusal(() => view({ Tag: liveView } as never)).code).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
    // jsx('script', {}) is what <script /> compiles to: an empty element, inert. Children in
    // it would be refused as values inside <script>.
    const fallback = paths.fallback?.tagFromValue as View;
    expect(renderToString(fallback(props))).toBe('<script></script>');
  });

  it('compiled by the vitest plugin, the error names the .tsx file and line', () => {
    const link = paths.vite?.link as View;
    const { message } = refusal(() => link({ url: 'javascript:alert(1)' } as never));
    expect(message).toMatch(/test\/refusals\.tsx:5:\d+/);
  });

  it('with the dev runtime, the error names the .tsx file and line', () => {
    const link = paths['fallback-dev']?.link as View;
    const { message } = refusal(() => link({ url: 'javascript:alert(1)' } as never));
    expect(message).toMatch(/refusals\.tsx:5:\d+/);
  });

  it('an event handler in a spread is refused: by attrs() compiled, as an attribute in the fallback', () => {
    const props = { extra: { onclick: 'alert(1)' } } as never;
    const compiled = paths.compiled?.spreadHandler as View;
    const fallback = paths.fallback?.spreadHandler as View;
    expect(refusal(() => compiled(props)).code).toBe('KN_ERR_TEMPLATE_BAD_VALUE');
    expect(refusal(() => fallback(props)).code).toBe('KN_ERR_TEMPLATE_UNSAFE_SLOT');
  });
});

describe('without the compile step, what the compiler refuses is refused when rendered', () => {
  const CASES: [string, object, string][] = [
    ['handler', {}, 'KN_ERR_TEMPLATE_UNSAFE_SLOT'],
    ['reactHandler', { fn: () => {} }, 'KN_ERR_TEMPLATE_UNSAFE_SLOT'],
    ['script', { code: 'alert(1)' }, 'KN_ERR_TEMPLATE_UNSAFE_SLOT'],
    ['staticScriptUrl', {}, 'KN_ERR_TEMPLATE_UNSAFE_URL'],
    ['srcdoc', { doc: '<script>alert(1)</script>' }, 'KN_ERR_TEMPLATE_UNSAFE_SLOT'],
  ];
  for (const how of ['fallback', 'fallback-dev'] as const) {
    for (const [name, props, code] of CASES) {
      it(`${how}: ${name} is ${code}`, async () => {
        const views = await loadTsx(fixture('unsafe.tsx'), how, modules);
        expect(refusal(() => (views[name] as View)(props as never)).code).toBe(code);
      });
    }
  }

  it('and the compiler refuses the file, at the first refused line', () => {
    const path = fixture('unsafe.tsx');
    const { code, message } = refusal(() => compileJsx(readFileSync(path, 'utf8'), path));
    expect(code).toBe('KN_ERR_TEMPLATE_UNSAFE_SLOT');
    expect(message).toContain('unsafe.tsx:6:');
  });
});
