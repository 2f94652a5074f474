import { LiveChannels } from '@kinetic/core/runtime';
import { mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { Games, MoveRefused } from './game.js';
import { ticTacToe } from './tictactoe.js';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

describe('the rules', () => {
  it('X then O take turns; three in a row wins; a full board is a draw', () => {
    const games = new Games();
    expect(games.seat('g', 'a')).toBe('X');
    expect(games.seat('g', 'b')).toBe('O');
    expect(games.seat('g', 'c')).toBeUndefined();
    expect(games.seat('g', 'a')).toBe('X');
    for (const [player, cell] of [
      ['a', 0],
      ['b', 3],
      ['a', 1],
      ['b', 4],
    ] as const) {
      games.move('g', player, cell);
    }
    expect(games.move('g', 'a', 2).winner).toBe('X');
    expect(() => games.move('g', 'b', 5)).toThrow(MoveRefused);
    const draw = games.restart('g');
    expect(draw.board.every((c) => c === '')).toBe(true);
    for (const [player, cell] of [
      ['a', 0],
      ['b', 1],
      ['a', 2],
      ['b', 4],
      ['a', 3],
      ['b', 5],
      ['a', 7],
      ['b', 6],
    ] as const) {
      games.move('g', player, cell);
    }
    expect(games.move('g', 'a', 8).winner).toBe('draw');
  });

  it('refuses a move out of turn, on a taken cell, or outside the board', () => {
    const games = new Games();
    games.seat('g', 'a');
    games.seat('g', 'b');
    expect(() => games.move('g', 'b', 0)).toThrow("it is X's turn");
    games.move('g', 'a', 0);
    expect(() => games.move('g', 'b', 0)).toThrow('taken');
    expect(() => games.move('g', 'b', 9)).toThrow('taken');
    expect(() => games.move('g', 'b', Number.NaN)).toThrow('taken');
    expect(() => games.move('g', 'z', 1)).toThrow("it is O's turn");
  });

  it('keeps at most `max` games', () => {
    const games = new Games(2);
    games.seat('a', 'p');
    games.seat('b', 'p');
    games.seat('c', 'p');
    expect(games.get('a').players).toEqual({});
  });
});

describe('two tabs', () => {
  it('see each other’s moves; a refused move leaves the board as it was', async () => {
    const channels = new LiveChannels({ log: quiet });
    const View = ticTacToe(new Games());
    const open = () => mount(View, { channels, params: { game: 'g' }, url: '/games/g' });
    const x = await open();
    const o = await open();
    expect(x.text('#me')).toBe('You play X.');
    expect(o.text('#me')).toBe('You play O.');
    await x.click('#cell-4');
    expect(x.text('#cell-4')).toBe('X');
    await o.waitFor(() => o.text('#cell-4') === 'X');
    expect(o.text('#status')).toBe('Your turn (O).');
    // The X tab's cells are no longer buttons it may press: nothing to click.
    await expect(x.click('#cell-0')).rejects.toThrow('KN_ERR_TEST_DISABLED');
    // A move sent anyway (a stale page, a hand-made frame) is refused, with a notice.
    await x.pushEvent('move', { cell: 0 });
    expect(x.text('#notice')).toBe("Not played: it is O's turn.");
    expect(x.text('#cell-0')).toBe('');
    await o.click('#cell-0');
    await x.waitFor(() => x.text('#cell-0') === 'O');
    expect(x.text('#status')).toBe('Your turn (X).');
  });
});
