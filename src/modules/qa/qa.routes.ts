// Q&A routes: questions (list, search, similar, thread), answers, replies, edits and revisions.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, idParams, page } from '../../lib/schemas.js';
import { engagementRoutes } from './engagement.routes.js';
import { compiledSerializer } from './fast-serializer.js';
import {
  answerSchema,
  createAnswerBody,
  createQuestionBody,
  createReplyBody,
  listQuestionsQuery,
  pageQuery,
  patchAnswerBody,
  patchQuestionBody,
  patchReplyBody,
  questionPageSchema,
  questionSchema,
  replySchema,
  revisionSchema,
  similarQuery,
  similarSchema,
} from './qa.schemas.js';
import type { QaService } from './qa.service.js';
import { viewerOf } from './qa.visibility.js';

const tags = ['qa'];
const security = [{ bearer: [] }];

export const qaRoutes: FastifyPluginAsyncZod<{ qa: QaService }> = async (app, { qa }) => {
  app.addHook('onRequest', app.requireMember);

  app.get(
    '/questions',
    {
      // The hot list: validated by zod, serialized by a compiled JSON schema (zod's own serializer measured at about half the speed).
      serializerCompiler: compiledSerializer,
      schema: {
        tags,
        security,
        summary: 'List and search questions (keyset pages); ranked full-text search with q',
        querystring: listQuestionsQuery,
        response: { 200: questionPageSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => qa.list(viewerOf(request), request.query),
  );

  app.get(
    '/questions/similar',
    {
      schema: {
        tags,
        security,
        summary: 'Questions whose titles share words with a title being written',
        querystring: similarQuery,
        response: { 200: similarSchema, ...errors(400, 401) },
      },
    },
    async (request) => qa.similar(viewerOf(request), request.query.title, request.query.limit),
  );

  app.post(
    '/questions',
    {
      config: { writeLimit: 'qa.question' },
      schema: {
        tags,
        security,
        summary: 'Ask a question (network-wide, or circle-private with circleId; anonymous hides the asker from all but admins)',
        body: createQuestionBody,
        response: { 201: questionSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await qa.createQuestion(viewerOf(request), request.body)),
  );

  app.get(
    '/questions/:id',
    {
      schema: {
        tags,
        security,
        summary: 'A question with its answers (accepted first, then by score), each with its reply thread',
        params: idParams,
        response: { 200: questionSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => qa.thread(viewerOf(request), request.params.id),
  );

  app.patch(
    '/questions/:id',
    {
      config: { writeLimit: 'content' },
      schema: {
        tags,
        security,
        summary: 'Edit my question (keeps a revision)',
        params: idParams,
        body: patchQuestionBody,
        response: { 200: questionSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => qa.editQuestion(viewerOf(request), request.params.id, request.body),
  );

  for (const [target, what] of [
    ['questions', 'question'],
    ['answers', 'answer'],
    ['replies', 'reply'],
  ] as const) {
    app.get(
      `/${target}/:id/revisions`,
      {
        schema: {
          tags,
          security,
          summary: `Edit history of a ${what}, newest version first`,
          params: idParams,
          querystring: pageQuery,
          response: { 200: page(revisionSchema), ...errors(400, 401, 404) },
        },
      },
      async (request) => qa.revisions(viewerOf(request), what, request.params.id, request.query.cursor, request.query.limit),
    );
  }

  app.get(
    '/questions/:id/answers',
    {
      schema: {
        tags,
        security,
        summary: 'Answers of a question, page by page (the thread shows the first page)',
        params: idParams,
        querystring: pageQuery,
        response: { 200: page(answerSchema), ...errors(400, 401, 404) },
      },
    },
    async (request) => qa.answers(viewerOf(request), request.params.id, request.query.cursor, request.query.limit),
  );

  app.post(
    '/questions/:id/answers',
    {
      config: { writeLimit: 'content' },
      schema: {
        tags,
        security,
        summary: 'Answer a question (409 LOCKED on a locked question)',
        params: idParams,
        body: createAnswerBody,
        response: { 201: answerSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await qa.createAnswer(viewerOf(request), request.params.id, request.body.body)),
  );

  app.patch(
    '/answers/:id',
    {
      config: { writeLimit: 'content' },
      schema: {
        tags,
        security,
        summary: 'Edit my answer (keeps a revision)',
        params: idParams,
        body: patchAnswerBody,
        response: { 200: answerSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => qa.editAnswer(viewerOf(request), request.params.id, request.body),
  );

  app.get(
    '/answers/:id/replies',
    {
      schema: {
        tags,
        security,
        summary: 'Replies under an answer, oldest first, page by page',
        params: idParams,
        querystring: pageQuery,
        response: { 200: page(replySchema), ...errors(400, 401, 404) },
      },
    },
    async (request) => qa.replies(viewerOf(request), request.params.id, request.query.cursor, request.query.limit),
  );

  app.post(
    '/answers/:id/replies',
    {
      config: { writeLimit: 'content' },
      schema: {
        tags,
        security,
        summary: 'Reply under an answer, or to a reply of it with parentId (nesting is capped)',
        params: idParams,
        body: createReplyBody,
        response: { 201: replySchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await qa.createReply(viewerOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/replies/:id',
    {
      config: { writeLimit: 'content' },
      schema: {
        tags,
        security,
        summary: 'Edit my reply (keeps a revision)',
        params: idParams,
        body: patchReplyBody,
        response: { 200: replySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => qa.editReply(viewerOf(request), request.params.id, request.body),
  );

  await app.register(engagementRoutes, { qa });
};

