// Cart, checkout with a shipping address, and payment with the simulated card (a failure says why and stays
// payable, so the same page offers the retry).
import { h, field, money, replace, values } from './dom.js';
import { api } from './api.js';

export async function cartPage(ctx) {
  const cart = await api('GET', '/api/cart');
  const currency = cart.currency || 'USD';
  if (!cart.items.length) {
    replace(ctx.main, h('h1', {}, 'Your cart'), h('p', { id: 'cart-empty' }, 'Your cart is empty.'),
      h('p', {}, h('a', { href: '#/' }, 'Browse the catalog')));
    return null;
  }
  const change = async (line, quantity) => {
    try {
      if (quantity === 0) await api('DELETE', `/api/cart/items/${encodeURIComponent(line.product_id)}`);
      else await api('PATCH', `/api/cart/items/${encodeURIComponent(line.product_id)}`, { quantity });
      ctx.notify(quantity === 0 ? `Removed ${line.name}.` : `${line.name}: quantity ${quantity}.`, 'ok', true);
    } catch (error) {
      ctx.notify(error.message, 'error', true);
    }
    ctx.navigate('/cart');
  };
  const rows = cart.items.map(line => {
    const id = `qty-${line.product_id}`;
    const input = h('input', { id, type: 'number', min: '0', max: '1000', value: String(line.quantity),
      class: 'qty', inputmode: 'numeric' });
    return h('tr', { 'data-product-id': line.product_id },
      h('th', { scope: 'row' }, h('a', { href: `#/product/${encodeURIComponent(line.product_id)}` }, line.name)),
      h('td', { class: 'num' }, money(line.unit_price, currency)),
      h('td', {}, h('form', { class: 'inline', onsubmit: event => {
        event.preventDefault();
        const n = parseInt(input.value, 10);
        if (!(n >= 0 && n <= 1000)) {
          ctx.notify('Choose a quantity between 0 and 1000.');
          return;
        }
        change(line, n);
      } }, h('label', { for: id, class: 'visually-hidden' }, `Quantity of ${line.name}`), input,
      h('button', { type: 'submit', class: 'secondary update' }, 'Update'))),
      h('td', { class: 'num line-total' }, money(line.line_total, currency)),
      h('td', {}, h('button', { type: 'button', class: 'link remove', 'aria-label': `Remove ${line.name}`,
        onclick: () => change(line, 0) }, 'Remove')));
  });
  replace(ctx.main,
    h('h1', {}, 'Your cart'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'cart' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col', class: 'num' }, 'Price'),
        h('th', { scope: 'col' }, 'Quantity'), h('th', { scope: 'col', class: 'num' }, 'Total'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, rows),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: '3' }, `Total (${cart.item_count} items)`),
        h('td', { class: 'num', id: 'cart-total' }, money(cart.total, currency)), h('td'))))),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/checkout', id: 'to-checkout' }, 'Check out')));
  return null;
}

export async function checkoutPage(ctx) {
  const cart = await api('GET', '/api/cart');
  if (!cart.items.length) {
    replace(ctx.main, h('h1', {}, 'Checkout'), h('p', {}, 'Your cart is empty.'),
      h('p', {}, h('a', { href: '#/' }, 'Browse the catalog')));
    return null;
  }
  const error = h('p', { class: 'error-text', id: 'checkout-error', role: 'alert' });
  const idempotencyKey = crypto.randomUUID();
  const form = h('form', { class: 'stack narrow', onsubmit: async event => {
    event.preventDefault();
    const address = values(form);
    for (const key of Object.keys(address)) if (!address[key]) delete address[key];
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    error.textContent = '';
    try {
      const order = await api('POST', '/api/orders', { shipping_address: address },
        { headers: { 'Idempotency-Key': idempotencyKey } });
      ctx.notify('Order placed. Your items are reserved until you pay.', 'ok', true);
      ctx.navigate(`/pay/${order.id}`);
    } catch (failure) {
      error.textContent = failure.message;
      button.disabled = false;
      if (failure.code === 'insufficient_stock') {
        error.append(' ', h('a', { href: '#/cart' }, 'Back to the cart'));
      }
    }
  } },
  field('Full name', { name: 'name', autocomplete: 'name', required: true }),
  field('Street and number', { name: 'street', autocomplete: 'address-line1', required: true }),
  field('City', { name: 'city', autocomplete: 'address-level2', required: true }),
  field('Postal code', { name: 'postal_code', autocomplete: 'postal-code', required: true }),
  field('Country', { name: 'country', autocomplete: 'country-name', required: true }),
  error,
  h('button', { type: 'submit', id: 'place-order' }, `Place order · ${money(cart.total, cart.currency || 'USD')}`));
  replace(ctx.main, h('h1', {}, 'Checkout'),
    h('p', {}, `${cart.item_count} items, total `, h('strong', { id: 'checkout-total' }, money(cart.total, cart.currency || 'USD'))),
    h('h2', {}, 'Shipping address'), form);
  return null;
}

export async function payPage(ctx) {
  const id = ctx.params[0];
  const order = await api('GET', `/api/orders/${encodeURIComponent(id)}`);
  if (order.status !== 'pending_payment') {
    ctx.navigate(`/orders/${encodeURIComponent(id)}`);
    return null;
  }
  const error = h('div', { class: 'error-text', id: 'payment-error', role: 'alert' });
  const form = h('form', { class: 'stack narrow', onsubmit: async event => {
    event.preventDefault();
    const card = values(form);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    error.textContent = '';
    try {
      await api('POST', '/api/payments/process', {
        order_id: order.id, payment_method: 'credit_card',
        card_details: { number: card.number.replace(/\s+/g, ''), expiry: card.expiry, holder: card.holder },
      }, { headers: { 'Idempotency-Key': crypto.randomUUID() } });
      ctx.notify('Payment received. Thank you!', 'ok', true);
      ctx.navigate(`/orders/${encodeURIComponent(order.id)}`);
    } catch (failure) {
      ctx.notify('');
      error.textContent = failure.message;
      button.textContent = 'Try again';
      button.disabled = false;
    }
  } },
  field('Name on card', { name: 'holder', autocomplete: 'cc-name', required: true }),
  field('Card number', { name: 'number', autocomplete: 'cc-number', inputmode: 'numeric', required: true,
    value: '4242 4242 4242 4242', pattern: '[0-9 ]{12,23}' }),
  field('Expiry (MM/YY)', { name: 'expiry', autocomplete: 'cc-exp', required: true, value: '12/30',
    pattern: '[0-9]{2}/[0-9]{2}' }),
  h('p', { class: 'muted', id: 'test-cards' }, 'This shop uses a simulated card processor: no real card is charged. ',
    'Test cards: 4000 0000 0000 0002 is always declined, 4000 0000 0000 9995 has insufficient funds.'),
  error,
  h('button', { type: 'submit', id: 'pay' }, `Pay ${money(order.total, order.currency)}`));
  replace(ctx.main, h('h1', {}, 'Payment'),
    h('p', {}, 'Order ', h('code', {}, order.id), ' · total ', h('strong', { id: 'pay-total' }, money(order.total, order.currency))),
    form);
  return null;
}
