// The matching console's first page: start a round, and the rounds so far (drafts and published) with their figures.
import { api } from '../../api.js';
import { formatTime, words } from '../../format.js';
import { Link } from '../../router.js';
import { useMe } from '../../session.js';
import type { Page as ApiPage } from '../../types.js';
import { Empty, ErrorNote, Loading, Page, useData } from '../../ui.js';
import { fixed, type RoundSummary } from './matching-api.js';
import { StartRound } from './matching-start.js';
import './matching.css';

export function MatchingPage() {
  const me = useMe();
  const { data, error, loading } = useData((signal) => api<ApiPage<RoundSummary>>('/admin/matching/rounds?limit=20', { signal }), []);
  return (
    <Page title="Matching rounds">
      <StartRound />
      <h2 class="section">Recent rounds</h2>
      {loading && !data && <Loading what="rounds" />}
      <ErrorNote error={error} />
      {data && data.items.length === 0 && (
        <Empty>
          <p>No round yet: start one above. A draft changes nothing until you publish it.</p>
        </Empty>
      )}
      {data && data.items.length > 0 && (
        <div class="table-wrap">
          <table class="rounds" data-testid="rounds">
            <caption class="sr-only">The 20 newest matching rounds</caption>
            <thead>
              <tr>
                <th scope="col">Round</th>
                <th scope="col">Status</th>
                <th scope="col">Members</th>
                <th scope="col">Groups</th>
                <th scope="col">Unmatched</th>
                <th scope="col">Objective / bound</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id} data-round-id={r.id}>
                  <td>
                    <Link href={`/admin/matching/${r.id}`}>
                      {words(r.mode)}, {formatTime(r.createdAt, me.profile.timezone)}
                    </Link>
                  </td>
                  <td>{r.status === 'published' ? 'published' : `draft v${r.version}`}</td>
                  <td>{r.members}</td>
                  <td>{r.groups}</td>
                  <td>{r.unmatched}</td>
                  <td>{Math.round(r.ratio * 100)}% ({fixed(r.objective)})</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
