// Building DOM nodes without innerHTML: every text from the API is set as text, so nothing it contains can run.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled form field: the label names the input, so screen readers and tests find it by its text. */
let fieldCounter = 0;
export function field(label, attrs = {}) {
  const id = attrs.id || `f${++fieldCounter}`;
  const control = attrs.tag === 'select'
    ? h('select', { ...attrs, tag: undefined, options: undefined, id },
        ...(attrs.options || []).map(([value, text]) => h('option', { value, selected: String(attrs.value ?? '') === value }, text)))
    : attrs.tag === 'textarea'
      ? h('textarea', { ...attrs, tag: undefined, value: undefined, id }, attrs.value ?? '')
      : h('input', { type: 'text', ...attrs, id });
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

const formats = new Map();
/** Money with two decimals and its currency code, e.g. "USD 19.90". */
export function money(amount, currency = 'USD') {
  if (!formats.has(currency)) {
    formats.set(currency, new Intl.NumberFormat('en-US', {
      style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: 2, maximumFractionDigits: 2,
    }));
  }
  return formats.get(currency).format(Number(amount)).replace(/\u00a0/g, ' ');
}

export function when(timestamp) {
  return timestamp ? new Date(timestamp).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

export function words(code) {
  return String(code || '').replace(/_/g, ' ');
}

/** The form's fields as an object of trimmed strings. */
export function values(form) {
  const out = {};
  for (const [key, value] of new FormData(form).entries()) out[key] = String(value).trim();
  return out;
}

/** Names each body cell after its column (data-label), so a narrow screen can show rows as labelled cards. */
export function labelled(table) {
  const titles = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((cell, index) => {
      if (titles[index]) cell.dataset.label = titles[index];
    });
  }
  return table;
}
