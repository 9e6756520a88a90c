// Data for the Q&A benchmark: 1,000,000 questions generated in SQL from a Zipf-distributed vocabulary (a few common
// words, a long tail of rare ones), authors, circles and a reader; made once per bench database and reused.
import pg from 'pg';

export const QUESTIONS = Number(process.env.BENCH_QA_QUESTIONS ?? 1_000_000);
const AUTHORS = 200;
const CIRCLES = 50;
const PHRASES = 200_000;
const VOCABULARY = 20_000;
const EMAIL_DOMAIN = 'qa-bench.test';

// Practice-management words first (the common end of the distribution), then a synthetic tail ("lexN").
const DOMAIN_WORDS = `practice payer rate contract billing referral hiring clinic therapist patient marketing staff schedule insurance
credential medicare revenue growth location owner leadership retention salary bonus productivity visit cancellation intake front
desk software documentation compliance audit denial claim collection cash service wellness pediatric sports orthopedic vestibular
pelvic neuro aquatic benchmark margin overhead lease equipment budget forecast strategy partner succession exit valuation buyer
seller community physician surgeon gym school employer workers injury telehealth website review google social media newsletter
brand recruitment interview onboarding training mentor culture burnout template caseload authorization copay deductible prior
negotiation renegotiate increase decrease percent dollar month year quarter week policy handbook termination contractor prn
parttime fulltime benefit retirement profit sharing equity buyin manager director coordinator assistant aide student intern
clinical instructor education course certification needling manual therapy exercise program home plan outcome survey
satisfaction promoter score discharge readmission episode bundle value accountable organization network independent private
acquisition merger rollup platform deal broker attorney accountant tax entity llc payroll bookkeeping quickbooks cashflow loan
bank credit landlord buildout footage parking signage visibility traffic`
  .split(/\s+/)
  .filter(Boolean);

export const TAGS = [
  'payer', 'hiring', 'billing', 'marketing', 'referrals', 'leadership', 'cash-pay', 'compliance', 'emr', 'exit', 'finance', 'locations',
  'retention', 'pricing', 'contracts', 'w-2', '1099', 'prn', 'telehealth', 'pediatrics', 'sports', 'pelvic', 'benchmarks', 'tax',
  'culture', 'scheduling', 'front-desk', 'outcomes', 'partnerships', 'succession',
];

/** The vocabulary by rank: index 0 is drawn most often (P(i) = ln((i+2)/(i+1)) / ln(VOCABULARY)). */
export function vocabulary(): string[] {
  const words = [...new Set(DOMAIN_WORDS)];
  for (let i = words.length; i < VOCABULARY; i++) words.push(`lex${i}`);
  return words;
}

export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export interface Dataset {
  readerId: string;
  questions: number;
  generatedMs: number | null;
}

async function readerId(pool: pg.Pool): Promise<string | undefined> {
  const { rows } = await pool.query(`select id from members where email = $1`, [`reader@${EMAIL_DOMAIN}`]);
  return rows[0]?.id;
}

async function benchQuestionCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query(
    `select count(*)::int as n from questions where author_id in (select id from members where email like $1)`,
    [`%@${EMAIL_DOMAIN}`],
  );
  return rows[0].n;
}

const PROFILE = {
  practiceName: 'Bench Physical Therapy',
  practiceType: 'outpatient_orthopedic',
  services: ['outpatient_orthopedic'],
  clinicians: 3,
  locations: 1,
  yearsInBusiness: 5,
  region: { country: 'US', state: 'Ohio', city: 'Columbus' },
  timezone: 'America/New_York',
  goals: ['payer_contracting'],
  strengths: [],
  wants: [],
  avoidMemberIds: [],
  isTopExecutive: true,
};

async function sql(pool: pg.Pool, text: string, values: unknown[] = []) {
  return (await pool.query(text, values)).rows;
}

/** Leftovers of a run that stopped half-way (the reader is made last, so its absence means "not complete"). */
async function cleanUp(pool: pg.Pool): Promise<void> {
  const bench = `(select id from members where email like '%@${EMAIL_DOMAIN}')`;
  await sql(pool, `delete from questions where author_id in ${bench}`);
  await sql(pool, `delete from circles where reasons = '["qa-bench"]'::jsonb`);
  await sql(pool, `delete from members where email like '%@${EMAIL_DOMAIN}'`);
  await sql(pool, 'drop table if exists qa_bench_words, qa_bench_phrases, qa_bench_authors, qa_bench_circles');
}

