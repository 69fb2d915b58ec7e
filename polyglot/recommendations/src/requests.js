'use strict';
// The actions of marketplace.recommendations, answered the way every service on the bus answers (docs/bus.md):
// the action in the "action" header, a JSON body, and failures as an HTTP-like status with {code, message, details}.

const SERVICE = 'recommendations';
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;
const MAX_ID_LENGTH = 128;
const PARAMETERS = ['id', 'limit'];

class RequestError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  toJSON() {
    return this.details === undefined ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

function invalid(field, fieldCode, message) {
  return new RequestError(400, 'validation_error', message,
    { field, errors: [{ field, code: fieldCode, message }] });
}

/** {id, limit}: id is the product; limit absent or 0 means 10, above 50 is served as 50 (as the gateway documents). */
function readRecommendRequest(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RequestError(400, 'bad_request', 'The request body must be a JSON object');
  }
  const unknown = Object.keys(body).filter((name) => !PARAMETERS.includes(name)).sort();
  if (unknown.length > 0) {
    throw new RequestError(400, 'validation_error', `Unknown parameter${unknown.length > 1 ? 's' : ''}: `
      + `${unknown.join(', ')} (accepted: limit)`, {
      field: unknown[0],
      errors: unknown.map((name) => ({ field: name, code: 'unknown_parameter',
        message: `'${name}' is not a parameter of this operation` })),
    });
  }
  const { id } = body;
  if (id === undefined || id === null || id === '') {
    throw invalid('id', 'required', "'id' is required");
  }
  if (typeof id !== 'string') {
    throw invalid('id', 'not_a_string', "'id' must be a string");
  }
  if (id.length > MAX_ID_LENGTH) {
    throw invalid('id', 'too_long', `'id' must be at most ${MAX_ID_LENGTH} characters`);
  }
  return { id, limit: readLimit(body.limit) };
}

function readLimit(value) {
  if (value === undefined || value === null || value === '') {
    return DEFAULT_LIMIT;
  }
  // the gateway passes query values as text; a bus caller may send a number
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[0-9]{1,9}$/.test(text)) {
    throw invalid('limit', 'out_of_range', "'limit' must be a whole number from 0 to " + MAX_LIMIT);
  }
  const limit = Number(text);
  return limit === 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
}

/** The answer to one request: {body} or {error: RequestError}. */
function answer(model, action, body) {
  try {
    switch (action) {
      case 'ping':
        return { body: { service: SERVICE, status: 'UP' } };
      case 'recommend': {
        const { id, limit } = readRecommendRequest(body);
        return { body: { items: model.recommend(id, limit) } };
      }
      default:
        throw new RequestError(400, 'bad_request', `Unknown action '${action}' for ${SERVICE}`);
    }
  } catch (error) {
    if (error instanceof RequestError) {
      return { error };
    }
    return { error: new RequestError(500, 'internal_error', 'Internal error') };
  }
}

module.exports = { answer, readRecommendRequest, RequestError, DEFAULT_LIMIT, MAX_LIMIT };
