/** @jsxImportSource @kinetic/core */
// biome-ignore-all lint: the markup is unsafe on purpose
// Markup the compiler refuses (src/refusals.test.ts compiles it and expects the errors);
// only the runtime fallback runs it, and refuses it when it renders.

export const handler = () => <button onclick="alert(1)">x</button>;

export const reactHandler = ({ fn }: { fn: () => void }) => <button onClick={fn}>x</button>;

export const script = ({ code }: { code: string }) => <script>{code}</script>;

export const staticScriptUrl = () => <a href="javascript:alert(1)">x</a>;

export const srcdoc = ({ doc }: { doc: string }) => <iframe srcdoc={doc} />;
