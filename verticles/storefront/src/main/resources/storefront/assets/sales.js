// The vendor's sales: the orders that contain my products (every order for an admin), newest first, filtered by
// status in the URL. A paid order can be marked shipped, a shipped one delivered; the row changes in place, and
// changes made elsewhere (a buyer paying or cancelling) arrive while the page is open (live.js).
import { h, labelled, money, replace, when, words } from './dom.js';
import { api, query } from './api.js';
import { watchVersions } from './live.js';

const PAGE_SIZE = 20;
const FILTERS = [
  ['', 'All orders'],
  ['paid', 'Paid: to ship'],
  ['shipped', 'Shipped: to deliver'],
  ['delivered', 'Delivered'],
  ['pending_payment', 'Awaiting payment'],
  ['cancelled', 'Cancelled'],
  ['expired', 'Expired'],
];
/** The one move each status allows the seller: [next status, button text]. */
const NEXT = {
  paid: ['shipped', 'Mark shipped'],
  shipped: ['delivered', 'Mark delivered'],
};

function salesPath(status, page) {
  return `/api/vendor/orders${query({ status, limit: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE })}`;
}

function shortId(order) {
  return order.id.slice(-8);
}

function shipTo(order) {
  const address = order.shipping_address;
  if (!address) return 'No address given';
  if (typeof address === 'string') return address;
  return ['name', 'street', 'street2', 'postal_code', 'city', 'country'].map(k => address[k]).filter(Boolean)
    .join(', ') || 'No address given';
}

export async function salesPage(ctx) {
  const status = ctx.query.get('status') || '';
  const page = Math.max(1, parseInt(ctx.query.get('page') || '1', 10) || 1);
  const path = salesPath(status, page);
  const list = await api('GET', path);
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const seller = ctx.user.role !== 'admin';

  const body = h('tbody', {});
  const table = h('table', { id: 'sales' },
    h('caption', { class: 'visually-hidden' }, seller ? 'Orders with your products' : 'Every order'),
    h('thead', {}, h('tr', {}, ...['Order', seller ? 'Your items' : 'Items', seller ? 'Your share' : null,
      'Order total', 'Ship to', 'Status', 'Actions'].filter(Boolean).map(title => h('th', { scope: 'col' }, title)))),
    body);
  const wrap = h('div', { class: 'table-wrap', hidden: !list.items.length }, table);
  const empty = h('p', { id: 'no-sales', hidden: list.items.length > 0 },
    status ? 'No orders with this status.' : 'No orders with your products yet.');

  // The version each row shows (versions only rise): a live update that brings what a click already showed, or an
  // older answer that arrives late, leaves the row and the keyboard focus in it alone; a row redrawn while focused
  // hands the focus to its successor.
  const shown = new Map();
  const show = (order, focusAction) => {
    if (shown.has(order.id) && shown.get(order.id) >= order.version) return;
    shown.set(order.id, order.version);
    const fresh = row(order);
    const current = body.querySelector(`[data-order-id="${CSS.escape(order.id)}"]`);
    const hadFocus = current !== null && current.contains(document.activeElement);
    if (current) current.replaceWith(fresh);
    else body.prepend(fresh);
    wrap.hidden = false;
    empty.hidden = true;
    labelled(table);
    if (focusAction || hadFocus) (fresh.querySelector('.actions-cell button') || fresh.querySelector('th')).focus();
  };

  const move = async (order, target, button) => {
    button.disabled = true;
    try {
      const moved = await api('PATCH', `/api/orders/${encodeURIComponent(order.id)}/status`, { status: target });
      ctx.notify(`Order …${shortId(order)} marked ${words(target)}.`, 'ok');
      show(moved, true);
    } catch (error) {
      ctx.notify(`Order …${shortId(order)} could not be marked ${words(target)}: ${error.message}`, 'error');
      // Show the order as it now stands (its buyer may have cancelled it); if it did not change, the button is
      // offered again.
      const current = await api('GET', `/api/orders/${encodeURIComponent(order.id)}`).catch(() => null);
      if (current && shown.get(current.id) < current.version) show(current, true);
      else button.disabled = false;
    }
  };

  const action = order => {
    const next = NEXT[order.status];
    if (!next) return null;
    const [target, text] = next;
    return h('button', { type: 'button', class: target === 'shipped' ? 'ship' : 'deliver',
      'aria-label': `${text}: order …${shortId(order)}`,
      onclick: event => move(order, target, event.currentTarget) }, text);
  };

  const row = order => {
    const lines = seller ? order.items.filter(line => line.vendor_id === ctx.user.id) : order.items;
    const share = lines.reduce((cents, line) => cents + Math.round(Number(line.line_total) * 100), 0) / 100;
    return h('tr', { 'data-order-id': order.id, 'data-status': order.status },
      h('th', { scope: 'row', tabindex: '-1' }, h('span', { class: 'placed' }, when(order.created_at)), ' ',
        h('code', { class: 'muted', title: order.id }, `…${shortId(order)}`)),
      h('td', { class: 'lines' }, h('ul', { class: 'plain compact' },
        lines.map(line => h('li', {}, `${line.quantity} × ${line.name}`)))),
      seller ? h('td', { class: 'num share' }, money(share, order.currency)) : null,
      h('td', { class: 'num total' }, money(order.total, order.currency)),
      h('td', { class: 'ship-to' }, shipTo(order)),
      h('td', { class: 'status-cell' },
        h('span', { class: `status status-${order.status}`, 'data-status': order.status }, words(order.status))),
      h('td', { class: 'actions-cell' }, action(order)));
  };
  list.items.forEach(order => {
    shown.set(order.id, order.version);
    body.append(row(order));
  });

  const select = h('select', { id: 'sales-status', name: 'status' },
    FILTERS.map(([value, text]) => h('option', { value, selected: value === status }, text)));
  const filter = h('form', { class: 'inline sales-filter', role: 'search', onsubmit: event => {
    event.preventDefault();
    ctx.navigate(`/vendor/sales${query({ status: select.value })}`);
  } }, h('div', { class: 'field' }, h('label', { for: 'sales-status' }, 'Show'), select),
  h('button', { type: 'submit', class: 'secondary', id: 'sales-apply' }, 'Apply'));

  const link = (number, text, rel) => h('a', { href: `#/vendor/sales${query({ status, page: number })}`, rel },
    text);
  const pager = pages > 1 ? h('nav', { class: 'pager', 'aria-label': 'Pages' },
    page > 1 ? link(page - 1, '← Newer', 'prev') : h('span', {}),
    h('span', { class: 'muted' }, `Page ${page} of ${pages}`),
    page < pages ? link(page + 1, 'Older →', 'next') : h('span', {})) : null;

  replace(ctx.main, h('h1', {}, 'Sales'),
    h('p', { class: 'muted' }, seller
      ? 'Orders that contain your products. Ship them once paid, then mark them delivered.'
      : 'Every order in the shop. Ship paid orders, then mark them delivered.'),
    filter,
    h('p', { id: 'sales-count', class: 'muted' }, `${list.total} ${list.total === 1 ? 'order' : 'orders'}`),
    wrap, empty, pager);
  return watchVersions(list.items, () => api('GET', path).then(latest => latest.items), order => show(order, false));
}
