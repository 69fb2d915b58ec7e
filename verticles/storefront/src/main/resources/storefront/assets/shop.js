// Buyer pages: the catalog (every filter lives in the URL, so a result can be shared) and a product's page.
import { h, field, money, replace, values } from './dom.js';
import { api, query } from './api.js';
import { PRODUCTS, watchVersions } from './live.js';

const PAGE_SIZE = 12;
const SORTS = [
  ['-created_at', 'Newest first'], ['price', 'Price: low to high'], ['-price', 'Price: high to low'],
  ['name', 'Name: A to Z'], ['-name', 'Name: Z to A'],
];
const FILTERS = ['search', 'category', 'min_price', 'max_price', 'in_stock', 'sort', 'page'];

export function stockText(stock) {
  if (stock <= 0) return 'Out of stock';
  return `${stock} in stock`;
}

/** A failure that says nothing about what was asked for (network, rate limit, server): the shell offers a retry. */
function passing(error) {
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

export async function addToCart(ctx, product, quantity) {
  if (!ctx.user) {
    ctx.notify('Log in to add items to your cart.', 'error', true);
    ctx.navigate(`/login?next=${encodeURIComponent(`/product/${product.id}`)}`);
    return;
  }
  try {
    await api('POST', '/api/cart/items', { product_id: product.id, quantity });
    ctx.notify(`Added ${quantity} × ${product.name} to your cart.`, 'ok');
  } catch (error) {
    ctx.notify(error.message);
  }
}

export async function catalogPage(ctx) {
  const filters = {};
  for (const key of FILTERS) filters[key] = ctx.query.get(key) || '';
  const page = Math.max(1, parseInt(filters.page, 10) || 1);
  const params = {
    search: filters.search, category: filters.category, min_price: filters.min_price,
    max_price: filters.max_price, in_stock: filters.in_stock === 'true' ? 'true' : '',
    sort: filters.sort, page, limit: PAGE_SIZE,
  };
  const listing = `/api/products${query(params)}`;
  let result;
  let categories = [];
  try {
    [result, categories] = await Promise.all([
      api('GET', listing),
      api('GET', '/api/categories?limit=100').then(r => r.items).catch(() => []),
    ]);
  } catch (error) {
    if (passing(error)) throw error;
    replace(ctx.main, h('h1', {}, 'Catalog'), h('p', { class: 'error-text', role: 'alert' }, error.message),
      h('p', {}, h('a', { href: '#/' }, 'Show the whole catalog')));
    return null;
  }
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter products', onsubmit: event => {
    event.preventDefault();
    const chosen = values(form);
    chosen.in_stock = form.querySelector('[name=in_stock]').checked ? 'true' : '';
    ctx.navigate(`/catalog${query(chosen)}`);
  } },
  field('Search', { name: 'search', type: 'search', value: filters.search, placeholder: 'Name or description' }),
  field('Category', { tag: 'select', name: 'category', value: filters.category,
    options: [['', 'All categories'], ...categories.map(c => [c.name, `${c.name} (${c.product_count})`])] }),
  field('Min price', { name: 'min_price', type: 'number', min: '0', step: '0.01', value: filters.min_price, inputmode: 'decimal' }),
  field('Max price', { name: 'max_price', type: 'number', min: '0', step: '0.01', value: filters.max_price, inputmode: 'decimal' }),
  h('div', { class: 'field check' }, h('input', { type: 'checkbox', id: 'in-stock', name: 'in_stock', value: 'true',
    checked: filters.in_stock === 'true' }), h('label', { for: 'in-stock' }, 'In stock only')),
  field('Sort by', { tag: 'select', name: 'sort', value: filters.sort || '-created_at', options: SORTS }),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply'),
    h('a', { href: '#/', class: 'button secondary' }, 'Clear')));

  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const pageLink = n => `#/catalog${query({ ...filters, page: n })}`;
  const cards = result.items.map(product => productCard(ctx, product));
  replace(ctx.main,
    h('h1', {}, 'Catalog'),
    form,
    h('p', { class: 'muted', id: 'result-count', 'aria-live': 'polite' },
      `${result.total} product${result.total === 1 ? '' : 's'}${pages > 1 ? ` · page ${page} of ${pages}` : ''}`),
    cards.length ? h('ul', { class: 'grid', id: 'products' }, cards)
      : h('p', { id: 'no-results' }, 'No product matches these filters.'),
    pages > 1 ? h('nav', { class: 'pager', 'aria-label': 'Pages' },
      page > 1 ? h('a', { href: pageLink(page - 1), rel: 'prev' }, '← Previous') : h('span'),
      h('span', {}, `Page ${page} of ${pages}`),
      page < pages ? h('a', { href: pageLink(page + 1), rel: 'next' }, 'Next →') : h('span')) : null);

  return watchVersions(result.items, () => api('GET', listing).then(r => r.items), product => {
    const card = ctx.main.querySelector(`[data-product-id="${CSS.escape(product.id)}"]`);
    if (card) updateCard(card, product);
  }, PRODUCTS);
}

