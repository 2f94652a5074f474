/** One chat message. */
export interface Message {
  readonly id: string;
  readonly from: string;
  readonly text: string;
  readonly at: Date;
}

/**
 * The last messages of each room, for newcomers. Bounded twice: `perRoom` messages per
 * room, and `rooms` rooms (the least recently used one goes), so a client that invents room
 * names cannot grow it. One process only: several nodes would keep it in their database.
 */
export class RoomHistory {
  private readonly rooms = new Map<string, Message[]>();

  constructor(
    private readonly perRoom = 50,
    private readonly maxRooms = 1000,
  ) {}

  add(room: string, message: Message): void {
    const messages = this.rooms.get(room) ?? [];
    this.rooms.delete(room);
    this.rooms.set(room, [...messages, message].slice(-this.perRoom));
    if (this.rooms.size > this.maxRooms) {
      const oldest = this.rooms.keys().next().value;
      if (oldest !== undefined) this.rooms.delete(oldest);
    }
  }

  last(room: string): readonly Message[] {
    return this.rooms.get(room) ?? [];
  }
}
