// Q&A: the list (newest, top, unanswered), full-text search with highlighted snippets, tag and circle filters.
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../api.js';
import { formatTime } from '../format.js';
import { Link, navigate, useLocation } from '../router.js';
import { useMe } from '../session.js';
import type { QuestionPage, QuestionSummary } from '../types.js';
import { Empty, ErrorNote, Loading, Page, useData } from '../ui.js';

/** The server's highlight: HTML-escaped text with <mark> around matches. Rendered as text and <mark> nodes, never as HTML. */
export function Highlighted({ html }: { html: string }) {
  const unescape = (s: string) =>
    s.replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", amp: '&' })[e] ?? '');
  const parts = html.split(/<mark>(.*?)<\/mark>/g);
  return <>{parts.map((p, i) => (i % 2 ? <mark key={i}>{unescape(p)}</mark> : unescape(p)))}</>;
}

/** The list's read for a location's query (the same string at boot and on the page, so a preload is found). */
export function questionsPath(query: URLSearchParams, cursor?: string): string {
  return `/questions${qs({ q: query.get('q') ?? '', tag: query.get('tag') ?? '', sort: query.get('sort') || undefined, limit: 20, cursor })}`;
}

export function QaListPage() {
  const me = useMe();
  const loc = useLocation();
  const q = loc.query.get('q') ?? '';
  const tag = loc.query.get('tag') ?? '';
  const sort = loc.query.get('sort') ?? '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const [more, setMore] = useState<QuestionSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const { data, error, loading } = useData(
    (signal) => api<QuestionPage>(questionsPath(loc.query), { signal }),
    [q, tag, sort],
  );
  useEffect(() => {
    setMore([]);
    setCursor(data?.nextCursor ?? null);
  }, [data]);

  const go = (params: Record<string, string>) => navigate(`/qa${qs({ q, tag, sort, ...params })}`);
  async function loadMore() {
    if (!cursor) return;
    const page = await api<QuestionPage>(questionsPath(loc.query, cursor));
    setMore((m) => [...m, ...page.items]);
    setCursor(page.nextCursor);
  }
  const items = data ? [...data.items, ...more] : [];

  return (
    <Page
      title="Questions and answers"
      actions={
        <Link href="/qa/ask" class="button" data-testid="ask-link">
          Ask a question
        </Link>
      }
    >
      <form
        role="search"
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: search.trim() });
        }}
      >
        <label class="sr-only" for="qa-search">
          Search questions
        </label>
        <input id="qa-search" type="search" placeholder="Search: referrals, hiring, “cash pay”…" value={search} onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)} data-testid="qa-search" />
        <button type="submit" data-testid="qa-search-submit">
          Search
        </button>
      </form>
      <div class="filters" role="group" aria-label="Sort">
        {[
          ['', q ? 'Best match' : 'Newest'],
          ['top', 'Top'],
          ['unanswered', 'Unanswered'],
        ].map(([value, label]) => (
          <button key={value} type="button" class={sort === value ? '' : 'secondary'} aria-pressed={sort === value} onClick={() => go({ sort: value! })}>
            {label}
          </button>
        ))}
        {tag && (
          <button type="button" class="secondary" onClick={() => go({ tag: '' })} data-testid="clear-tag">
            Tag: {tag} ✕
          </button>
        )}
      </div>
      {loading && !data && <Loading what="questions" />}
      <ErrorNote error={error} />
      {data && items.length === 0 && (
        <Empty>
          {q || tag ? (
            <p>No question matches. Try other words, or ask it yourself: someone in the network has the answer.</p>
          ) : (
            <p>No questions yet. Be the first to ask the network.</p>
          )}
        </Empty>
      )}
      <ul class="cards" data-testid="question-list">
        {items.map((item) => (
          <li key={item.id} class="card" data-testid="question-item">
            <h2>
              <Link href={`/qa/${item.id}`}>{item.titleHighlight ? <Highlighted html={item.titleHighlight} /> : item.title}</Link>
            </h2>
            <p class="snippet" data-testid="snippet">
              {item.snippet ? <Highlighted html={item.snippet} /> : item.excerpt}
            </p>
            <p class="muted">
              {item.score} votes · {item.answerCount} answers{item.hasAcceptedAnswer ? ' · answered ✓' : ''}
              {item.circleId ? ' · circle only' : ''} · {item.author?.displayName ?? 'Anonymous'} ·{' '}
              <time dateTime={item.createdAt}>{formatTime(item.createdAt, me.profile.timezone, 'date')}</time>
            </p>
            <p>
              {item.tags.map((t) => (
                <Link key={t} class="tag" href={`/qa${qs({ tag: t })}`}>
                  {t}
                </Link>
              ))}
            </p>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" class="secondary" onClick={loadMore}>
          More questions
        </button>
      )}
    </Page>
  );
}
