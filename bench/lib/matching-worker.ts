// Child process for large benchmark cases: generates a network of a shape, runs the engine, reports time, RSS and checks.
import { runMatching } from '../../src/modules/matching/engine/index.js';
import type { MatchMode } from '../../src/modules/matching/engine/types.js';
import { checkResult } from './matching-checker.js';
import { shapeMembers, type Shape } from './matching-shapes.js';

const [shape, mode, nText, seedText, budgetText] = process.argv.slice(2);
const n = Number(nText);
const members = shapeMembers(shape as Shape, n, Number(seedText ?? 1));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = runMatching(members, { mode: mode as MatchMode, seed: 1, ...(budgetText ? { timeBudgetMs: Number(budgetText) } : {}) });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const rssMiB = process.resourceUsage().maxRSS / 1024;
const check = checkResult(members, result, { minSize: mode === 'circles' ? 5 : 2, maxSize: mode === 'circles' ? 8 : 2 });
process.send?.({ ms, cpuMs, rssMiB, stats: result.stats, objective: result.objective, upperBound: result.upperBound, ratio: result.ratio, violations: check.violations.length, firstViolations: check.violations.slice(0, 3) });
