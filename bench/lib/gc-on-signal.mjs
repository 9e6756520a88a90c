// Preloaded into benchmark servers (with --expose-gc): SIGWINCH runs a full GC (a signal nothing else here listens to), so an RSS sample measures live memory.
process.on('SIGWINCH', () => globalThis.gc?.());
