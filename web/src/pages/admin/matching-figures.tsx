// A round's figures: the objective against its upper bound as a gauge (<meter> with the numbers in words) and a histogram of group scores.
import { fixed, type Round } from './matching-api.js';

export function ObjectiveGauge({ round }: { round: Round }) {
  const bound = round.upperBound > 0 ? round.upperBound : Math.max(round.objective, 1);
  const pct = Math.round(round.ratio * 1000) / 10;
  const method = round.stats.method === 'exact' ? 'the bound is the proven optimum' : 'the bound is an upper bound: the best grouping may lie below it';
  return (
    <div class="gauge" data-testid="objective">
      <label for="objective-meter">Objective against the upper bound</label>
      <meter id="objective-meter" min={0} max={bound} low={bound * 0.8} high={bound * 0.95} optimum={bound} value={round.objective} aria-describedby="objective-text" />
      <p id="objective-text">
        <strong data-testid="objective-ratio">{pct}%</strong> of the upper bound: objective {fixed(round.objective, 3)} of at most {fixed(round.upperBound, 3)} ({method}).
      </p>
      <p class="muted">
        {round.stats.matched} of {round.stats.members} members placed in {round.groups.length} group{round.groups.length === 1 ? '' : 's'}; {round.unmatched.length} unmatched.
      </p>
    </div>
  );
}

const BINS = 10;

/** Group scores in ten bins of 0.1, as a table whose cells carry a bar (readable without the bars). */
export function ScoreHistogram({ round }: { round: Round }) {
  const counts = new Array<number>(BINS).fill(0);
  for (const g of round.groups) counts[Math.min(BINS - 1, Math.max(0, Math.floor(g.score * BINS)))]! += 1;
  const most = Math.max(1, ...counts);
  const first = counts.findIndex((c) => c > 0);
  // Bins below the lowest score are left out (all groups of a good round sit high); a round with no group shows none.
  const shown = first < 0 ? [] : counts.map((c, i) => ({ c, i })).slice(first);
  return (
    <figure class="histogram" data-testid="histogram">
      <figcaption id="histogram-title">Group scores ({round.groups.length} groups)</figcaption>
      {shown.length === 0 ? (
        <p class="muted">No group yet.</p>
      ) : (
        <table aria-labelledby="histogram-title">
          <thead>
            <tr>
              <th scope="col">Score</th>
              <th scope="col">Groups</th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ c, i }) => (
              <tr key={i}>
                <th scope="row">
                  {fixed(i / BINS, 1)}–{fixed((i + 1) / BINS, 1)}
                </th>
                <td>
                  <span class="bar" style={{ width: `${(c / most) * 100}%` }} aria-hidden="true" />
                  <span class="bar-count">{c}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
