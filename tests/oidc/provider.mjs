// A real OpenID provider for the tests: panva's oidc-provider on 127.0.0.1, on a free port.
//
// Usage: node tests/oidc/provider.mjs '{"client_id": "...", "client_secret": "...",
//          "redirect_uris": [...], "post_logout_redirect_uris": [...], "claims_in_id_token": false}'
// Prints one line of JSON, {"issuer": "http://127.0.0.1:PORT"}, once it listens; runs until killed.
//
// Its own small sign-in page stands in for the company's (a form: username and password); consent
// is given at once, as a company's provider does for its own applications. PKCE is required. The
// email is in the UserInfo answer only (oidc-provider's default), or in the ID token too with
// "claims_in_id_token", as many providers do.

import http from 'node:http';

import Provider from 'oidc-provider';

const PASSWORD = 'provider-password';

// The test accounts: the username typed on the sign-in page is the account id (the `sub`).
const ACCOUNTS = {
  elin: { email: 'Employee@Example.com', email_verified: true, name: 'Elin Employee' },
  cora: { email: 'coordinator@example.com', email_verified: true, name: 'Cora Coordinator' },
  alva: { email: 'admin@example.com', email_verified: true, name: 'Alva Admin' },
  stranger: { email: 'stranger@example.com', email_verified: true, name: 'Sam Stranger' },
  ola: { email: 'ola@example.com', email_verified: false, name: 'Ola Nordmann' },
  // As Microsoft Entra ID: an email, and nothing said about whether it was verified.
  amir: { email: 'ambassador@example.com', name: 'Amir Ambassador' },
  nomail: { name: 'No Mail' },
};

const client = JSON.parse(process.argv[2] || '{}');

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>`
    + `<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginForm(uid, error = '') {
  return page('Company sign-in', `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
  <label>Username <input name="login" autocomplete="username"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">Sign in</button>
</form>`);
}

async function readForm(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return Object.fromEntries(new URLSearchParams(raw));
}

async function consent(provider, req, res, details) {
  // The company's own application: consent is given without asking.
  const { prompt, params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const result = { consent: { grantId: await grant.save() } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

async function interaction(provider, req, res) {
  const [, , uid, action] = new URL(req.url, 'http://x').pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    if (!ACCOUNTS[form.login] || form.password !== PASSWORD) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(loginForm(uid, 'Wrong username or password.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: form.login } }, {
      mergeWithLastSubmission: false,
    });
    return;
  }
  if (details.prompt.name === 'consent') {
    await consent(provider, req, res, details);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(loginForm(uid));
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: client.client_id,
      client_secret: client.client_secret,
      redirect_uris: client.redirect_uris,
      post_logout_redirect_uris: client.post_logout_redirect_uris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
    }],
    async findAccount(ctx, id) {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile'],
    pkce: { required: () => true },
    conformIdTokenClaims: !client.claims_in_id_token,
    cookies: { keys: ['test-only-cookie-key'] },
    interactions: { url: (ctx, details) => `/interaction/${details.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page('Sign out', `${form}<p>Do you want to sign out of the company sign-in?</p>`
            + '<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>');
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = page('Signed out', '<p>You have signed out.</p>');
        },
      },
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Error', `<pre>${escape(JSON.stringify(out))}</pre>`);
    },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (!req.url.startsWith('/interaction/')) {
      callback(req, res);
      return;
    }
    interaction(provider, req, res).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
