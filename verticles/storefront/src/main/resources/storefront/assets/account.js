// Log in and register. The tokens live in this tab's sessionStorage; api.js renews them before they expire.
import { h, field, replace, values } from './dom.js';
import { api, login } from './api.js';

function nextPath(ctx) {
  const next = ctx.query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function loginPage(ctx) {
  const error = h('p', { class: 'error-text', id: 'login-error', role: 'alert' });
  const form = h('form', { class: 'stack narrow', 'aria-labelledby': 'login-title', onsubmit: async event => {
    event.preventDefault();
    const { email, password } = values(form);
    error.textContent = '';
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const user = await login(email, password);
      ctx.notify(`Welcome, ${user.name || user.email}.`, 'ok', true);
      ctx.navigate(nextPath(ctx));
    } catch (failure) {
      error.textContent = failure.message;
      button.disabled = false;
    }
  } },
  field('Email', { name: 'email', type: 'email', autocomplete: 'username', required: true, autofocus: true }),
  field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
  error,
  h('button', { type: 'submit' }, 'Log in'),
  h('p', {}, 'No account yet? ', h('a', { href: '#/register' }, 'Register')));
  replace(ctx.main, h('h1', { id: 'login-title' }, 'Log in'), form);
}

export function registerPage(ctx) {
  const error = h('p', { class: 'error-text', id: 'register-error', role: 'alert' });
  const form = h('form', { class: 'stack narrow', 'aria-labelledby': 'register-title', onsubmit: async event => {
    event.preventDefault();
    const data = values(form);
    error.textContent = '';
    try {
      await api('POST', '/api/auth/register', {
        email: data.email, password: data.password, full_name: data.full_name, role: data.role,
      });
      const user = await login(data.email, data.password);
      ctx.notify(`Welcome, ${user.name || user.email}. Your account is ready.`, 'ok', true);
      ctx.navigate(user.role === 'vendor' ? '/vendor/products' : '/');
    } catch (failure) {
      error.textContent = failure.message;
    }
  } },
  field('Full name', { name: 'full_name', autocomplete: 'name', required: true, maxlength: '200', autofocus: true }),
  field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true }),
  field('Password (at least 8 characters)', { name: 'password', type: 'password', autocomplete: 'new-password',
    required: true, minlength: '8' }),
  field('Account type', { tag: 'select', name: 'role', value: 'user',
    options: [['user', 'Buyer'], ['vendor', 'Vendor (sells products)']] }),
  error,
  h('button', { type: 'submit' }, 'Create account'),
  h('p', {}, 'Already registered? ', h('a', { href: '#/login' }, 'Log in')));
  replace(ctx.main, h('h1', { id: 'register-title' }, 'Register'), form);
}
