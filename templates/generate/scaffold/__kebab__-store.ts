import type { __Name__, __Name__Input } from './__kebab__.js';

/**
 * Where __humans__ are kept. The views only use this interface: to keep __humans__ in a
 * database, implement it and pass your store to __name__Routes in src/routes.ts.
 */
export interface __Name__Store {
  list(): Promise<__Name__[]>;
  get(id: string): Promise<__Name__ | undefined>;
  create(input: __Name__Input): Promise<__Name__>;
  /** The updated __human__, or undefined when there is none with this id. */
  update(id: string, input: __Name__Input): Promise<__Name__ | undefined>;
  /** True when a __human__ was deleted. */
  delete(id: string): Promise<boolean>;
}

/** __Names__ in this process's memory: for development and tests; gone when it restarts. */
export class Memory__Name__Store implements __Name__Store {
  private readonly items = new Map<string, __Name__>();
  private nextId = 1;

  async list(): Promise<__Name__[]> {
    return [...this.items.values()];
  }

  async get(id: string): Promise<__Name__ | undefined> {
    return this.items.get(id);
  }

  async create(input: __Name__Input): Promise<__Name__> {
    const item: __Name__ = { ...input, id: String(this.nextId++) };
    this.items.set(item.id, item);
    return item;
  }

  async update(id: string, input: __Name__Input): Promise<__Name__ | undefined> {
    if (!this.items.has(id)) return undefined;
    const item: __Name__ = { ...input, id };
    this.items.set(id, item);
    return item;
  }

  async delete(id: string): Promise<boolean> {
    return this.items.delete(id);
  }
}
