/** The shop's side of the Next.js example: orders (a database in a real app) and fulfilment. */
import type { PaymentStatus } from 'paybridge';

export const orders = new Map<string, PaymentStatus>();

/** Ship the goods, send the receipt… A throw makes the route answer 500, so MoneyHash retries. */
export async function fulfilOrder(reference: string): Promise<void> {
  console.log(`order ${reference} paid`);
}
