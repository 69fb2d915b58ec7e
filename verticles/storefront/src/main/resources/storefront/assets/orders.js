// The buyer's orders: statuses change in the open page (live.js), an order can be cancelled until it ships, and
// an unpaid one links to its payment.
import { h, labelled, money, replace, when, words } from './dom.js';
import { api } from './api.js';
import { ORDERS, watchVersions } from './live.js';

const CANCELLABLE = new Set(['pending_payment', 'paid']);

function statusBadge(order) {
  return h('span', { class: `status status-${order.status}`, 'data-status': order.status }, words(order.status));
}

function orderActions(ctx, order) {
  return [
    order.status === 'pending_payment'
      ? h('a', { class: 'button', href: `#/pay/${encodeURIComponent(order.id)}` }, 'Pay now') : null,
    CANCELLABLE.has(order.status)
      ? h('button', { type: 'button', class: 'secondary cancel', 'aria-label': `Cancel order ${order.id}`,
        onclick: () => cancel(ctx, order) }, 'Cancel order') : null,
  ];
}

async function cancel(ctx, order) {
  if (!window.confirm('Cancel this order? Reserved items go back to stock; a paid order is refunded.')) return;
  try {
    await api('POST', `/api/orders/${encodeURIComponent(order.id)}/cancel`);
    ctx.notify(order.status === 'paid' ? 'Order cancelled and refunded.' : 'Order cancelled.', 'ok', true);
  } catch (error) {
    ctx.notify(error.message, 'error', true);
  }
  ctx.navigate(location.hash.slice(1));
}

export async function ordersPage(ctx) {
  const list = await api('GET', '/api/orders?limit=50');
  const row = order => h('tr', { 'data-order-id': order.id },
    h('th', { scope: 'row' }, h('a', { href: `#/orders/${encodeURIComponent(order.id)}` }, when(order.created_at))),
    h('td', {}, order.items.map(line => `${line.quantity} × ${line.name}`).join(', ')),
    h('td', { class: 'num' }, money(order.total, order.currency)),
    h('td', { class: 'status-cell' }, statusBadge(order)),
    h('td', { class: 'actions-cell' }, orderActions(ctx, order)));
  const body = h('tbody', {}, list.items.map(row));
  replace(ctx.main, h('h1', {}, 'My orders'),
    list.items.length
      ? h('div', { class: 'table-wrap' }, h('table', { id: 'orders' },
        h('thead', {}, h('tr', {}, ...['Placed', 'Items', 'Total', 'Status', 'Actions']
          .map(title => h('th', { scope: 'col' }, title)))), body))
      : h('p', {}, 'No orders yet.'));
  return watchVersions(list.items, () => api('GET', '/api/orders?limit=50').then(page => page.items), order => {
    const current = body.querySelector(`[data-order-id="${CSS.escape(order.id)}"]`);
    if (current) current.replaceWith(row(order));
    else body.prepend(row(order));
    labelled(body.closest('table'));
  }, ORDERS);
}

export async function orderPage(ctx) {
  const id = ctx.params[0];
  const order = await api('GET', `/api/orders/${encodeURIComponent(id)}`);
  const status = h('p', { id: 'order-status' }, 'Status: ', statusBadge(order));
  const actions = h('p', { class: 'actions', id: 'order-actions' }, orderActions(ctx, order));
  const address = order.shipping_address || {};
  replace(ctx.main,
    h('p', {}, h('a', { href: '#/orders' }, '← My orders')),
    h('h1', {}, 'Order'),
    h('p', { class: 'muted' }, h('code', { id: 'order-id' }, order.id), ` · placed ${when(order.created_at)}`),
    status,
    order.failure_reason ? h('p', { class: 'error-text' }, `Reason: ${words(order.failure_reason)}`) : null,
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ...['Product', 'Price', 'Quantity', 'Total'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, order.items.map(line => h('tr', {},
        h('th', { scope: 'row' }, line.name), h('td', { class: 'num' }, money(line.unit_price, order.currency)),
        h('td', { class: 'num' }, String(line.quantity)), h('td', { class: 'num' }, money(line.line_total, order.currency))))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: '3' }, 'Total'),
        h('td', { class: 'num', id: 'order-total' }, money(order.total, order.currency)))))),
    Object.keys(address).length ? h('p', {}, 'Ship to: ',
      ['name', 'street', 'city', 'postal_code', 'country'].map(k => address[k]).filter(Boolean).join(', ')) : null,
    actions);
  return watchVersions([order], () => api('GET', `/api/orders/${encodeURIComponent(id)}`).then(o => [o]), changed => {
    replace(status, 'Status: ', statusBadge(changed));
    replace(actions, orderActions(ctx, changed));
  }, ORDERS);
}
