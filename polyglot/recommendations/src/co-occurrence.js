'use strict';
// What the service knows: for each product, how many paid orders contained it together with each other product.
// Invariant: every paid order counts once, however often its event arrives (delivery is at most once, but a
// consumer must still shrug off repeats), and a pair's count is the same seen from either product.

const MAX_PRODUCTS_PER_ORDER = 100;

class CoOccurrence {
  constructor({ rememberOrders = 100000 } = {}) {
    this.rememberOrders = rememberOrders;
    this.seenOrders = new Set();
    this.together = new Map();
  }

  /** Counts one paid order (the order as the HTTP API shows it); false when it was counted already or is empty. */
  learn(order) {
    if (!order || typeof order.id !== 'string' || !Array.isArray(order.items) || this.seenOrders.has(order.id)) {
      return false;
    }
    this.remember(order.id);
    const products = [...new Set(order.items
      .map((item) => item && item.product_id)
      .filter((id) => typeof id === 'string' && id.length > 0))].slice(0, MAX_PRODUCTS_PER_ORDER);
    for (const product of products) {
      for (const other of products) {
        if (other !== product) {
          this.add(product, other);
        }
      }
    }
    return products.length > 0;
  }

  /** The products most often bought with this one: [{product_id, score}] by score, then product id. */
  recommend(productId, limit) {
    const counts = this.together.get(productId);
    if (!counts) {
      return [];
    }
    return [...counts.entries()]
      .sort(([a, scoreA], [b, scoreB]) => scoreB - scoreA || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map(([product_id, score]) => ({ product_id, score }));
  }

  add(product, other) {
    let counts = this.together.get(product);
    if (!counts) {
      counts = new Map();
      this.together.set(product, counts);
    }
    counts.set(other, (counts.get(other) || 0) + 1);
  }

  /** Order ids are kept to drop repeats; the oldest are forgotten first, so memory stays bounded. */
  remember(orderId) {
    this.seenOrders.add(orderId);
    if (this.seenOrders.size > this.rememberOrders) {
      this.seenOrders.delete(this.seenOrders.values().next().value);
    }
  }
}

module.exports = { CoOccurrence };
