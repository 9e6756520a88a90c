// What the solvers see: a candidate graph plus score and rule callbacks, for peers or alliances alike.
import type { Graph } from './graph.js';

export interface Problem {
  n: number;
  /** Feasible candidate edges, each row best first; recent repeats flagged. */
  graph: Graph;
  score(i: number, j: number): number;
  /** Every hard rule except the no-repeat rule. */
  feasible(i: number, j: number): boolean;
  repeat(i: number, j: number): boolean;
}
