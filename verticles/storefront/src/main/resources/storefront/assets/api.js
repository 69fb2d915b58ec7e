// The one way the shop talks to the platform: the public REST API, with the session's bearer token. Every failure
// becomes an ApiError whose message is a sentence for people (never the raw JSON), and an access token is renewed
// a minute before it expires, or once on a 401 token_expired, before the user notices.

const STORE = 'marketplace.session';
const listeners = new Set();
const endedListeners = new Set();
let session = load();
let refreshTimer = null;
let refreshing = null;

export class ApiError extends Error {
  constructor(status, code, message, details, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

const REASONS = {
  card_declined: 'the card was declined',
  insufficient_funds: 'the card has insufficient funds',
  processor_error: 'the card processor had an error',
};

/** A sentence for each error the API gives; the server's own message where it already is one. */
function describe(status, code, message, details, retryAfter) {
  switch (code) {
    case 'invalid_credentials': return 'Wrong email or password.';
    case 'token_missing': return 'Please log in first.';
    case 'token_expired': case 'token_invalid': case 'token_revoked': case 'invalid_refresh_token':
      return 'Your session has ended. Please log in again.';
    case 'email_taken': return 'An account with this email already exists. Log in instead.';
    case 'insufficient_stock': {
      const available = details && details.available;
      const what = details && details.name ? `“${details.name}”` : 'one of your items';
      if (available === undefined || available === null) return `Not enough stock of ${what}.`;
      const left = available > 0 ? `only ${available} left` : 'none left';
      const asked = details.requested ? `you asked for ${details.requested}, ` : '';
      return `Not enough stock of ${what}: ${asked}${left}. Nothing was reserved; change the quantity and try again.`;
    }
    case 'stock_limit': return 'Stock cannot go above 1,000,000 units.';
    case 'payment_failed': {
      const reason = details && (REASONS[details.failure_reason] || details.failure_reason);
      return `Payment failed: ${reason || 'the card was not charged'}. Nothing was charged; you can try again.`;
    }
    case 'rate_limited':
      return `Too many requests. Please wait ${retryAfter || 'a few'} seconds and try again.`;
    case 'checkout_in_progress': return 'Your checkout is already being processed.';
    case 'payment_in_progress': return 'This payment is already being processed. Please wait a moment.';
    case 'already_paid': return 'This order is already paid.';
    case 'order_not_payable': return 'This order can no longer be paid.';
    case 'invalid_transition': return 'This order can no longer be changed that way.';
    case 'forbidden': return 'You are not allowed to do that.';
    case 'not_found': return 'Not found. It may have been removed.';
    case 'precondition_failed': return 'Someone changed this in the meantime. Reload and try again.';
    case 'service_unavailable': case 'service_timeout': case 'payment_interrupted':
      return 'The shop is busy right now. Please try again in a few seconds.';
    case 'validation_error': {
      const errors = details && Array.isArray(details.errors) ? details.errors : [];
      return errors.length ? errors.map(e => `${e.field.replace(/_/g, ' ')}: ${e.message}`).join(' · ') : message;
    }
    default:
      if (status >= 500) return `The shop had a problem (error ${status}). Please try again in a moment.`;
      return message || `The server answered ${status}.`;
  }
}

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(STORE)) || null;
  } catch (ignored) {
    return null;
  }
}

function save(next) {
  session = next;
  if (next) sessionStorage.setItem(STORE, JSON.stringify(next));
  else sessionStorage.removeItem(STORE);
  schedule();
  listeners.forEach(listener => listener(session));
}

export function currentUser() {
  return session ? session.user : null;
}

export function accessToken() {
  return session ? session.access : null;
}

export function onSession(listener) {
  listeners.add(listener);
}

/** Runs listener when the server ended the session (a 401 that a token renewal could not cure), not on logout. */
export function onSessionEnded(listener) {
  endedListeners.add(listener);
}

function ended() {
  save(null);
  endedListeners.forEach(listener => listener());
}

function schedule() {
  clearTimeout(refreshTimer);
  if (!session) return;
  const lifetime = session.expiresAt - Date.now();
  const lead = Math.min(60_000, lifetime / 5);
  refreshTimer = setTimeout(() => refresh().catch(() => {}), Math.max(0, lifetime - lead));
}

/** Exchanges the refresh token for a new pair; only one exchange at a time, since each rotates the token. */
export function refresh() {
  if (!session) return Promise.reject(new ApiError(401, 'token_missing', describe(401, 'token_missing')));
  if (!refreshing) {
    const user = session.user;
    refreshing = send('POST', '/api/auth/refresh', { refresh_token: session.refresh }, null)
      .then(tokens => save(tokensToSession(tokens, user)))
      .catch(error => {
        if (error.status === 401 || error.status === 400) ended();
        throw error;
      })
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

function tokensToSession(tokens, user) {
  return {
    access: tokens.access_token,
    refresh: tokens.refresh_token,
    expiresAt: Date.now() + tokens.expires_in * 1000,
    user,
  };
}

export async function login(email, password) {
  const tokens = await send('POST', '/api/auth/login', { email, password }, null);
  const me = await send('GET', '/api/auth/users/me', undefined, tokens.access_token);
  save(tokensToSession(tokens, { id: me.id, email: me.email, role: me.role, name: me.full_name }));
  return session.user;
}

export async function logout() {
  const token = accessToken();
  save(null);
  if (token) {
    await send('POST', '/api/auth/logout', undefined, token).catch(() => {});
  }
}

/** Resumes a session restored from storage: its timer, or a refresh when the access token is already old. */
export function resume() {
  if (session && session.expiresAt - Date.now() < 5_000) {
    return refresh().catch(() => {});
  }
  schedule();
  return Promise.resolve();
}

/** A request as the current user (when logged in); a 401 token_expired refreshes once and tries again. */
export async function api(method, path, body, options = {}) {
  try {
    return await send(method, path, body, accessToken(), options);
  } catch (error) {
    if (error.status === 401 && error.code === 'token_expired' && session) {
      await refresh();
      return send(method, path, body, accessToken(), options);
    }
    if (error.status === 401 && session && error.code !== 'invalid_credentials') {
      ended();
    }
    throw error;
  }
}

async function send(method, path, body, token, options = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, options.headers || {});
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: options.cache || 'no-cache',
    });
  } catch (networkFailure) {
    throw new ApiError(0, 'network', 'The shop cannot reach the server. Check your connection and try again.');
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (ignored) {
    json = null;
  }
  if (response.ok) return json;
  const error = json && json.error ? json.error : {};
  const retryAfter = response.headers.get('Retry-After');
  throw new ApiError(response.status, error.code || `http_${response.status}`,
    describe(response.status, error.code, error.message, error.details, retryAfter), error.details, retryAfter);
}

/** The query string of an object, skipping empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