function productCard(ctx, product) {
  return h('li', { class: 'card', 'data-product-id': product.id },
    h('div', { class: 'thumb', 'aria-hidden': 'true' }, product.name.slice(0, 1).toUpperCase()),
    h('h2', {}, h('a', { href: `#/product/${encodeURIComponent(product.id)}`, class: 'product-link' }, product.name)),
    h('p', { class: 'category' }, product.category),
    h('p', { class: 'price' }, money(product.price)),
    h('p', { class: 'stock', 'aria-live': 'polite' }, stockText(product.stock)),
    h('button', { type: 'button', class: 'add', disabled: product.stock <= 0,
      'aria-label': `Add ${product.name} to cart`, onclick: () => addToCart(ctx, product, 1) }, 'Add to cart'));
}

function updateCard(card, product) {
  card.querySelector('.stock').textContent = stockText(product.stock);
  card.querySelector('.price').textContent = money(product.price);
  card.querySelector('button.add').disabled = product.stock <= 0;
}

export async function productPage(ctx) {
  const id = ctx.params[0];
  let product;
  try {
    product = await api('GET', `/api/products/${encodeURIComponent(id)}`);
  } catch (error) {
    if (passing(error)) throw error;
    replace(ctx.main, h('h1', {}, 'Product not available'), h('p', { class: 'error-text' }, error.message),
      h('p', {}, h('a', { href: '#/' }, 'Back to the catalog')));
    return null;
  }
  const quantity = h('input', { id: 'quantity', name: 'quantity', type: 'number', min: '1', max: '1000', value: '1',
    inputmode: 'numeric' });
  const stock = h('p', { class: 'stock', id: 'stock', 'aria-live': 'polite' }, stockText(product.stock));
  const add = h('button', { type: 'submit', id: 'add-to-cart', disabled: product.stock <= 0 }, 'Add to cart');
  replace(ctx.main,
    h('p', {}, h('a', { href: '#/' }, '← Catalog')),
    h('article', { class: 'product', 'data-product-id': product.id },
      h('div', { class: 'thumb large', 'aria-hidden': 'true' }, product.name.slice(0, 1).toUpperCase()),
      h('div', {},
        h('h1', {}, product.name),
        h('p', { class: 'category' }, `Category: ${product.category}`),
        h('p', { class: 'price', id: 'price' }, money(product.price)),
        stock,
        h('p', { class: 'description' }, product.description || ''),
        h('form', { class: 'inline', onsubmit: event => {
          event.preventDefault();
          const n = parseInt(quantity.value, 10);
          if (!(n >= 1 && n <= 1000)) {
            ctx.notify('Choose a quantity between 1 and 1000.');
            return;
          }
          addToCart(ctx, product, n);
        } }, h('div', { class: 'field' }, h('label', { for: 'quantity' }, 'Quantity'), quantity), add))));
  return watchVersions([product], () => api('GET', `/api/products/${encodeURIComponent(id)}`).then(p => [p]),
    changed => {
      product = changed;
      stock.textContent = stockText(changed.stock);
      ctx.main.querySelector('#price').textContent = money(changed.price);
      add.disabled = changed.stock <= 0;
    }, PRODUCTS);
}
