// Admin: the categories vendors file their products under.
import { h, field, replace, values } from './dom.js';
import { api } from './api.js';

export async function categoriesPage(ctx) {
  const list = await api('GET', '/api/categories?limit=100');
  const error = h('p', { class: 'error-text', role: 'alert' });
  const form = h('form', { class: 'stack narrow', onsubmit: async event => {
    event.preventDefault();
    const data = values(form);
    try {
      await api('POST', '/api/categories', { name: data.name, description: data.description || undefined });
      ctx.notify(`Category ${data.name} created.`, 'ok', true);
      ctx.navigate('/admin/categories');
    } catch (failure) {
      error.textContent = failure.message;
    }
  } },
  field('Name', { name: 'name', required: true, maxlength: '100' }),
  field('Description', { name: 'description', maxlength: '500' }),
  error,
  h('button', { type: 'submit' }, 'Create category'));
  replace(ctx.main, h('h1', {}, 'Categories'),
    h('ul', { id: 'categories', class: 'plain' }, list.items.map(c => h('li', {},
      h('a', { href: `#/catalog?category=${encodeURIComponent(c.name)}` }, c.name),
      ` · ${c.product_count} products`, c.description ? ` · ${c.description}` : ''))),
    h('h2', {}, 'New category'), form);
  return null;
}
