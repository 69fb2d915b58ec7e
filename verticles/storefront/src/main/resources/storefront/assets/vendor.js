// Vendor pages: my products (create, edit, restock, delete). The orders that contain them are in sales.js.
import { h, field, money, replace, values } from './dom.js';
import { api } from './api.js';
import { stockText } from './shop.js';
import { watchVersions } from './live.js';

export async function vendorProductsPage(ctx) {
  const list = await api('GET', `/api/products?vendor_id=${encodeURIComponent(ctx.user.id)}&limit=100&sort=name`);
  const restock = product => {
    const id = `restock-${product.id}`;
    const input = h('input', { id, type: 'number', value: '10', class: 'qty', inputmode: 'numeric' });
    return h('form', { class: 'inline', onsubmit: async event => {
      event.preventDefault();
      const delta = parseInt(input.value, 10);
      if (!Number.isInteger(delta) || delta === 0) {
        ctx.notify('Enter a whole number of units to add (or a negative number to remove).');
        return;
      }
      try {
        const updated = await api('PATCH', `/api/products/${encodeURIComponent(product.id)}/stock`, { delta });
        ctx.notify(`${product.name}: ${stockText(updated.stock)}.`, 'ok', true);
      } catch (error) {
        ctx.notify(error.message, 'error', true);
      }
      ctx.navigate('/vendor/products');
    } }, h('label', { for: id, class: 'visually-hidden' }, `Units to add to ${product.name}`), input,
    h('button', { type: 'submit', class: 'secondary restock' }, 'Restock'));
  };
  const row = product => h('tr', { 'data-product-id': product.id },
    h('th', { scope: 'row' }, h('a', { href: `#/product/${encodeURIComponent(product.id)}` }, product.name)),
    h('td', {}, product.category),
    h('td', { class: 'num' }, money(product.price)),
    h('td', { class: 'num stock' }, String(product.stock)),
    h('td', {}, restock(product)),
    h('td', { class: 'actions-cell' },
      h('a', { href: `#/vendor/products/${encodeURIComponent(product.id)}`, class: 'edit',
        'aria-label': `Edit ${product.name}` }, 'Edit'),
      h('button', { type: 'button', class: 'link danger delete', 'aria-label': `Delete ${product.name}`,
        onclick: async () => {
          if (!window.confirm(`Delete ${product.name}? It disappears from the catalog; orders keep their copy.`)) return;
          try {
            await api('DELETE', `/api/products/${encodeURIComponent(product.id)}`);
            ctx.notify(`${product.name} deleted.`, 'ok', true);
          } catch (error) {
            ctx.notify(error.message, 'error', true);
          }
          ctx.navigate('/vendor/products');
        } }, 'Delete')));
  const body = h('tbody', {}, list.items.map(row));
  replace(ctx.main, h('h1', {}, 'My products'),
    h('p', {}, h('a', { class: 'button', href: '#/vendor/products/new', id: 'new-product' }, 'New product')),
    list.items.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'my-products' },
      h('thead', {}, h('tr', {}, ...['Name', 'Category', 'Price', 'Stock', 'Restock', 'Actions']
        .map(t => h('th', { scope: 'col' }, t)))), body))
      : h('p', {}, 'You have no products yet.'));
  return watchVersions(list.items, () => api('GET',
    `/api/products?vendor_id=${encodeURIComponent(ctx.user.id)}&limit=100&sort=name`).then(p => p.items), product => {
    const cell = body.querySelector(`[data-product-id="${CSS.escape(product.id)}"] .stock`);
    if (cell) cell.textContent = String(product.stock);
  });
}

export async function vendorProductForm(ctx) {
  const id = ctx.params[0];
  const product = id ? await api('GET', `/api/products/${encodeURIComponent(id)}`) : null;
  const categories = await api('GET', '/api/categories?limit=100').then(r => r.items).catch(() => []);
  const error = h('div', { class: 'error-text', id: 'product-error', role: 'alert' });
  const form = h('form', { class: 'stack narrow', onsubmit: async event => {
    event.preventDefault();
    const data = values(form);
    const body = {
      name: data.name, description: data.description, category: data.category || undefined,
      price: Number(data.price),
    };
    if (!product) body.stock = parseInt(data.stock || '0', 10);
    error.textContent = '';
    try {
      const saved = product
        ? await api('PATCH', `/api/products/${encodeURIComponent(product.id)}`, body,
          { headers: { 'If-Match': `W/"${product.version}"` } })
        : await api('POST', '/api/products', body);
      ctx.notify(`${saved.name} ${product ? 'saved' : 'created'}.`, 'ok', true);
      ctx.navigate('/vendor/products');
    } catch (failure) {
      error.textContent = failure.message;
    }
  } },
  field('Name', { name: 'name', required: true, maxlength: '200', value: product ? product.name : '', autofocus: true }),
  field('Description', { tag: 'textarea', name: 'description', maxlength: '5000', rows: '4',
    value: product ? product.description || '' : '' }),
  field('Price (USD)', { name: 'price', type: 'number', min: '0.01', step: '0.01', required: true,
    inputmode: 'decimal', value: product ? Number(product.price).toFixed(2) : '' }),
  field('Category', { name: 'category', list: 'category-names', maxlength: '100',
    value: product ? product.category : '' }),
  h('datalist', { id: 'category-names' }, categories.map(c => h('option', { value: c.name }))),
  product ? null : field('Units in stock', { name: 'stock', type: 'number', min: '0', max: '1000000', value: '0',
    inputmode: 'numeric' }),
  error,
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'save-product' }, product ? 'Save' : 'Create product'),
    h('a', { href: '#/vendor/products', class: 'button secondary' }, 'Cancel')));
  replace(ctx.main, h('h1', {}, product ? `Edit ${product.name}` : 'New product'), form);
  return null;
}
