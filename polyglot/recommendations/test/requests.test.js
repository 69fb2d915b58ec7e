'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { CoOccurrence } = require('../src/co-occurrence');
const { answer } = require('../src/requests');

const model = new CoOccurrence();
model.learn({ id: 'o1', items: [{ product_id: 'A' }, { product_id: 'B' }, { product_id: 'C' }] });

test('recommend answers {items: [{product_id, score}]}, limit as text (from the gateway) or number', () => {
  assert.deepEqual(answer(model, 'recommend', { id: 'A' }).body,
    { items: [{ product_id: 'B', score: 1 }, { product_id: 'C', score: 1 }] });
  assert.deepEqual(answer(model, 'recommend', { id: 'A', limit: '1' }).body.items.length, 1);
  assert.deepEqual(answer(model, 'recommend', { id: 'A', limit: 1 }).body.items.length, 1);
  assert.deepEqual(answer(model, 'recommend', { id: 'A', limit: '0' }).body.items.length, 2);
  assert.deepEqual(answer(model, 'recommend', { id: 'A', limit: '1000' }).body.items.length, 2);
  assert.deepEqual(answer(model, 'ping', {}).body, { service: 'recommendations', status: 'UP' });
});

test('bad requests are 400s with the bus protocol error body', () => {
  const cases = [
    [{}, 'validation_error', 'id', 'required'],
    [{ id: 5 }, 'validation_error', 'id', 'not_a_string'],
    [{ id: 'x'.repeat(129) }, 'validation_error', 'id', 'too_long'],
    [{ id: 'A', limit: '-1' }, 'validation_error', 'limit', 'out_of_range'],
    [{ id: 'A', limit: '1.5' }, 'validation_error', 'limit', 'out_of_range'],
    [{ id: 'A', limit: true }, 'validation_error', 'limit', 'out_of_range'],
    [{ id: 'A', sort: 'x' }, 'validation_error', 'sort', 'unknown_parameter'],
  ];
  for (const [body, code, field, fieldCode] of cases) {
    const { error } = answer(model, 'recommend', body);
    assert.equal(error.status, 400, JSON.stringify(body));
    const json = error.toJSON();
    assert.equal(json.code, code);
    assert.ok(json.message.length > 0);
    assert.equal(json.details.field, field);
    assert.equal(json.details.errors[0].code, fieldCode);
  }
  const unknown = answer(model, 'forget', {}).error;
  assert.equal(unknown.status, 400);
  assert.equal(unknown.toJSON().code, 'bad_request');
  assert.equal(answer(model, 'recommend', null).error.toJSON().code, 'bad_request');
});
