'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { encode, FrameDecoder, MAX_FRAME_BYTES } = require('../src/frames');

test('a frame is a 4-byte big-endian length and UTF-8 JSON', () => {
  const bytes = encode({ type: 'ping', headers: { note: 'é' } });
  const json = '{"type":"ping","headers":{"note":"é"}}';
  assert.equal(bytes.readUInt32BE(0), Buffer.byteLength(json));
  assert.equal(bytes.subarray(4).toString('utf8'), json);
});

test('frames split across chunks and several frames in one chunk are all decoded, in order', () => {
  const wire = Buffer.concat([encode({ n: 1 }), encode({ n: 2, text: 'x'.repeat(5000) }), encode({ n: 3 })]);
  const decoder = new FrameDecoder();
  const seen = [];
  for (let i = 0; i < wire.length; i += 7) {
    seen.push(...decoder.push(wire.subarray(i, i + 7)));
  }
  assert.deepEqual(seen.map((frame) => frame.n), [1, 2, 3]);
  assert.equal(decoder.pending.length, 0);
});

test('an oversized length, broken JSON or a non-object frame throws', () => {
  const huge = Buffer.alloc(4);
  huge.writeUInt32BE(MAX_FRAME_BYTES + 1, 0);
  assert.throws(() => new FrameDecoder().push(huge), RangeError);
  const broken = Buffer.concat([Buffer.from([0, 0, 0, 5]), Buffer.from('{"a":')]);
  assert.throws(() => new FrameDecoder().push(broken), SyntaxError);
  const array = Buffer.concat([Buffer.from([0, 0, 0, 2]), Buffer.from('[]')]);
  assert.throws(() => new FrameDecoder().push(array), TypeError);
  assert.throws(() => encode({ big: 'x'.repeat(MAX_FRAME_BYTES) }), RangeError);
});
