// Live updates: product stock and the user's own orders change in an open page without a reload. Until the
// event-bus bridge answers, and whenever its socket is down, the page polls instead — only while it is visible.
const POLL_MS = 2500;

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
 * Keeps what a page shows of some resources (products, orders) current: starting from the versions it rendered,
 * onChange(resource) runs for every resource whose version moved. Returns a stop function.
 */
export function watchVersions(rendered, fetchList, onChange) {
  const known = new Map(rendered.map(resource => [resource.id, resource.version]));
  return poll(fetchList, list => {
    for (const resource of list) {
      if (known.get(resource.id) !== resource.version) {
        known.set(resource.id, resource.version);
        onChange(resource);
      }
    }
  });
}
