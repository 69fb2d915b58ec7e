// Live updates: product stock and the user's own orders change in an open page without a reload. They arrive as
// domain events over the gateway's event-bus bridge, through SockJS's raw websocket (/eventbus/websocket: plain JSON
// frames, so no client library is needed). One socket serves the whole tab; while it is down, or an address was
// refused, each page polls its resources instead, and when it comes back each page reloads them once, since the bus
// delivers at most once and whatever was published meanwhile is lost.
import { accessToken, currentUser, onSession } from './api.js';

export const PRODUCTS = 'marketplace.events.products';
export const ORDERS = 'marketplace.events.orders';
const PRIVATE = new Set([ORDERS, 'marketplace.events.payments']);

const POLL_MS = 2500;
// the bridge closes a socket that sent nothing for 10 s
const PING_MS = 5000;
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];
// a socket outlives its last subscriber by this much, so moving from page to page keeps it
const LINGER_MS = 10000;
// a socket that stayed open this long starts the backoff over when it drops
const STABLE_MS = 10000;
// the bridge acknowledges no register, and checks a token before it delivers: an address counts as live (and its
// page reloads what it shows, to catch what was published meanwhile) this long after its register was sent
const SETTLE_MS = 500;

/**
 * Calls fetcher every few seconds while the page is visible and hands each answer to onValue; returns a stop function.
 * A failed poll is skipped silently: the next one tries again.
 */
export function poll(fetcher, onValue, everyMs = POLL_MS) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    if (document.visibilityState === 'visible') {
      try {
        const value = await fetcher();
        if (!stopped) onValue(value);
      } catch (ignored) {
        // the next tick tries again
      }
    }
    if (!stopped) timer = setTimeout(tick, everyMs);
  };
  timer = setTimeout(tick, everyMs);
  const wake = () => {
    if (document.visibilityState === 'visible' && !stopped) {
      clearTimeout(timer);
      tick();
    }
  };
  document.addEventListener('visibilitychange', wake);
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', wake);
  };
}

/**
 * The tab's one connection to /eventbus. Invariant: an address counts as live only while the socket is open, its
 * register went out on this socket at least SETTLE_MS ago and the server did not refuse it. Private addresses are
 * registered with the current access token, and a new token (renewal, another login, logout) means a new socket,
 * since the server binds a socket to the first user whose token it accepted and stops its private events once that
 * token expires.
 */
const bus = {
  socket: null,
  open: false,
  openedAt: 0,
  token: null,
  subscriptions: new Set(),
  registered: new Map(),
  refused: new Set(),
  attempt: 0,
  retryTimer: null,
  pingTimer: null,
  lingerTimer: null,
};

/** Says on the page (data-live on body) whether everything it watches arrives over the socket or by polling. */
function mark() {
  const live = bus.open && [...bus.subscriptions].every(subscription => isLive(subscription.address));
  document.body.dataset.live = live ? 'socket' : 'polling';
}

function isLive(address) {
  const since = bus.registered.get(address);
  return bus.open && since !== undefined && Date.now() - since >= SETTLE_MS && !bus.refused.has(address);
}

function tell(address) {
  for (const subscription of bus.subscriptions) {
    if (address === undefined || subscription.address === address) subscription.onLive(isLive(subscription.address));
  }
  mark();
}

function sendFrame(frame) {
  if (bus.socket && bus.open) bus.socket.send(JSON.stringify(frame));
}

function register(address) {
  if (bus.registered.has(address)) return;
  if (PRIVATE.has(address)) {
    if (!bus.token) {
      bus.refused.add(address);
      return;
    }
    sendFrame({ type: 'register', address, headers: { token: bus.token } });
  } else {
    sendFrame({ type: 'register', address });
  }
  bus.registered.set(address, Date.now());
  const socket = bus.socket;
  setTimeout(() => {
    if (bus.socket === socket) tell(address);
  }, SETTLE_MS);
}

function connect() {
  if (bus.socket || !bus.subscriptions.size) return;
  clearTimeout(bus.retryTimer);
  bus.token = accessToken();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  let socket;
  try {
    socket = new WebSocket(`${scheme}://${location.host}/eventbus/websocket`);
  } catch (refusedByBrowser) {
    retry();
    return;
  }
  // the bridge writes its events as binary messages holding JSON text, its refusals as text messages
  socket.binaryType = 'arraybuffer';
  bus.socket = socket;
  socket.onopen = () => {
    bus.open = true;
    bus.openedAt = Date.now();
    bus.pingTimer = setInterval(() => sendFrame({ type: 'ping' }), PING_MS);
    for (const subscription of bus.subscriptions) register(subscription.address);
  };
  socket.onmessage = message => receive(message.data);
  socket.onclose = () => {
    if (bus.socket !== socket) return;
    drop();
    if (Date.now() - bus.openedAt > STABLE_MS) bus.attempt = 0;
    retry();
  };
}

