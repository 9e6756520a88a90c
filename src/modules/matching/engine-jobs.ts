// The engine work a round needs, as plain data in and out, so it runs the same inline or in a worker thread.
import { rescore, runMatching, type MatchMember, type MatchOptions, type MatchResult, type Violation } from './engine/index.js';

export type EngineJob =
  | { op: 'run'; members: MatchMember[]; options: MatchOptions }
  | { op: 'rescore'; groups: Array<{ memberIds: string[] }>; members: MatchMember[]; options: MatchOptions };

export type EngineJobResult =
  /** A new draft, and the hard-rule violations it holds (repeats the engine could not avoid). */
  | { op: 'run'; result: MatchResult; violations: Violation[] }
  | { op: 'rescore'; objective: number; violations: Violation[] };

export function runEngineJob(job: EngineJob): EngineJobResult {
  if (job.op === 'run') {
    const result = runMatching(job.members, job.options);
    const { violations } = rescore(result.groups, job.members, job.options);
    return { op: 'run', result, violations };
  }
  const { objective, violations } = rescore(job.groups, job.members, job.options);
  return { op: 'rescore', objective, violations };
}
