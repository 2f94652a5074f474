import { z } from 'zod';

export const TAGS = ['home', 'work', 'errand'] as const;
export const PRIORITIES = ['low', 'normal', 'high'] as const;

/**
 * What the todo form accepts. The schema coerces (the date, the done checkbox), trims and
 * checks; the form helper only nests the field names. Any Standard Schema library works.
 */
export const TodoInput = z.object({
  title: z
    .string()
    .trim()
    .min(3, 'Give it at least 3 characters')
    .max(120, 'Keep it under 120 characters'),
  due: z.union([
    z.literal('').transform(() => undefined),
    z.coerce.date({ error: 'Pick a date' }).min(new Date('2000-01-01'), 'Pick a date after 2000'),
  ]),
  priority: z.enum(PRIORITIES, { error: 'Pick a priority' }),
  tags: z.array(z.enum(TAGS)).max(2, 'Two tags at most').default([]),
  done: z.stringbool().default(false),
});
export type TodoInput = z.output<typeof TodoInput>;

export interface Todo extends TodoInput {
  readonly id: number;
}

/**
 * The todos of one process, newest first. Bounded (a demo must not grow without end):
 * past `max` the oldest goes.
 */
export class Todos {
  private items: Todo[] = [];
  private next = 1;

  constructor(private readonly max = 200) {}

  list(): readonly Todo[] {
    return this.items;
  }

  get(id: number): Todo | undefined {
    return this.items.find((t) => t.id === id);
  }

  /** True when another todo has this title (case and spaces aside). */
  taken(title: string, except?: number): boolean {
    const key = title.trim().toLowerCase();
    return this.items.some((t) => t.id !== except && t.title.toLowerCase() === key);
  }

  add(input: TodoInput): Todo {
    const todo = { ...input, id: this.next++ };
    this.items = [todo, ...this.items].slice(0, this.max);
    return todo;
  }

  update(id: number, input: TodoInput): void {
    this.items = this.items.map((t) => (t.id === id ? { ...input, id } : t));
  }

  toggle(id: number): void {
    this.items = this.items.map((t) => (t.id === id ? { ...t, done: !t.done } : t));
  }

  remove(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}
