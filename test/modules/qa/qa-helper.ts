// Q&A test helpers: unique words and tags (the test database is shared), and short-hands for the common requests.
import { randomBytes } from 'node:crypto';
import type { App } from '../../../src/app.js';
import type { TestMember } from '../../helper.js';

/** A word no other test uses: letters only, so stemming leaves it alone. */
export function uniqueWord(prefix = 'zq'): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  return prefix + [...randomBytes(10)].map((b) => letters[b % letters.length]).join('');
}

export const uniqueTag = () => uniqueWord('tg');

export async function ask(
  app: App,
  who: TestMember,
  body: { title?: string; body?: string; tags?: string[]; circleId?: string; anonymous?: boolean } = {},
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/questions',
    headers: who.auth,
    payload: { title: 'How did you renegotiate payer rates?', body: 'Our top payer has not raised rates in years.', tags: [], ...body },
  });
  if (res.statusCode !== 201) throw new Error(`ask failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function answer(app: App, who: TestMember, questionId: string, body = 'We brought outcome data to the meeting.') {
  const res = await app.inject({ method: 'POST', url: `/api/v1/questions/${questionId}/answers`, headers: who.auth, payload: { body } });
  if (res.statusCode !== 201) throw new Error(`answer failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function reply(app: App, who: TestMember, answerId: string, body = 'Which data did they care about?', parentId?: string) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/answers/${answerId}/replies`, headers: who.auth, payload: { body, parentId } });
  if (res.statusCode !== 201) throw new Error(`reply failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export const get = (app: App, who: TestMember | undefined, url: string) =>
  app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who?.auth ?? {} });
