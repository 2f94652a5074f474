import { html, KineticDiffError, parseTemplate } from '@kinetic/diff';
import MagicString, { type SourceMap } from 'magic-string';
import ts from 'typescript';
import { isLiveBinding } from './bindings.js';
import { atJsxLine, eventHandler, unknownBinding, unsupported } from './errors.js';
import { cleanJsxText, decodeJsxEntities, jsxTextToHtml } from './jsx-text.js';

export interface CompileOptions {
  /**
   * The package whose `/jsx-runtime` the output imports its helpers from, and the only
   * `@jsxImportSource` a file may name to be compiled. Default `@kinetic/core`.
   */
  readonly importSource?: string;
}

export interface CompileResult {
  readonly code: string;
  /** Maps the output back to the .tsx source; everything outside JSX is unchanged. */
  readonly map: SourceMap;
}

/** The namespace the output reaches the helpers through; appended as an import. */
const NS = '__kinetic_jsx';
const VOID = new Set(
  'area base br col embed hr img input link meta param source track wbr'.split(' '),
);
/** React's spellings, accepted so copied markup keeps working (the fallback does the same). */
const RENAMED: Readonly<Record<string, string>> = { className: 'class', htmlFor: 'for' };

type JsxNode = ts.JsxElement | ts.JsxSelfClosingElement | ts.JsxFragment;
type JsxTag = ts.JsxElement | ts.JsxSelfClosingElement;

const isJsx = (node: ts.Node): node is JsxNode =>
  ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node);
const openingOf = (node: JsxTag) => (ts.isJsxElement(node) ? node.openingElement : node);
const childrenOf = (node: JsxNode): readonly ts.JsxChild[] =>
  ts.isJsxSelfClosingElement(node) ? [] : node.children;

/**
 * Compiles the JSX of one .tsx module: every JSX expression becomes an `html` tagged
 * template, so each JSX call site has one frozen strings array that @kinetic/diff caches and
 * fingerprints as it does an `html` call site. Returns undefined when there is nothing to do
 * (no JSX, or a file whose `@jsxImportSource` names another library).
 *
 * Throws, naming the file, line and column, what `html` would refuse at its first render
 * (a value in a tag name or inside <script>, an event-handler attribute) and misspelt lv-*
 * bindings.
 * @example compileJsx(source, '/app/src/views/counter.tsx')?.code
 */
export function compileJsx(
  source: string,
  fileName: string,
  options: CompileOptions = {},
): CompileResult | undefined {
  if (!source.includes('<')) return undefined;
  const importSource = options.importSource ?? '@kinetic/core';
  const pragma = /@jsxImportSource\s+(\S+)/.exec(source);
  if (pragma !== null && pragma[1] !== importSource) return undefined;
  const file = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const compiler = new Compiler(file, source, fileName);
  const out = new MagicString(source);
  let sites = 0;
  const visit = (node: ts.Node): void => {
    if (!isJsx(node)) {
      ts.forEachChild(node, visit);
      return;
    }
    const start = node.getStart(file);
    const code = compiler.expression(node);
    // Lines after the JSX keep their numbers even without a source map (stack traces in Node).
    const lost = newlines(source.slice(start, node.end)) - newlines(code);
    out.overwrite(start, node.end, code + '\n'.repeat(Math.max(0, lost)));
    sites++;
  };
  visit(file);
  if (sites === 0) return undefined;
  // No JSX is left: blank the pragma's "@" so a later JSX transform has nothing to act on
  // (esbuild warns about a pragma without its automatic runtime). Same length, same columns.
  if (pragma !== null) out.overwrite(pragma.index, pragma.index + 1, ' ');
  // Appended, so no line or column of the source moves; imports are hoisted.
  out.append(`\nimport * as ${NS} from ${JSON.stringify(`${importSource}/jsx-runtime`)};\n`);
  if (compiler.rowSites > 0) out.append(rowsHelper(compiler.rowSites, importSource));
  return {
    code: out.toString(),
    map: out.generateMap({ hires: 'boundary', source: fileName, includeContent: true }),
  };
}

const newlines = (text: string) => text.split('\n').length - 1;

