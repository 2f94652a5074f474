/** A cell: empty, or the mark of the player who took it. */
export type Mark = 'X' | 'O';
export type Cell = Mark | '';

/** One game: its board, whose turn it is, who holds each mark, and how it ended. */
export interface Game {
  readonly board: readonly Cell[];
  readonly turn: Mark;
  /** The view (tab) id that plays each mark, once taken. */
  readonly players: Readonly<Partial<Record<Mark, string>>>;
  readonly winner: Mark | 'draw' | undefined;
  /** Bumped by every change: views render the newest they have seen. */
  readonly version: number;
}

const LINES = [
  [0, 1, 2],
  [3, 4, 5],
  [6, 7, 8],
  [0, 3, 6],
  [1, 4, 7],
  [2, 5, 8],
  [0, 4, 8],
  [2, 4, 6],
] as const;

export const newGame = (): Game => ({
  board: Array<Cell>(9).fill(''),
  turn: 'X',
  players: {},
  winner: undefined,
  version: 0,
});

function outcome(board: readonly Cell[]): Mark | 'draw' | undefined {
  for (const [a, b, c] of LINES) {
    const mark = board[a];
    if (mark && mark === board[b] && mark === board[c]) return mark;
  }
  return board.every((cell) => cell !== '') ? 'draw' : undefined;
}

/** Why a move is refused, in words the player sees. */
export class MoveRefused extends Error {}

/**
 * The games of one process, by name. Bounded: at most `max` games (the least recently used
 * goes), so a client that invents game names cannot grow it.
 */
export class Games {
  private readonly games = new Map<string, Game>();

  constructor(private readonly max = 1000) {}

  get(name: string): Game {
    const game = this.games.get(name) ?? newGame();
    this.games.delete(name);
    this.games.set(name, game);
    if (this.games.size > this.max) {
      const oldest = this.games.keys().next().value;
      if (oldest !== undefined) this.games.delete(oldest);
    }
    return game;
  }

  /** Gives `player` a free mark (X first), or the one it holds; undefined when both are taken. */
  seat(name: string, player: string): Mark | undefined {
    const game = this.get(name);
    const held = (['X', 'O'] as const).find((mark) => game.players[mark] === player);
    if (held !== undefined) return held;
    const free = (['X', 'O'] as const).find((mark) => game.players[mark] === undefined);
    if (free === undefined) return undefined;
    this.set(name, { ...game, players: { ...game.players, [free]: player } });
    return free;
  }

  /** Frees the seat `player` held (its tab closed). */
  leave(name: string, player: string): Game {
    const game = this.get(name);
    const players = { ...game.players };
    for (const mark of ['X', 'O'] as const) if (players[mark] === player) delete players[mark];
    return this.set(name, { ...game, players });
  }

  /** Plays `cell` for `player`, or refuses with the reason. */
  move(name: string, player: string, cell: number): Game {
    const game = this.get(name);
    if (game.winner !== undefined) throw new MoveRefused('the game is over: start a new one');
    if (game.players[game.turn] !== player) throw new MoveRefused(`it is ${game.turn}'s turn`);
    if (!Number.isInteger(cell) || cell < 0 || cell > 8 || game.board[cell] !== '') {
      throw new MoveRefused('that cell is taken');
    }
    const board = game.board.map((c, i) => (i === cell ? game.turn : c));
    return this.set(name, {
      ...game,
      board,
      turn: game.turn === 'X' ? 'O' : 'X',
      winner: outcome(board),
    });
  }

  /** A new board; the players keep their marks. */
  restart(name: string): Game {
    return this.set(name, { ...newGame(), players: this.get(name).players });
  }

  private set(name: string, game: Game): Game {
    const next = { ...game, version: this.get(name).version + 1 };
    this.games.set(name, next);
    return next;
  }
}
