'use strict';
// The TCP bridge's framing: every frame is a 4-byte big-endian length, then that many bytes of UTF-8 JSON
// (docs/bus.md, "TCP bridge"). Written here with Buffer alone, so the service needs no npm package.

const MAX_FRAME_BYTES = 1024 * 1024;

/** One frame for the wire. */
function encode(frame) {
  const json = Buffer.from(JSON.stringify(frame), 'utf8');
  if (json.length > MAX_FRAME_BYTES) {
    throw new RangeError(`frame of ${json.length} bytes exceeds the bridge's ${MAX_FRAME_BYTES}`);
  }
  const header = Buffer.alloc(4);
  header.writeUInt32BE(json.length, 0);
  return Buffer.concat([header, json]);
}

/**
 * Cuts a byte stream into frames. Bytes arrive in chunks of any size (a frame may span chunks, a chunk may hold
 * several frames); push() returns the frames completed so far and keeps the rest. A length beyond MAX_FRAME_BYTES
 * or a frame that is not a JSON object throws: the stream is no longer trustworthy and the caller reconnects.
 */
class FrameDecoder {
  constructor(maxFrameBytes = MAX_FRAME_BYTES) {
    this.maxFrameBytes = maxFrameBytes;
    this.pending = Buffer.alloc(0);
  }

  push(chunk) {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32BE(0);
      if (length > this.maxFrameBytes) {
        throw new RangeError(`frame length ${length} exceeds ${this.maxFrameBytes}`);
      }
      if (this.pending.length < 4 + length) {
        break;
      }
      const frame = JSON.parse(this.pending.toString('utf8', 4, 4 + length));
      if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) {
        throw new TypeError('a frame must be a JSON object');
      }
      frames.push(frame);
      this.pending = this.pending.subarray(4 + length);
    }
    return frames;
  }
}

module.exports = { encode, FrameDecoder, MAX_FRAME_BYTES };
