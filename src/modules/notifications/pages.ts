// Tiny HTML pages for links opened from mails (verification, unsubscribe): no scripts, a form that posts the token.
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const shell = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title></head>` +
  `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;line-height:1.5"><h1>${esc(title)}</h1>${body}</body></html>`;

export const messagePage = (title: string, text: string) => shell(title, `<p>${esc(text)}</p>`);

export const confirmPage = (title: string, text: string, button: string, action: string, token: string) =>
  shell(
    title,
    `<p>${esc(text)}</p><form method="post" action="${esc(action)}"><input type="hidden" name="token" value="${esc(token)}">` +
      `<button type="submit" data-testid="confirm">${esc(button)}</button></form>`,
  );
