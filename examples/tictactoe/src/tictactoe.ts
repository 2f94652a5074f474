import { defineView, html, JS, notFound } from '@kinetic/core';
import { type Game, type Games, type Mark, MoveRefused } from './game.js';

const NAME = /^[a-z0-9-]{1,32}$/;

interface Changed {
  readonly type: 'game';
  readonly game: Game;
}
const isChanged = (m: unknown): m is Changed => (m as Changed)?.type === 'game';

/**
 * Tic-tac-toe between two browsers. The first two tabs in a game take X and O; others
 * watch. A move shows at once (optimistic: the mark is drawn in the click's own task) and
 * is checked by the server, which tells every tab in the game over pubsub; a refused move
 * is undone when its reply arrives.
 */
export function ticTacToe(games: Games) {
  return defineView({
    name: 'TicTacToe',
    mount: ({ game }, _session, socket) => {
      const name = String(game);
      if (!NAME.test(name)) throw notFound(`no game "${name}"`);
      const topic = `ttt:${name}`;
      socket.subscribe(topic);
      // Only a connected tab plays: the first HTTP render just shows the board.
      const me: Mark | undefined = socket.connected ? games.seat(name, socket.id) : undefined;
      if (me !== undefined) void socket.broadcast(topic, { type: 'game', game: games.get(name) });
      return { name, topic, me, game: games.get(name), notice: '' };
    },
    title: ({ game }) =>
      game.winner === undefined
        ? `${game.turn} to play`
        : game.winner === 'draw'
          ? 'Draw'
          : `${game.winner} won`,
    events: {
      move: async ({ cell }, socket) => {
        const { name, topic } = socket.assigns;
        try {
          const game = games.move(name, socket.id, Number(cell));
          socket.assign({ game, notice: '' });
          await socket.broadcast(topic, { type: 'game', game }, { skipSelf: true });
        } catch (error) {
          if (!(error instanceof MoveRefused)) throw error;
          // The reply carries the notice; the optimistic mark is undone with it.
          socket.assign({ notice: `Not played: ${error.message}.` });
        }
      },
      restart: async (_p, socket) => {
        const game = games.restart(socket.assigns.name);
        socket.assign({ game, notice: '' });
        await socket.broadcast(socket.assigns.topic, { type: 'game', game }, { skipSelf: true });
      },
    },
    handleInfo: (message: unknown, socket) => {
      if (isChanged(message) && message.game.version > socket.assigns.game.version) {
        socket.assign({ game: message.game });
      }
    },
    terminate: async (_reason, socket) => {
      const { name, topic, me } = socket.assigns;
      if (me === undefined) return;
      await socket.broadcast(topic, { type: 'game', game: games.leave(name, socket.id) });
    },
    render: ({ name, me, game, notice }) => {
      const myTurn = me !== undefined && game.turn === me && game.winner === undefined;
      const status =
        game.winner === 'draw'
          ? 'A draw.'
          : game.winner !== undefined
            ? `${game.winner} won${game.winner === me ? ': well played!' : '.'}`
            : me === undefined
              ? `Watching: ${game.turn} to play.`
              : myTurn
                ? `Your turn (${me}).`
                : `Waiting for ${game.turn}${game.players[game.turn] === undefined ? ' to join' : ''}…`;
      return html`<h1>Tic-tac-toe: ${name}</h1>
<p id="me">${me === undefined ? 'You are watching.' : `You play ${me}.`}</p>
<div id="board" class="board">${game.board.map((cell, i) =>
        cell === '' && myTurn && me !== undefined
          ? html`<button id="cell-${i}" class="cell" aria-label="cell ${i + 1}"
  lv-click=${JS.push('move', { value: { cell: i }, optimistic: JS.setText(me, { to: `#cell-${i}` }).addClass('pending', { to: '#board' }) })}>\u00a0</button>`
          : html`<button id="cell-${i}" class="cell" aria-label="cell ${i + 1}" disabled>${cell || '\u00a0'}</button>`,
      )}</div>
<p id="status">${status}</p>
<p id="notice" role="status">${notice}</p>
${game.winner === undefined ? '' : html`<button id="restart" lv-click="restart">New game</button>`}`;
    },
  });
}
