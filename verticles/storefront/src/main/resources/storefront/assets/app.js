// The shop's shell: hash routes (so every page's URL can be shared and reloaded, and the server serves one page),
// the navigation for the signed-in role, and one notice area where every error is shown as a sentence.
import { h, labelled, replace } from './dom.js';
import { currentUser, logout, onSession, onSessionEnded, resume } from './api.js';
import { catalogPage, productPage } from './shop.js';
import { loginPage, registerPage } from './account.js';
import { cartPage, checkoutPage, payPage } from './cart.js';
import { orderPage, ordersPage } from './orders.js';
import { vendorProductForm, vendorProductsPage } from './vendor.js';
import { salesPage } from './sales.js';
import { categoriesPage } from './admin.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const notice = document.getElementById('notice');
let cleanup = null;
let carry = false;

const routes = [
  [/^\/?$/, catalogPage],
  [/^\/catalog$/, catalogPage],
  [/^\/product\/([^/]+)$/, productPage],
  [/^\/login$/, loginPage],
  [/^\/register$/, registerPage],
  [/^\/cart$/, cartPage, 'user'],
  [/^\/checkout$/, checkoutPage, 'user'],
  [/^\/pay\/([^/]+)$/, payPage, 'user'],
  [/^\/orders$/, ordersPage, 'user'],
  [/^\/orders\/([^/]+)$/, orderPage, 'user'],
  [/^\/vendor\/products$/, vendorProductsPage, 'vendor'],
  [/^\/vendor\/products\/new$/, vendorProductForm, 'vendor'],
  [/^\/vendor\/products\/([^/]+)$/, vendorProductForm, 'vendor'],
  [/^\/vendor\/sales$/, salesPage, 'vendor'],
  [/^\/admin\/categories$/, categoriesPage, 'admin'],
];

export function navigate(path) {
  if (location.hash === `#${path}`) {
    // No hashchange: this render shows a carried message, and the next navigation clears it.
    carry = false;
    render();
  } else {
    location.hash = path;
  }
}

/** Shows a message in the notice area (kind 'error' or 'ok'); carryOver keeps it across the next navigation. */
export function notify(message, kind = 'error', carryOver = false) {
  carry = carryOver;
  notice.hidden = !message;
  notice.className = `notice ${kind}`;
  notice.dataset.kind = kind;
  replace(notice, message ? h('span', { class: 'notice-text' }, message) : '',
    message ? h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => notify('') }, '×') : '');
}

function parseHash() {
  const hash = decodeURIComponent(location.hash.slice(1) || '/');
  const [path, search = ''] = hash.split('?');
  return { path: path || '/', query: new URLSearchParams(search) };
}

function allowed(role, user) {
  if (!role) return true;
  if (!user) return false;
  if (role === 'user') return true;
  if (role === 'vendor') return user.role === 'vendor' || user.role === 'admin';
  return user.role === role;
}

let generation = 0;

/**
 * Draws the page of the current hash into a fresh container and shows it only if no later navigation started
 * meanwhile, so a slow page can never replace a faster one that the user asked for after it.
 */
async function render(focus = false) {
  const mine = ++generation;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const { path, query } = parseHash();
  const user = currentUser();
  drawNav(user);
  const view = h('div', { class: 'view' });
  const route = routes.find(([pattern]) => pattern.test(path));
  let stop = null;
  if (!route) {
    replace(view, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the catalog')));
  } else if (!allowed(route[2], user)) {
    if (!user) {
      notify('Please log in first.', 'error', true);
      navigate(`/login?next=${encodeURIComponent(path)}`);
      return;
    }
    replace(view, h('h1', {}, 'Not allowed'), h('p', {}, 'Your account cannot open this page.'));
  } else {
    const ctx = { main: view, query, params: route[0].exec(path).slice(1), user, navigate, notify };
    try {
      const result = await route[1](ctx);
      if (typeof result === 'function') stop = result;
    } catch (error) {
      replace(view, h('h1', {}, failureTitle(error)),
        h('p', { class: 'error-text', id: 'page-error', role: 'alert' }, error.message),
        h('p', { class: 'actions' },
          h('button', { type: 'button', id: 'retry-page', onclick: () => render() }, 'Try again'),
          h('a', { href: '#/' }, 'Back to the catalog')));
    }
  }
  if (mine !== generation) {
    if (stop) stop();
    return;
  }
  cleanup = stop;
  view.querySelectorAll('table').forEach(labelled);
  replace(main, view);
  const heading = view.querySelector('h1');
  document.title = heading ? `${heading.textContent} · Marketplace` : 'Marketplace';
  const first = view.querySelector('[autofocus]');
  if (first) first.focus();
  else if (focus) main.focus({ preventScroll: true });
}

function failureTitle(error) {
  if (error.status === 429) return 'Too many requests';
  if (error.status === 0) return 'The shop cannot be reached';
  if (error.status >= 500) return 'The shop is having trouble';
  if (error.status === 404) return 'Not found';
  return 'Something went wrong';
}

function drawNav(user) {
  const link = (href, text) => h('a', { href }, text);
  const items = [link('#/', 'Catalog')];
  if (user) {
    items.push(link('#/cart', 'Cart'), link('#/orders', 'My orders'));
    if (user.role === 'vendor' || user.role === 'admin') {
      items.push(link('#/vendor/products', 'My products'), link('#/vendor/sales', 'Sales'));
    }
    if (user.role === 'admin') items.push(link('#/admin/categories', 'Categories'));
    items.push(h('span', { class: 'who', 'data-testid': 'who' }, user.email),
      h('button', { type: 'button', class: 'link', id: 'logout', onclick: async () => {
        await logout();
        notify('You are logged out.', 'ok', true);
        navigate('/');
      } }, 'Log out'));
  } else {
    items.push(link('#/login', 'Log in'), link('#/register', 'Register'));
  }
  replace(nav, ...items);
}

onSession(() => drawNav(currentUser()));
// a session the server ended (expired and not renewable, revoked) asks to log in again and comes back here; the
// cart is stored on the server, so it is still there
onSessionEnded(() => {
  const here = decodeURIComponent(location.hash.slice(1) || '/');
  if (here.startsWith('/login')) return;
  notify('Your session has ended. Please log in again; your cart is kept.', 'error', true);
  navigate(`/login?next=${encodeURIComponent(here)}`);
});
// an action that failed without its own message still says why, never nothing
window.addEventListener('unhandledrejection', event => {
  if (event.reason && typeof event.reason.status === 'number') {
    notify(event.reason.message);
    event.preventDefault();
  }
});
window.addEventListener('hashchange', () => {
  if (!carry) notify('');
  carry = false;
  render(true);
});
resume().then(render);
