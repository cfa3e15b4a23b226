// oidc-provider's storage adapter, in memory: the sandbox wants its codes, grants and interactions to vanish with the
// process. (oidc-provider has a built-in equivalent but warns loudly that it is for development; here that is the point.)

type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };
type Entry = { payload: Payload; expiresAt: number | undefined };

/** An adapter class with its own stores, so each sandbox instance (tests start several) keeps separate state. */
export function createMemoryAdapter() {
  const stores = new Map<string, Map<string, Entry>>();
  return class extends MemoryAdapter {
    constructor(model: string) {
      let entries = stores.get(model);
      if (!entries) {
        entries = new Map();
        stores.set(model, entries);
      }
      super(entries);
    }
  };
}

class MemoryAdapter {
  constructor(private readonly entries: Map<string, Entry>) {}

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    this.entries.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
  }

  async find(id: string): Promise<Payload | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.payload;
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    for (const [id, entry] of this.entries) if (entry.payload.uid === uid) return this.find(id);
    return undefined;
  }

  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    for (const [id, entry] of this.entries) if (entry.payload.userCode === userCode) return this.find(id);
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, entry] of this.entries) if (entry.payload.grantId === grantId) this.entries.delete(id);
  }
}
