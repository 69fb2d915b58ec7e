'use strict';
// The client against a stand-in bridge speaking the same framing: registrations on connect, the token in every
// frame, replies and failures as the bridge expects them, and registering again after the connection drops.
const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { once } = require('node:events');
const { encode, FrameDecoder } = require('../src/frames');
const { BridgeClient } = require('../src/bridge-client');

function fakeBridge() {
  const connections = [];
  const server = net.createServer((socket) => {
    const decoder = new FrameDecoder();
    const connection = { socket, frames: [], waiters: [] };
    connections.push(connection);
    server.emit('client', connection);
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk)) {
        connection.frames.push(frame);
        connection.waiters.splice(0).forEach((wake) => wake());
      }
    });
    socket.on('error', () => {});
  });
  return { server, connections };
}

async function frameCount(connection, count) {
  while (connection.frames.length < count) {
    await new Promise((resolve) => connection.waiters.push(resolve));
  }
  return connection.frames.slice(0, count);
}

test('registers every handler on connect, with the token, and answers through reply addresses', async () => {
  const { server } = fakeBridge();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = new BridgeClient({ port: server.address().port, token: 'secret-token-1234' });
  const requests = [];
  client.register('marketplace.events.orders', () => {})
    .register('marketplace.recommendations', (message) => requests.push(message));
  client.start();
  const [connection] = await once(server, 'client');
  const registered = await frameCount(connection, 2);
  assert.deepEqual(registered.map((frame) => [frame.type, frame.address, frame.headers.token]), [
    ['register', 'marketplace.events.orders', 'secret-token-1234'],
    ['register', 'marketplace.recommendations', 'secret-token-1234']]);

  connection.socket.write(encode({ type: 'message', address: 'marketplace.recommendations', replyAddress: 'r-1',
    headers: { action: 'recommend' }, body: { id: 'A' } }));
  while (requests.length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.deepEqual(requests[0], { address: 'marketplace.recommendations', replyAddress: 'r-1',
    headers: { action: 'recommend' }, body: { id: 'A' } });
  client.reply('r-1', { items: [] });
  client.fail('r-2', 400, { code: 'validation_error', message: 'bad' });
  const [reply, failure] = (await frameCount(connection, 4)).slice(2);
  assert.deepEqual(reply, { type: 'send', address: 'r-1', body: { items: [] },
    headers: { token: 'secret-token-1234' } });
  assert.equal(failure.failureCode, 400);
  assert.deepEqual(JSON.parse(failure.message), { code: 'validation_error', message: 'bad' });
  client.stop();
  server.close();
});

test('after the bridge drops the connection the client reconnects and registers again', async () => {
  const { server } = fakeBridge();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = new BridgeClient({ port: server.address().port });
  client.register('marketplace.recommendations', () => {}).start();
  const [first] = await once(server, 'client');
  await frameCount(first, 1);
  first.socket.destroy();
  const [second] = await once(server, 'client');
  const [again] = await frameCount(second, 1);
  assert.equal(again.type, 'register');
  assert.equal(again.address, 'marketplace.recommendations');
  assert.equal(again.headers.token, undefined);
  client.stop();
  server.close();
});
