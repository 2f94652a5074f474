import * as core from '@kinetic/core';
import * as jsxDevRuntime from '@kinetic/core/jsx-dev-runtime';
import * as jsxRuntime from '@kinetic/core/jsx-runtime';
import { html, KineticDiffError, type RenderedNode, renderToString } from '@kinetic/diff';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateTsx, type JsxPath } from '../test/load-tsx.js';

const modules = {
  '@kinetic/core': core,
  '@kinetic/core/jsx-runtime': jsxRuntime,
  '@kinetic/core/jsx-dev-runtime': jsxDevRuntime,
};

/** @kinetic/diff's XSS payloads (src/escape.test.ts); `scriptUrl` ones run when followed. */
const PAYLOADS: ReadonlyArray<{ payload: string; scriptUrl?: true }> = [
  { payload: '<script>alert(1)</script>' },
  { payload: '<img src=x onerror=alert(1)>' },
  { payload: '"><script>alert(1)</script>' },
  { payload: "'><script>alert(1)</script>" },
  { payload: '" onmouseover="alert(1)' },
  { payload: '" autofocus onfocus="alert(1)' },
  { payload: '</script><script>alert(1)</script>' },
  { payload: '--><script>alert(1)</script><!--' },
  { payload: '<iframe srcdoc="<script>alert(1)</script>">' },
  { payload: '<a href="javascript:alert(1)">x</a>' },
  { payload: "{{constructor.constructor('alert(1)')()}}" },
  { payload: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  { payload: 'javascript:alert(1)', scriptUrl: true },
  { payload: 'JaVaScRiPt:alert(1)', scriptUrl: true },
  { payload: ' javascript:alert(1)', scriptUrl: true },
  { payload: 'java\tscript:alert(1)', scriptUrl: true },
  { payload: '\u0001\u0010javascript:alert(1)', scriptUrl: true },
  { payload: '&#106;avascript:alert(1)', scriptUrl: true },
  { payload: '&#x6A;avascript:alert(1)', scriptUrl: true },
  { payload: 'javascript&colon;alert(1)', scriptUrl: true },
  { payload: 'data:text/html,<script>alert(1)</script>', scriptUrl: true },
  { payload: 'data:image/svg+xml,<svg onload=alert(1)>', scriptUrl: true },
  { payload: 'vbscript:msgbox(1)', scriptUrl: true },
];

const SOURCE = `
export const text = (v: string) => <p>{v}</p>;
export const title = (v: string) => <p title={v}>x</p>;
export const link = (v: string) => <a href={v}>x</a>;
export const image = (v: string) => <img src={v} alt="" />;
`;
const TWINS: Record<string, (v: string) => RenderedNode> = {
  text: (v) => html`<p>${v}</p>`,
  title: (v) => html`<p title=${v}>x</p>`,
  link: (v) => html`<a href=${v}>x</a>`,
  image: (v) => html`<img src=${v} alt="">`,
};

const outcome = (fn: () => RenderedNode) => {
  try {
    return renderToString(fn());
  } catch (error) {
    if (error instanceof KineticDiffError) return error.code;
    throw error;
  }
};

const views: Partial<Record<JsxPath, Record<string, unknown>>> = {};
beforeAll(async () => {
  for (const how of ['compiled', 'fallback', 'fallback-dev'] as const) {
    views[how] = await evaluateTsx(SOURCE, how, modules);
  }
});

describe("the XSS table of @kinetic/diff, in JSX: escaped or refused exactly as html's", () => {
  for (const how of ['compiled', 'fallback', 'fallback-dev'] as const) {
    for (const { payload, scriptUrl } of PAYLOADS) {
      it(`${how}: ${JSON.stringify(payload)}`, () => {
        for (const [name, twin] of Object.entries(TWINS)) {
          const view = views[how]?.[name] as (v: string) => RenderedNode;
          const expected = outcome(() => twin(payload));
          expect(outcome(() => view(payload))).toBe(expected);
          if (scriptUrl && (name === 'link' || name === 'image')) {
            expect(expected).toBe('KN_ERR_TEMPLATE_UNSAFE_URL');
          }
        }
      });
    }
  }
});
