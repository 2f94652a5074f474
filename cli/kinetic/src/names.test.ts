import { describe, expect, it } from 'vitest';
import { checkProjectName, namesOf, pluralize, toProjectName } from './names.js';

describe('namesOf', () => {
  it('spells one name every way generated code needs, whatever case it came in', () => {
    for (const raw of ['UserCard', 'userCard', 'user-card', 'user_card']) {
      const names = namesOf('view', raw);
      expect(names).toMatchObject({
        pascal: 'UserCard',
        camel: 'userCard',
        kebab: 'user-card',
        human: 'user card',
      });
      expect(names.plural).toEqual({
        pascal: 'UserCards',
        camel: 'userCards',
        kebab: 'user-cards',
        human: 'user cards',
      });
    }
  });

  it('keeps acronyms together', () => {
    expect(namesOf('view', 'HTTPStatus').kebab).toBe('http-status');
  });

  it('refuses names that cannot be identifiers, with the reason', () => {
    expect(() => namesOf('view', '1st')).toThrow(/KN_ERR_CLI_BAD_NAME.*start with a letter/);
    expect(() => namesOf('view', 'a b')).toThrow(/letters and digits/);
    expect(() => namesOf('view', 'user--card')).toThrow(/letters and digits/);
    expect(() => namesOf('view', 'Delete')).toThrow(/reserved word/);
  });
});

describe('pluralize', () => {
  it('covers the usual English endings', () => {
    expect(['post', 'category', 'box', 'match', 'day'].map(pluralize)).toEqual([
      'posts',
      'categories',
      'boxes',
      'matches',
      'days',
    ]);
  });
});

describe('project names', () => {
  it('come from folder names', () => {
    expect(toProjectName('My Shop')).toBe('my-shop');
    expect(toProjectName('.hidden')).toBe('hidden');
  });

  it('follow npm rules', () => {
    expect(checkProjectName('@acme/shop')).toBe('@acme/shop');
    expect(() => checkProjectName('Shop')).toThrow(/lowercase/);
    expect(() => checkProjectName('my shop')).toThrow(/KN_ERR_CLI_BAD_NAME/);
  });
});

describe('project names from folders', () => {
  it('turn every run of characters npm refuses into one "-", never at either end', () => {
    expect(toProjectName('My App!')).toBe('my-app');
    expect(toProjectName('  Héllo, World — 2  ')).toBe('h-llo-world-2');
    expect(toProjectName('__init__')).toBe('init');
    expect(toProjectName('a.b_c~d')).toBe('a.b_c~d');
    expect(toProjectName('!!!')).toBe('kinetic-app');
  });

  it('always pass the npm rules', () => {
    const samples = ['My App!', '-x-', '.env', '~tilde', 'ÄÖÜ', '😀 app', 'a'.repeat(300), 'x-'];
    for (const folder of samples) {
      const name = toProjectName(folder);
      expect(checkProjectName(name), folder).toBe(name);
      expect(name, folder).not.toMatch(/[-._~]$/);
    }
  });
});
