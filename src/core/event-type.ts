/**
 * Narrowing on an event's `type`. Adapters type `type` as `OpenEventType<Known>` (the literals they
 * know, plus any string), so editors complete the known types and a new one still compiles. But
 * TypeScript does not narrow such an open union on `===`: after `event.type === 'payment_paid'`,
 * `event.type` is still `'payment_paid' | (string & {})`. `isEventType` is the type guard that does.
 */

/**
 * Whether `event.type` is `type`; a type guard, so that inside
 * `if (isEventType(event, 'payment_paid'))` the event's `type` is exactly `'payment_paid'`.
 * `type` may be any string: the adapter's known types are offered first.
 */
export function isEventType<E extends { readonly type: string }, T extends E['type']>(
  event: E,
  type: T,
): event is E & { readonly type: T } {
  return event.type === type;
}