/** The helper a memoized keyed `.map()` calls, and one variable per site for its functions. */
const ROWS = '__kinetic_rows';

/**
 * What memoized rows need, appended: `each` (from the package itself, since its jsx-runtime
 * does not export it), one `var` per site holding that site's key and row functions (a `var`,
 * so it exists before any render, whatever the order of the module), and the helper. A
 * receiver that is not an array keeps `.map()`'s meaning: its rows are built as before.
 */
function rowsHelper(sites: number, importSource: string): string {
  const vars = Array.from({ length: sites }, (_, i) => `${ROWS}${i}`).join(', ');
  return (
    `import { each as __kinetic_each } from ${JSON.stringify(importSource)};\n` +
    `var ${vars};\n` +
    `function ${ROWS}(list, [key, row]) {\n` +
    `  return Array.isArray(list)\n` +
    `    ? __kinetic_each(list, key, row)\n` +
    `    : ${NS}.keyedList(list.map((item) => ${NS}.keyedRow(key(item), row(item))));\n` +
    `}\n`
  );
}

/** The statics and dynamic expressions of one template being built. */
class TemplateParts {
  readonly statics: string[] = [''];
  readonly holes: string[] = [];
  text(html: string): void {
    this.statics[this.statics.length - 1] += html;
  }
  hole(expression: string): void {
    this.holes.push(expression);
    this.statics.push('');
  }
}

