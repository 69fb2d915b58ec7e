'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { CoOccurrence } = require('../src/co-occurrence');

const order = (id, ...products) => ({ id, status: 'paid', items: products.map((product_id) => ({ product_id, quantity: 1 })) });

test('products bought together recommend each other, most often bought first, ties by id', () => {
  const model = new CoOccurrence();
  model.learn(order('o1', 'A', 'B', 'C'));
  model.learn(order('o2', 'A', 'B'));
  model.learn(order('o3', 'A', 'D'));
  assert.deepEqual(model.recommend('A', 10), [
    { product_id: 'B', score: 2 }, { product_id: 'C', score: 1 }, { product_id: 'D', score: 1 }]);
  assert.deepEqual(model.recommend('B', 1), [{ product_id: 'A', score: 2 }]);
  assert.deepEqual(model.recommend('D', 10), [{ product_id: 'A', score: 1 }]);
  assert.deepEqual(model.recommend('never-bought', 10), []);
});

test('an order counts once, however often its event arrives, and a product twice in one order counts once', () => {
  const model = new CoOccurrence();
  assert.equal(model.learn(order('o1', 'A', 'B', 'A')), true);
  assert.equal(model.learn(order('o1', 'A', 'B')), false);
  assert.deepEqual(model.recommend('A', 10), [{ product_id: 'B', score: 1 }]);
  assert.deepEqual(model.recommend('B', 10), [{ product_id: 'A', score: 1 }]);
});

test('malformed orders teach nothing', () => {
  const model = new CoOccurrence();
  assert.equal(model.learn(null), false);
  assert.equal(model.learn({ id: 'o1' }), false);
  assert.equal(model.learn({ id: 'o2', items: [{ product_id: 7 }, null, { quantity: 1 }] }), false);
  assert.equal(model.together.size, 0);
});

test('the memory of seen orders is bounded', () => {
  const model = new CoOccurrence({ rememberOrders: 2 });
  ['o1', 'o2', 'o3'].forEach((id) => model.learn(order(id, 'A', 'B')));
  assert.deepEqual([...model.seenOrders], ['o2', 'o3']);
});