/** Members, circles and questions; nothing is made twice. */
export async function ensureDataset(pool: pg.Pool, log: (line: string) => void): Promise<Dataset> {
  const existing = await readerId(pool);
  if (existing) {
    const n = await benchQuestionCount(pool);
    if (n >= QUESTIONS) return { readerId: existing, questions: n, generatedMs: null };
  }
  const started = performance.now();
  log(`generating ${QUESTIONS.toLocaleString('en-US')} questions in SQL (once per bench database)…`);
  await cleanUp(pool);
  const member = `insert into members (email, password_hash, display_name, role, status, profile, approved_at)
    values ($1, 'not-a-hash', $2, 'member', 'active', $3, now()) returning id`;
  await sql(pool, `create unlogged table qa_bench_authors (i int primary key, id uuid not null)`);
  for (let i = 0; i < AUTHORS; i++) {
    const [{ id }] = await sql(pool, member, [`author${i}@${EMAIL_DOMAIN}`, `Bench Author ${i}`, PROFILE]);
    await sql(pool, 'insert into qa_bench_authors values ($1, $2)', [i, id]);
  }
  await sql(pool, `create unlogged table qa_bench_circles (i int primary key, id uuid not null)`);
  await sql(pool, `with made as (insert into circles (kind, score, reasons) select 'circle', 0.5, '["qa-bench"]'::jsonb from generate_series(1, ${CIRCLES}) returning id)
    insert into qa_bench_circles select row_number() over (order by id) - 1, id from made`);
  await sql(pool, `insert into circle_members (circle_id, member_id, status) select c.id, a.id, 'accepted' from qa_bench_authors a join qa_bench_circles c on c.i = a.i % ${CIRCLES}`);
  // Phrases of ten Zipf-drawn words; a question takes its title from one and its body from five.
  await sql(pool, `create unlogged table qa_bench_words (i int primary key, w text not null)`);
  await sql(pool, `insert into qa_bench_words select ordinality - 1, w from unnest($1::text[]) with ordinality as v(w, ordinality)`, [vocabulary()]);
  await sql(pool, `create unlogged table qa_bench_phrases (id int primary key, t text not null)`);
  await sql(
    pool,
    `insert into qa_bench_phrases
     select d.p, string_agg(w.w, ' ' order by d.k)
     from (select p, k, floor(power(${VOCABULARY}, random()))::int - 1 as wi from generate_series(0, ${PHRASES - 1}) p, generate_series(1, 10) k) d
     join qa_bench_words w on w.i = d.wi group by d.p`,
  );
  // Bulk load without the secondary indexes; they are rebuilt once afterwards (also if the load fails).
  const indexes = await sql(pool, `select indexname, indexdef from pg_indexes where tablename = 'questions' and indexname <> 'questions_pkey'`);
  for (const ix of indexes) await sql(pool, `drop index "${ix.indexname}"`);
  try {
    const base = new Date(Date.now() - 3 * 365 * 86_400_000).toISOString();
    const half = Math.ceil(QUESTIONS / 2);
    const batch = (from: number, to: number) =>
      sql(
        pool,
        `insert into questions (author_id, circle_id, anonymous, title, body, tags, score, answer_count, created_at, updated_at, last_activity_at, hidden_at, hidden_reason)
         select a.id, case when g % 10 = 0 then c.id end, g % 20 = 0,
           initcap(left(p0.t, 70)) || '?',
           p1.t || ' ' || p2.t || '. ' || p3.t || ' ' || p4.t || ' ' || p5.t || '.',
           array[($4::text[])[1 + g % 30], ($4::text[])[1 + (g % 30 + 1 + (g / 30) % 29) % 30]],
           floor(power(random(), 4) * 60)::int - 3, g % 5, ts, ts, ts,
           case when g % 500 = 0 then ts end, case when g % 500 = 0 then 'bench: hidden' end
         from generate_series($1::int, $2::int) g
         cross join lateral (select $3::timestamptz + g * interval '90 seconds' as ts) t
         join qa_bench_authors a on a.i = g % ${AUTHORS}
         join qa_bench_circles c on c.i = (g / 10) % ${CIRCLES}
         join qa_bench_phrases p0 on p0.id = (g * 7) % ${PHRASES}
         join qa_bench_phrases p1 on p1.id = (g * 13 + 1) % ${PHRASES}
         join qa_bench_phrases p2 on p2.id = (g * 31 + 2) % ${PHRASES}
         join qa_bench_phrases p3 on p3.id = (g * 61 + 3) % ${PHRASES}
         join qa_bench_phrases p4 on p4.id = (g * 97 + 4) % ${PHRASES}
         join qa_bench_phrases p5 on p5.id = (g * 131 + 5) % ${PHRASES}`,
        [from, to, base, TAGS],
      );
    // Two connections, one per core: to_tsvector for the generated column is the cost.
    await Promise.all([batch(1, half), batch(half + 1, QUESTIONS)]);
    log(`  rows in ${((performance.now() - started) / 1000).toFixed(0)} s; building indexes…`);
  } finally {
    await Promise.all(
      indexes.map(async (ix) => {
        const c = await pool.connect();
        try {
          await c.query(`set maintenance_work_mem = '256MB'`);
          await c.query(String(ix.indexdef).replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
        } finally {
          c.release();
        }
      }),
    );
  }
  await sql(pool, 'vacuum analyze questions');
  // The reader last: its presence marks a complete data set.
  const [{ id: reader }] = await sql(pool, member, [`reader@${EMAIL_DOMAIN}`, 'Bench Reader', PROFILE]);
  await sql(pool, `insert into circle_members (circle_id, member_id, status) select id, $1, 'accepted' from qa_bench_circles where i = 0`, [reader]);
  await sql(pool, 'drop table qa_bench_words, qa_bench_phrases, qa_bench_authors, qa_bench_circles');
  return { readerId: reader, questions: await benchQuestionCount(pool), generatedMs: performance.now() - started };
}

/** How many questions match a word, to print beside the figures (and to pick common, medium and rare words). */
export async function documentFrequency(pool: pg.Pool, word: string): Promise<number> {
  const { rows } = await pool.query(`select count(*)::int as n from questions where search @@ plainto_tsquery('english', $1)`, [word]);
  return rows[0].n;
}