/** Forgets the socket (closing it if still open) and tells every page to poll meanwhile. */
function drop() {
  const socket = bus.socket;
  bus.socket = null;
  bus.open = false;
  bus.registered.clear();
  bus.refused.clear();
  clearInterval(bus.pingTimer);
  if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
  tell();
}

function retry() {
  if (!bus.subscriptions.size) return;
  const base = BACKOFF_MS[Math.min(bus.attempt, BACKOFF_MS.length - 1)];
  bus.attempt += 1;
  clearTimeout(bus.retryTimer);
  bus.retryTimer = setTimeout(connect, base / 2 + Math.random() * base / 2);
}

function receive(data) {
  let frame;
  try {
    frame = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
  } catch (ignored) {
    return;
  }
  if (frame.type === 'rec' && frame.body && frame.body.data) {
    for (const subscription of bus.subscriptions) {
      if (subscription.address === frame.address) subscription.onEvent(frame.body);
    }
  } else if (frame.type === 'err' && frame.address) {
    // refused (token expired or revoked meanwhile, ...): that address polls until the next socket
    bus.refused.add(frame.address);
    tell(frame.address);
  }
}

/**
 * Hands every event of address to onEvent, and onLive(true|false) whenever the address starts or stops arriving
 * over the socket. Returns an unsubscribe function.
 */
function subscribe(address, onEvent, onLive) {
  const subscription = { address, onEvent, onLive };
  bus.subscriptions.add(subscription);
  clearTimeout(bus.lingerTimer);
  if (bus.open) {
    register(address);
  } else {
    connect();
  }
  onLive(isLive(address));
  mark();
  return () => {
    bus.subscriptions.delete(subscription);
    const stillWanted = [...bus.subscriptions].some(other => other.address === address);
    if (!stillWanted && bus.registered.has(address)) {
      sendFrame({ type: 'unregister', address });
      bus.registered.delete(address);
    }
    if (!bus.subscriptions.size) {
      clearTimeout(bus.retryTimer);
      bus.attempt = 0;
      bus.lingerTimer = setTimeout(() => {
        if (!bus.subscriptions.size) drop();
      }, LINGER_MS);
    }
  };
}

onSession(() => {
  if (accessToken() === bus.token) return;
  if (!bus.socket) {
    bus.token = accessToken();
    return;
  }
  // a private address needs the new token, and a socket stays bound to its first user: start a new one
  const hadPrivate = [...bus.registered.keys()].some(address => PRIVATE.has(address));
  bus.token = accessToken();
  if (hadPrivate) {
    drop();
    bus.attempt = 0;
    connect();
  }
});

/**
 * Keeps what a page shows of some resources (products, orders) current: starting from the versions it rendered,
 * onChange(resource) runs for every resource whose version moved. With an event address, changes arrive as events
 * while the socket is up, and only for the ids the page shows (and, for private events, only the signed-in user's);
 * fetchList is polled only while the socket is down, and called once whenever it comes (back) up. Without an
 * address the page only polls. Returns a stop function.
 */
export function watchVersions(rendered, fetchList, onChange, address) {
  const known = new Map(rendered.map(resource => [resource.id, resource.version]));
  const newer = resource => {
    const held = known.get(resource.id);
    return held === undefined || held === null || resource.version === undefined || resource.version > held;
  };
  const fromList = list => {
    for (const resource of list) {
      if (newer(resource) && resource.version !== known.get(resource.id)) {
        known.set(resource.id, resource.version);
        onChange(resource);
      }
    }
  };
  if (!address) return poll(fetchList, fromList);

  let stopPolling = null;
  let live = false;
  const fromEvent = event => {
    const resource = event.data;
    if (!resource || !known.has(resource.id)) return;
    const user = currentUser();
    if (PRIVATE.has(address) && (!user || resource.user_id !== user.id)) return;
    if (!newer(resource)) return;
    known.set(resource.id, resource.version);
    document.body.dataset.liveEvents = String(Number(document.body.dataset.liveEvents || 0) + 1);
    onChange(resource);
  };
  const onLive = up => {
    if (up && !live) {
      live = true;
      if (stopPolling) stopPolling();
      stopPolling = null;
      fetchList().then(fromList, () => {});
    } else if (!up && !stopPolling) {
      live = false;
      stopPolling = poll(fetchList, fromList);
    }
  };
  const unsubscribe = subscribe(address, fromEvent, onLive);
  return () => {
    unsubscribe();
    if (stopPolling) stopPolling();
    stopPolling = null;
  };
}
