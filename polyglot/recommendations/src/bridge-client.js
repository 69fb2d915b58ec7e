'use strict';
// A client of the Vert.x TCP event-bus bridge (docs/bus.md, "TCP bridge"): registers handlers for addresses,
// answers the requests delivered to them, and keeps the connection alive, reconnecting (and registering again)
// whenever it drops, since the bridge forgets a connection's registrations when it closes.

const net = require('node:net');
const { EventEmitter } = require('node:events');
const { encode, FrameDecoder } = require('./frames');

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;
const PING_EVERY_MS = 15000;

class BridgeClient extends EventEmitter {
  /**
   * host, port: the bridge; token: BRIDGE_TOKEN when the bridge asks for one (sent in every frame's headers).
   */
  constructor({ host = '127.0.0.1', port, token = null, log = () => {} }) {
    super();
    this.host = host;
    this.port = port;
    this.token = token || null;
    this.log = log;
    this.handlers = new Map();
    this.socket = null;
    this.connected = false;
    this.stopped = true;
    this.backoffMs = MIN_BACKOFF_MS;
    this.pingTimer = null;
    this.reconnectTimer = null;
    this.awaitingPong = false;
  }

  /** handler(message) gets every frame delivered to the address: {address, body, headers, replyAddress}. */
  register(address, handler) {
    this.handlers.set(address, handler);
    if (this.connected) {
      this.write({ type: 'register', address });
    }
    return this;
  }

  start() {
    this.stopped = false;
    this.connect();
    return this;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    if (this.socket) {
      this.socket.destroy();
    }
  }

  /** Answers a request delivered with a replyAddress. */
  reply(replyAddress, body) {
    this.write({ type: 'send', address: replyAddress, body });
  }

  /**
   * Fails a request the way every service on the bus does: failureCode is an HTTP-like status, message the JSON
   * text of {code, message, details}; the gateway turns it into that status and {"error": {...}}.
   */
  fail(replyAddress, status, error) {
    this.write({ type: 'send', address: replyAddress, failureCode: status, message: JSON.stringify(error) });
  }

  /** A one-way message (no reply expected) to an address the bridge lets this client send to. */
  send(address, body, headers = {}) {
    this.write({ type: 'send', address, body, headers });
  }

  write(frame) {
    if (!this.connected) {
      return false;
    }
    const headers = { ...(frame.headers || {}) };
    if (this.token) {
      headers.token = this.token;
    }
    this.socket.write(encode({ ...frame, headers }));
    return true;
  }

  connect() {
    const socket = net.connect({ host: this.host, port: this.port });
    const decoder = new FrameDecoder();
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.connected = true;
      this.backoffMs = MIN_BACKOFF_MS;
      for (const address of this.handlers.keys()) {
        this.write({ type: 'register', address });
      }
      this.awaitingPong = false;
      this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
      this.log(`connected to the bridge at ${this.host}:${this.port}`);
      this.emit('connected');
    });
    socket.on('data', (chunk) => {
      let frames;
      try {
        frames = decoder.push(chunk);
      } catch (error) {
        this.log(`unreadable data from the bridge (${error.message}); reconnecting`);
        socket.destroy();
        return;
      }
      frames.forEach((frame) => this.dispatch(frame));
    });
    let failure = null;
    socket.on('error', (error) => {
      failure = error.message;
    });
    socket.on('close', () => {
      const wasConnected = this.connected;
      this.connected = false;
      clearInterval(this.pingTimer);
      if (wasConnected) {
        this.emit('disconnected');
      }
      if (!this.stopped) {
        this.log(`bridge connection closed${failure ? ` (${failure})` : ''}; retrying in ${this.backoffMs} ms`);
        this.reconnectTimer = setTimeout(() => this.connect(), this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      }
    });
  }

  /** A connection that did not answer the previous ping is dead even if TCP has not noticed: start over. */
  ping() {
    if (this.awaitingPong) {
      this.log('the bridge did not answer a ping; reconnecting');
      this.socket.destroy();
      return;
    }
    this.awaitingPong = true;
    this.write({ type: 'ping' });
  }

  dispatch(frame) {
    switch (frame.type) {
      case 'pong':
        this.awaitingPong = false;
        break;
      case 'message': {
        const handler = this.handlers.get(frame.address);
        if (handler) {
          handler({ address: frame.address, body: frame.body, headers: frame.headers || {},
            replyAddress: frame.replyAddress });
        }
        break;
      }
      case 'err':
        this.log(`the bridge refused a frame: ${frame.message}${frame.detail ? ` (${frame.detail})` : ''}`);
        this.emit('bridge-error', frame);
        break;
      default:
        this.log(`ignoring a frame of type ${frame.type}`);
    }
  }
}

module.exports = { BridgeClient };
