'use strict';
// The recommendations service: learns from order.paid events which products are bought together, and answers
// marketplace.recommendations over the marketplace's TCP event-bus bridge. Configuration from the environment:
// BRIDGE_HOST (127.0.0.1), BRIDGE_PORT (7000), BRIDGE_TOKEN (when the bridge asks for one).

const { BridgeClient } = require('./bridge-client');
const { CoOccurrence } = require('./co-occurrence');
const { answer } = require('./requests');

const ORDER_EVENTS = 'marketplace.events.orders';
const ADDRESS = 'marketplace.recommendations';

function log(line) {
  process.stdout.write(`${new Date().toISOString()} recommendations: ${line}\n`);
}

function main(env) {
  const port = Number(env.BRIDGE_PORT || 7000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    log(`BRIDGE_PORT must be a port number, got ${env.BRIDGE_PORT}`);
    process.exit(2);
  }
  const model = new CoOccurrence();
  const bridge = new BridgeClient({ host: env.BRIDGE_HOST || '127.0.0.1', port, token: env.BRIDGE_TOKEN, log });

  bridge.register(ORDER_EVENTS, ({ body: event }) => {
    if (event && event.type === 'order.paid' && model.learn(event.data)) {
      log(`learned order ${event.data.id} (${event.data.items.length} lines)`);
    }
  });

  bridge.register(ADDRESS, ({ body, headers, replyAddress }) => {
    if (!replyAddress) {
      return;
    }
    const outcome = answer(model, headers.action, body);
    if (outcome.error) {
      bridge.fail(replyAddress, outcome.error.status, outcome.error.toJSON());
    } else {
      bridge.reply(replyAddress, outcome.body);
    }
  });

  bridge.on('connected', () => log(`serving ${ADDRESS}, learning from ${ORDER_EVENTS}`));
  bridge.start();

  const stop = () => {
    log('stopping');
    bridge.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.env);