/** A static as the cooked text of a template literal. */
const literal = (text: string) =>
  text.replace(/\\|`|\$\{|\r/g, (m) => (m === '\r' ? '\\r' : `\\${m}`));

class Compiler {
  /** Keyed `.map()` sites compiled to `each()`, numbered in source order. */
  rowSites = 0;

  constructor(
    private readonly file: ts.SourceFile,
    private readonly source: string,
    private readonly fileName: string,
  ) {}

  /** A JSX node as a JavaScript expression. */
  expression(node: JsxNode): string {
    if (ts.isJsxFragment(node)) return this.template(node, (t) => this.children(node, t));
    const key = this.attribute(node, 'key');
    const out = isIntrinsic(openingOf(node).tagName)
      ? this.template(node, (t) => this.element(node, t))
      : this.component(node);
    return key === undefined ? out : `${NS}.keyedRow(${this.propValue(key)}, ${out})`;
  }

  private at(node: ts.Node): string {
    const { line, character } = this.file.getLineAndCharacterOfPosition(node.getStart(this.file));
    return `${this.fileName}:${line + 1}:${character + 1}`;
  }

  private template(node: JsxNode, fill: (t: TemplateParts) => void): string {
    const t = new TemplateParts();
    fill(t);
    // What html would refuse at the first render is refused now, at the .tsx line.
    parseTemplate(t.statics, this.at(node));
    let out = `${NS}.html\`${literal(t.statics[0] as string)}`;
    for (let i = 0; i < t.holes.length; i++) {
      out += `\${${t.holes[i]}}${literal(t.statics[i + 1] as string)}`;
    }
    return `${out}\``;
  }

  private element(node: JsxTag, t: TemplateParts): void {
    const opening = openingOf(node);
    const tag = opening.tagName.getText(this.file);
    t.text(`<${tag}`);
    for (const attr of opening.attributes.properties) {
      if (ts.isJsxSpreadAttribute(attr)) {
        // html's attribute-list slot: attrs() checks every name and value it renders.
        t.text(' ');
        t.hole(`${NS}.attrs(${this.code(attr.expression)})`);
        continue;
      }
      const written = attr.name.getText(this.file);
      if (written === 'key') continue;
      const name = RENAMED[written] ?? written;
      this.checkName(tag, name, attr);
      const init = attr.initializer;
      if (init === undefined) t.text(` ${name}`);
      else if (ts.isStringLiteral(init)) {
        const value = this.source.slice(init.getStart(this.file) + 1, init.end - 1);
        this.checkStaticValue(tag, name, decodeJsxEntities(value), attr);
        t.text(` ${name}="${jsxTextToHtml(value)}"`);
      } else if (ts.isJsxExpression(init)) {
        if (init.expression === undefined) {
          throw unsupported(`the empty attribute "${name}={}"`, this.at(attr), 'give it a value');
        }
        // html's whole-attribute slot: false/null drop it, true makes it bare, URLs are checked.
        t.text(` ${name}=`);
        t.hole(this.code(init.expression));
      } else {
        t.text(` ${name}=`);
        t.hole(this.expression(init));
      }
    }
    t.text('>');
    if (VOID.has(tag.toLowerCase())) {
      if (this.meaningful(childrenOf(node)).length > 0) {
        throw unsupported(`children of the void element <${tag}>`, this.at(node), 'remove them');
      }
      return;
    }
    this.children(node, t);
    t.text(`</${tag}>`);
  }

  /** Renders the attribute as the fallback would (a value), so both refuse the same strings. */
  private checkStaticValue(tag: string, name: string, value: string, attr: ts.Node): void {
    const strings = Object.assign([`<${tag} ${name}=`, '>'], { raw: [`<${tag} ${name}=`, '>'] });
    try {
      html(strings, value);
    } catch (error) {
      throw error instanceof KineticDiffError ? atJsxLine(error, this.at(attr)) : error;
    }
  }

  private checkName(tag: string, name: string, attr: ts.Node): void {
    const lower = name.toLowerCase();
    if (lower.startsWith('on')) throw eventHandler(name, this.at(attr));
    if (lower.startsWith('lv-') && !isLiveBinding(lower)) throw unknownBinding(name, this.at(attr));
    if (name.includes(':') && !/^xlink:|^xml:/.test(name)) {
      throw unsupported(
        `the namespaced attribute "${name}" on <${tag}>`,
        this.at(attr),
        'drop the prefix',
      );
    }
  }

  private children(node: JsxNode, t: TemplateParts): void {
    for (const child of childrenOf(node)) {
      if (ts.isJsxText(child)) {
        const text = cleanJsxText(child.text);
        if (text !== undefined) t.text(jsxTextToHtml(text));
      } else if (ts.isJsxExpression(child)) {
        if (child.expression === undefined) continue;
        if (child.dotDotDotToken !== undefined) {
          throw unsupported('a spread child {...items}', this.at(child), 'write {items} instead');
        }
        t.hole(this.childValue(child.expression));
      } else if (ts.isJsxFragment(child)) {
        this.children(child, t);
      } else if (isIntrinsic(openingOf(child).tagName)) {
        // Nested elements join the parent's statics, as they would in one html`` template.
        this.element(child, t);
      } else {
        t.hole(this.expression(child));
      }
    }
  }

  /** `<Card title={t}>…</Card>` as `Card({ title: t, children })`. */
  private component(node: JsxTag): string {
    const opening = openingOf(node);
    const props: string[] = [];
    for (const attr of opening.attributes.properties) {
      if (ts.isJsxSpreadAttribute(attr)) {
        props.push(`...${this.code(attr.expression)}`);
      } else if (attr.name.getText(this.file) !== 'key') {
        props.push(`${JSON.stringify(attr.name.getText(this.file))}: ${this.propValue(attr)}`);
      }
    }
    const children = this.meaningful(childrenOf(node));
    const only = children[0];
    if (children.length > 0) {
      let value: string;
      if (children.every(ts.isJsxText)) {
        // Text only: a string, as the automatic runtime passes it.
        value = JSON.stringify(
          decodeJsxEntities(children.map((c) => cleanJsxText(c.text) ?? '').join('')),
        );
      } else if (children.length === 1 && only !== undefined && ts.isJsxExpression(only)) {
        value = this.childValue(only.expression as ts.Expression);
      } else if (children.length === 1 && only !== undefined && isJsx(only)) {
        value = this.expression(only);
      } else value = this.template(node, (t) => this.children(node, t));
      props.push(`children: ${value}`);
    }
    return `${NS}.callComponent(${opening.tagName.getText(this.file)}, { ${props.join(', ')} })`;
  }

  /** A `{child}` expression: memoized rows, a keyed list, or the value as written. */
  private childValue(expression: ts.Expression): string {
    const rows = this.memoizedRows(expression);
    if (rows !== undefined) return rows;
    const code = this.code(expression);
    return holdsKeyedRows(expression) ? `${NS}.keyedList(${code})` : code;
  }

  /**
   * `items.map((item) => <li key={item.id}>…</li>)` as `each(items, key, row)`, so a row is
   * rebuilt only when its item is a new object, as with each(). Only when that cannot change
   * what renders: a one-parameter arrow (no index, no default, no rest) whose body is one
   * intrinsic element with a key, reading nothing but its parameter and names the render cannot
   * change (see onlyReadsItem). The key and row functions are made at the first render and kept
   * in a module variable: they read nothing of the render that made them, so any later render
   * would make the same ones, and each() memoizes by the row function's identity.
   */
  private memoizedRows(expression: ts.Expression): string | undefined {
    const call = skipParens(expression);
    if (!ts.isCallExpression(call) || call.questionDotToken !== undefined) return undefined;
    const callee = call.expression;
    const fn = call.arguments.length === 1 ? call.arguments[0] : undefined;
    if (
      !ts.isPropertyAccessExpression(callee) ||
      callee.questionDotToken !== undefined ||
      callee.name.text !== 'map' ||
      fn === undefined ||
      !ts.isArrowFunction(fn) ||
      fn.parameters.length !== 1 ||
      ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async
    ) {
      return undefined;
    }
    const param = fn.parameters[0] as ts.ParameterDeclaration;
    if (param.dotDotDotToken !== undefined || param.initializer !== undefined) return undefined;
    const body = ts.isBlock(fn.body) ? undefined : skipParens(fn.body);
    if (
      body === undefined ||
      !(ts.isJsxElement(body) || ts.isJsxSelfClosingElement(body)) ||
      !isIntrinsic(openingOf(body).tagName)
    ) {
      return undefined;
    }
    const key = this.attribute(body, 'key');
    if (key === undefined || !this.onlyReadsItem(fn)) return undefined;
    const site = `${ROWS}${this.rowSites++}`;
    const item = param.name.getText(this.file);
    const row = this.template(body, (t) => this.element(body, t));
    return (
      `${ROWS}(${this.code(callee.expression)}, ` +
      `${site} ??= [(${item}) => ${this.propValue(key)}, (${item}) => ${row}])`
    );
  }

  /**
   * True when the callback reads only its own parameter and names no render can change:
   * imports, module-level const, function and class declarations, and globals. Refused: any
   * name declared elsewhere in the top-level statement around the call (the render's assigns
   * and locals, even when a name inside the callback shadows it), module-level let and var,
   * `this` and `arguments`.
   */
  private onlyReadsItem(fn: ts.ArrowFunction): boolean {
    const own = new Set<string>();
    bindingNames((fn.parameters[0] as ts.ParameterDeclaration).name, own);
    // Every name declared in the top-level statement holding the call (the render's
    // parameters and locals, a loop's variable at module level), bar that statement's own
    // module-level const, function or class name: a recursive component stays a safe read.
    const renderTime = new Set<string>();
    let top: ts.Node = fn;
    while (!ts.isSourceFile(top.parent)) top = top.parent;
    const moduleConst = (n: ts.Node) =>
      n === top ||
      (ts.isVariableDeclaration(n) &&
        ts.isVariableStatement(top) &&
        n.parent.parent === top &&
        (n.parent.flags & ts.NodeFlags.Const) !== 0);
    const declared = (n: ts.Node): void => {
      if (n === fn) return;
      if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) {
        if (!moduleConst(n)) bindingNames(n.name, renderTime);
      } else if (
        (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassLike(n)) &&
        n.name !== undefined &&
        !moduleConst(n)
      ) {
        renderTime.add(n.name.text);
      }
      ts.forEachChild(n, declared);
    };
    declared(top);
    for (const statement of this.file.statements) {
      if (
        ts.isVariableStatement(statement) &&
        !(statement.declarationList.flags & ts.NodeFlags.Const)
      ) {
        for (const d of statement.declarationList.declarations) bindingNames(d.name, renderTime);
      }
    }
    let safe = true;
    const read = (n: ts.Node): void => {
      if (!safe) return;
      if (n.kind === ts.SyntaxKind.ThisKeyword || n.kind === ts.SyntaxKind.SuperKeyword) {
        safe = false;
      } else if (ts.isIdentifier(n)) {
        if (
          isReference(n) &&
          (n.text === 'arguments' || (renderTime.has(n.text) && !own.has(n.text)))
        ) {
          safe = false;
        }
      } else if (!ts.isTypeNode(n)) {
        ts.forEachChild(n, read);
      }
    };
    read(fn);
    return safe;
  }

  private meaningful(children: readonly ts.JsxChild[]): ts.JsxChild[] {
    return children.filter((c) =>
      ts.isJsxText(c)
        ? cleanJsxText(c.text) !== undefined
        : !ts.isJsxExpression(c) || c.expression !== undefined,
    );
  }

  private attribute(node: JsxTag, name: string): ts.JsxAttribute | undefined {
    return openingOf(node).attributes.properties.find(
      (a): a is ts.JsxAttribute => ts.isJsxAttribute(a) && a.name.getText(this.file) === name,
    );
  }

  /** An attribute as a prop value: JSX's meaning (a string, true, or the expression). */
  private propValue(attr: ts.JsxAttribute): string {
    const init = attr.initializer;
    if (init === undefined) return 'true';
    if (ts.isStringLiteral(init)) {
      const value = this.source.slice(init.getStart(this.file) + 1, init.end - 1);
      return JSON.stringify(decodeJsxEntities(value));
    }
    if (ts.isJsxExpression(init)) {
      if (init.expression === undefined) {
        throw unsupported('an empty attribute value {}', this.at(attr), 'give it a value');
      }
      return this.code(init.expression);
    }
    return this.expression(init);
  }

  /** The source of an expression, with the JSX inside it compiled. */
  private code(node: ts.Node): string {
    if (isJsx(node)) return this.expression(node);
    const end = node.end;
    let pos = node.getStart(this.file);
    let out = '';
    const visit = (n: ts.Node): void => {
      if (!isJsx(n)) {
        ts.forEachChild(n, visit);
        return;
      }
      out += this.source.slice(pos, n.getStart(this.file)) + this.expression(n);
      pos = n.end;
    };
    ts.forEachChild(node, visit);
    return out + this.source.slice(pos, end);
  }
}

