import { createInterface, type Interface } from 'node:readline/promises';
import kleur from 'kleur';
import { cancelled } from '../errors.js';

/** A question on the terminal. Only asked when stdin and stdout are TTYs. */
export interface Prompter {
  text(question: string, fallback: string): Promise<string>;
  choose<T extends string>(
    question: string,
    choices: readonly { value: T; hint: string }[],
    fallback: T,
  ): Promise<T>;
  confirm(question: string, fallback: boolean): Promise<boolean>;
  close(): void;
}

/** True when a person can answer: both ends of the terminal are interactive. */
export const canPrompt = (): boolean =>
  process.stdin.isTTY === true && process.stdout.isTTY === true;

/**
 * Prompts on the terminal. Lines are queued as they arrive, so answers typed ahead (or
 * pasted) are not lost; Ctrl+C or Ctrl+D cancels with KN_ERR_CLI_CANCELLED.
 */
export function terminalPrompter(): Prompter {
  const rl: Interface = createInterface({ input: process.stdin, output: process.stdout });
  const lines: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  let closed = false;
  rl.on('line', (line) => {
    if (waiting === undefined) lines.push(line);
    else waiting(line);
  });
  rl.on('close', () => {
    closed = true;
    waiting?.(undefined);
  });
  rl.on('SIGINT', () => rl.close());
  const nextLine = () =>
    new Promise<string | undefined>((resolve) => {
      const queued = lines.shift();
      if (queued !== undefined || closed) resolve(queued);
      else
        waiting = (line) => {
          waiting = undefined;
          resolve(line);
        };
    });
  const ask = async (question: string, hint: string) => {
    process.stdout.write(`${kleur.cyan('?')} ${kleur.bold(question)} ${kleur.dim(hint)} `);
    const line = await nextLine();
    if (line === undefined) {
      process.stdout.write('\n');
      throw cancelled();
    }
    return line.trim();
  };
  return {
    async text(question, fallback) {
      return (await ask(question, `(${fallback})`)) || fallback;
    },
    async choose(question, choices, fallback) {
      choices.forEach((choice, i) => {
        const mark = choice.value === fallback ? kleur.cyan('›') : ' ';
        console.log(`  ${mark} ${i + 1}. ${choice.value} ${kleur.dim(choice.hint)}`);
      });
      for (;;) {
        const answer = await ask(question, `(1-${choices.length}, Enter for ${fallback})`);
        if (answer === '') return fallback;
        const picked = choices[Number(answer) - 1] ?? choices.find((c) => c.value === answer);
        if (picked !== undefined) return picked.value;
        console.log(kleur.yellow(`  Pick one of 1-${choices.length}.`));
      }
    },
    async confirm(question, fallback) {
      const answer = (await ask(question, fallback ? '(Y/n)' : '(y/N)')).toLowerCase();
      if (answer === '') return fallback;
      return answer === 'y' || answer === 'yes';
    },
    close: () => rl.close(),
  };
}
