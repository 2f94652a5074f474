import { MemoryPresence, MemoryPubSub } from '@kinetic/core/runtime';
import { describe, expect, it } from 'vitest';
import { presenceConformance, pubsubConformance } from './conformance.js';

describe('the in-memory pubsub adapter keeps the contract', () => {
  const errors: unknown[] = [];
  for (const check of pubsubConformance(async () => [new MemoryPubSub((e) => errors.push(e))]))
    it(check.name, check.run);
  it("hands a deliverer's exception to onError, not to the process", () => {
    expect(errors.map((e) => (e as Error).message)).toEqual(['a listener bug']);
  });
});

describe('the in-memory presence adapter keeps the contract', () => {
  for (const check of presenceConformance(async () => [new MemoryPresence()]))
    it(check.name, check.run);
});
