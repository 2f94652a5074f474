import { createInterface, type Interface } from 'node:readline/promises';
import kleur from 'kleur';

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

export function terminalPrompter(): Prompter {
  const rl: Interface = createInterface({ input: process.stdin, output: process.stdout });
  const ask = async (question: string, hint: string) =>
    (await rl.question(`${kleur.cyan('?')} ${kleur.bold(question)} ${kleur.dim(hint)} `)).trim();
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
        const answer = await ask(question, `(1-${choices.length}, default ${fallback})`);
        if (answer === '') return fallback;
        const byNumber = choices[Number(answer) - 1];
        const byName = choices.find((choice) => choice.value === answer);
        const picked = byNumber ?? byName;
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
