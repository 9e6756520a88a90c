// The in-process bus (the embedded default, one process): there is nobody else to tell.
import { BatchingBus } from './types.js';

export class MemoryBus extends BatchingBus {
  readonly kind = 'memory' as const;
  async start(): Promise<void> {}
  override publish(): void {}
  protected async send(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
}
