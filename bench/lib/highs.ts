// HiGHS (npm `highs`, WebAssembly), loaded once for the bench's exact baselines.
import * as highsModule from 'highs';
import type { Highs } from 'highs';

// The package's types describe CommonJS (`exports.default`); under ESM the loader is the default export either way.
const loader = (highsModule as unknown as { default: () => Promise<Highs> }).default;
export const highs = await loader();
