// Presence per room: members with a live subscription here, plus those other processes announce (expiring if a process goes silent).
export class Presence {
  private readonly local = new Map<string, Map<string, number>>();
  private readonly remote = new Map<string, Map<string, Map<string, number>>>();
  private readonly last = new Map<string, string>();

  constructor(
    private readonly onChange: (roomId: string, online: string[]) => void,
    private readonly ttlMs = 75_000,
  ) {}

  /** True when the member just became present in this process (others should hear of it). */
  join(roomId: string, memberId: string): boolean {
    let members = this.local.get(roomId);
    if (!members) this.local.set(roomId, (members = new Map()));
    const count = (members.get(memberId) ?? 0) + 1;
    members.set(memberId, count);
    this.changed(roomId);
    return count === 1;
  }

  /** True when the member's last subscription here ended. */
  leave(roomId: string, memberId: string): boolean {
    const members = this.local.get(roomId);
    const count = members?.get(memberId);
    if (!members || !count) return false;
    if (count > 1) {
      members.set(memberId, count - 1);
      return false;
    }
    members.delete(memberId);
    if (!members.size) this.local.delete(roomId);
    this.changed(roomId);
    return true;
  }

  online(roomId: string): string[] {
    const set = new Set(this.local.get(roomId)?.keys());
    const now = Date.now();
    for (const [memberId, nodes] of this.remote.get(roomId) ?? []) {
      for (const expires of nodes.values()) if (expires > now) set.add(memberId);
    }
    return [...set].sort();
  }

  remoteSet(node: string, roomId: string, memberId: string, on: boolean): void {
    let members = this.remote.get(roomId);
    if (on) {
      if (!members) this.remote.set(roomId, (members = new Map()));
      let nodes = members.get(memberId);
      if (!nodes) members.set(memberId, (nodes = new Map()));
      nodes.set(node, Date.now() + this.ttlMs);
    } else {
      const nodes = members?.get(memberId);
      nodes?.delete(node);
      if (nodes && !nodes.size) members!.delete(memberId);
      if (members && !members.size) this.remote.delete(roomId);
    }
    this.changed(roomId);
  }

  /** A node's periodic announcement (possibly one of several pieces): refreshes what it names; the rest expires. */
  remoteAnnounce(node: string, rooms: [string, string[]][]): void {
    for (const [roomId, memberIds] of rooms) for (const memberId of memberIds) this.remoteSet(node, roomId, memberId, true);
  }

  remoteBye(node: string): void {
    for (const [roomId, members] of [...this.remote]) {
      for (const [memberId, nodes] of [...members]) if (nodes.has(node)) this.remoteSet(node, roomId, memberId, false);
    }
  }

  /** Drops entries of nodes that stopped announcing. */
  expire(): void {
    const now = Date.now();
    for (const [roomId, members] of [...this.remote]) {
      for (const [memberId, nodes] of [...members]) {
        for (const [node, expires] of [...nodes]) if (expires <= now) this.remoteSet(node, roomId, memberId, false);
      }
    }
  }

  localSnapshot(): [string, string[]][] {
    return [...this.local].map(([roomId, members]) => [roomId, [...members.keys()]]);
  }

  private changed(roomId: string): void {
    const list = this.online(roomId);
    const key = list.join(',');
    if ((this.last.get(roomId) ?? '') === key) return;
    if (key) this.last.set(roomId, key);
    else this.last.delete(roomId);
    this.onChange(roomId, list);
  }
}
