import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileJsx, LIVE_BINDINGS } from './index.js';

const TEST_DIR = fileURLToPath(new URL('../test/', import.meta.url));
const HEADER = `/** @jsxImportSource @kinetic/core */
import type { JSX } from '@kinetic/core/jsx-runtime';
const Card = (props: { title: string; children?: JSX.Element }) => <section>{props.title}{props.children}</section>;
void Card;
`;

/** Snippets type-checked as .tsx files beside the fixtures, as an app's tsc would. */
const SNIPPETS: Record<string, string> = {
  ok: `export const v = (n: number) => (
    <form lv-submit="save" lv-change="validate" lv-auto-recover="ignore">
      <input name="q" lv-debounce="300" lv-keydown="search" lv-key="Enter" lv-value-id={n} />
      <a href="/next" lv-patch>next</a> <a href="/other" lv-navigate="/other">other</a>
      <ul lv-update="append" lv-hook="Feed" data-role="feed" aria-live="polite"><li>1</li></ul>
      <button lv-click="inc" lv-target={n} lv-disable-with="Saving…" lv-throttle={100}>+</button>
      <Card title="hello"><p>{n}</p></Card>
      <x-widget anything="goes" />
    </form>
  );`,
  badUpdate: 'export const v = <div lv-update="merge" />;',
  badDebounce: 'export const v = <input lv-debounce="fast" />;',
  missingProp: 'export const v = <Card />;',
  wrongProp: 'export const v = <Card title={1} />;',
  unknownAttribute: 'export const v = <div clas="x" />;',
  unknownTag: 'export const v = <blink>x</blink>;',
  misspeltBinding: 'export const v = <button lv-clik="inc">x</button>;',
};

const FIXTURES = ['views.tsx', 'refusals.tsx', 'counter.tsx'];

let errors: Record<string, string[]> = {};
let bindingNames: string[] = [];

beforeAll(() => {
  const files = new Map(
    Object.entries(SNIPPETS).map(([name, code]) => [`${TEST_DIR}${name}.tsx`, HEADER + code]),
  );
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@kinetic/source'],
    jsx: ts.JsxEmit.ReactJSX,
    jsxImportSource: '@kinetic/core',
    exactOptionalPropertyTypes: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile(name, version, ...rest)
      : ts.createSourceFile(name, text, version, true, ts.ScriptKind.TSX);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const roots = [...files.keys(), ...[...FIXTURES, 'unsafe.tsx'].map((f) => `${TEST_DIR}${f}`)];
  const program = ts.createProgram(roots, options, host);
  errors = {};
  for (const root of roots) {
    const name = root.slice(TEST_DIR.length).replace(/\.tsx$/, '');
    const source = program.getSourceFile(root);
    errors[name] = ts
      .getPreEmitDiagnostics(program, source)
      .filter((d) => d.file === source)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  const runtime = program
    .getSourceFiles()
    .find((f) => f.fileName.endsWith('core/src/jsx-runtime.ts')) as ts.SourceFile;
  const checker = program.getTypeChecker();
  const decl = runtime.statements.find(
    (s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === 'LiveBindings',
  ) as ts.InterfaceDeclaration;
  bindingNames = checker
    .getTypeAtLocation(decl.name)
    .getProperties()
    .map((p) => p.name);
}, 60_000);

describe('JSX is type checked against the lv-* bindings and component props', () => {
  it('the fixtures and correct markup type check', () => {
    expect(errors.ok).toEqual([]);
    for (const fixture of FIXTURES) expect(errors[fixture.replace('.tsx', '')]).toEqual([]);
  });

  it('event handlers and srcdoc are type errors too (test/unsafe.tsx)', () => {
    expect(errors.unsafe?.join('\n')).toMatch(/'onclick' does not exist/);
    expect(errors.unsafe?.join('\n')).toMatch(/'onClick' does not exist/);
    expect(errors.unsafe?.join('\n')).toMatch(/'srcdoc' does not exist/);
    expect(errors.unsafe).toHaveLength(3);
  });

  it.each([
    ['badUpdate', /"merge"/],
    ['badDebounce', /"fast"/],
    ['missingProp', /title/],
    ['wrongProp', /number.*string|string.*number/],
    ['unknownAttribute', /clas/],
    ['unknownTag', /blink/],
  ])('%s is a type error', (name, message) => {
    expect(errors[name]?.join('\n')).toMatch(message);
  });

  it('a misspelt binding passes tsc (hyphenated names are never checked) but not the compiler', () => {
    expect(errors.misspeltBinding).toEqual([]);
    expect(() => compileJsx(SNIPPETS.misspeltBinding as string, '/app/v.tsx')).toThrow(
      /KN_ERR_JSX_UNKNOWN_BINDING/,
    );
  });

  it('the compiler knows exactly the bindings the types declare', () => {
    expect(bindingNames.sort()).toEqual([...LIVE_BINDINGS].sort());
  });
});
