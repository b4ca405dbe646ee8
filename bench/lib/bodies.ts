/** Realistic webhook bodies of a given size: a provider-shaped object padded with metadata-like fields. */

const WORDS =
  'order customer shipping express gift wrap note delivery window coupon loyalty tier region warehouse ' +
  'item sku quantity colour size basket channel mobile web campaign summer promo invoice reference';

/**
 * Serialises `template` after adding string fields to the object at `path` (created when missing;
 * default `metadata`, where merchants' order details go) until the JSON text is at least `size`
 * bytes. Deterministic: the same inputs give the same text.
 */
export function padToSize(
  template: Record<string, unknown>,
  size: number,
  path: string[] = ['metadata'],
): string {
  const body = structuredClone(template);
  let parent: Record<string, unknown> = body;
  let pad: Record<string, unknown> = body;
  for (const key of path) {
    parent = pad;
    const next = parent[key];
    pad =
      typeof next === 'object' && next !== null && !Array.isArray(next)
        ? (next as Record<string, unknown>)
        : {};
    parent[key] = pad;
  }
  const words = WORDS.split(' ');
  let i = 0;
  let text = JSON.stringify(body);
  while (Buffer.byteLength(text) < size) {
    const phrase = Array.from({ length: 6 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
    pad[`field_${String(i).padStart(3, '0')}`] = `${phrase} ${i}`;
    i++;
    text = JSON.stringify(body);
  }
  return text;
}

/** A generic payment event, the shape most providers send (used by the core baselines). */
export const GENERIC_EVENT: Record<string, unknown> = {
  id: 'evt_2f1c0d9e8b7a',
  type: 'payment.succeeded',
  created_at: '2026-01-15T10:20:30Z',
  live: false,
  data: {
    id: 'pay_7c1e9b2a',
    status: 'paid',
    amount: 10500,
    currency: 'SAR',
    description: 'Order #1042',
    source: { type: 'creditcard', company: 'visa', name: 'Test Payer', number: '4111-11XX-XXXX-1111' },
    created_at: '2026-01-15T10:20:00Z',
  },
};

export const BODY_SIZES = [1024, 4096, 10240] as const;