function isIntrinsic(tag: ts.JsxTagNameExpression): boolean {
  if (ts.isJsxNamespacedName(tag)) return true;
  return ts.isIdentifier(tag) && (/^[a-z]/.test(tag.text) || tag.text.includes('-'));
}

/** True when the expression yields rows with a `key` (JSX nested in other JSX does not count). */
function holdsKeyedRows(expression: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n)) {
      found = openingOf(n).attributes.properties.some(
        (a) => ts.isJsxAttribute(a) && ts.isIdentifier(a.name) && a.name.text === 'key',
      );
      return;
    }
    if (ts.isJsxFragment(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(expression);
  return found;
}

const skipParens = (node: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(node) ? skipParens(node.expression) : node;

/** The names a binding (`x`, `{ a, b: [c] }`) declares. */
function bindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) bindingNames(element.name, into);
  }
}

/** True when the identifier reads a variable (not a property name, a declaration or a tag). */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.name !== id;
  if (ts.isQualifiedName(p)) return p.left === id;
  if (ts.isJsxAttribute(p) || ts.isJsxNamespacedName(p) || ts.isJsxClosingElement(p)) return false;
  if (ts.isJsxOpeningElement(p) || ts.isJsxSelfClosingElement(p)) return !isIntrinsic(p.tagName);
  if (
    ts.isPropertyAssignment(p) ||
    ts.isVariableDeclaration(p) ||
    ts.isParameter(p) ||
    ts.isPropertyDeclaration(p) ||
    ts.isBindingElement(p)
  ) {
    // The name declared (or the property named) is not read; the value after `=` or `:` is.
    return p.initializer === id;
  }
  if (
    ts.isFunctionDeclaration(p) ||
    ts.isFunctionExpression(p) ||
    ts.isClassLike(p) ||
    ts.isMethodDeclaration(p) ||
    ts.isGetAccessor(p) ||
    ts.isSetAccessor(p) ||
    ts.isLabeledStatement(p) ||
    ts.isBreakOrContinueStatement(p)
  ) {
    return false;
  }
  return true;
}
