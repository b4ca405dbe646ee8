/**
 * The hosted checkout page clicked in headless Chromium (Debian's `chromium`, installed by
 * scripts/ensure-system-deps.sh), with a screenshot kept in test/artifacts/ (gitignored).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { TEST_CREDENTIALS } from 'paybridge/testing';
import { type Simulator, startSimulator } from 'paybridge/testing/simulator';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, type Receiver, startReceiver } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);

let browser: Browser;
let sim: Simulator;
let receiver: Receiver;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run \`bash scripts/ensure-system-deps.sh\` (npm test does it first).`,
    );
  }
  receiver = await startReceiver();
  sim = await startSimulator({ moyasar: { webhookUrl: `${receiver.url}/moyasar` } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await receiver?.close();
});

async function createInvoice(description: string): Promise<{ id: string; url: string }> {
  const res = await fetch(`${sim.baseUrls.moyasar}/invoices`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(TEST_CREDENTIALS.moyasar.secretKey),
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      amount: 10_500,
      currency: 'SAR',
      description,
      metadata: { paybridge_reference: 'o-1' },
    }),
  });
  return (await res.json()) as { id: string; url: string };
}

describe('hosted checkout page in Chromium', () => {
  it('shows the amount and description, and Pay sends the signed webhook', async () => {
    const invoice = await createInvoice('Order #1042: 2 × coffee');
    const page = await browser.newPage();
    try {
      await page.goto(invoice.url);
      expect(await page.textContent('#amount')).toBe('105.00 SAR');
      expect(await page.textContent('#description')).toBe('Order #1042: 2 × coffee');
      expect(await page.textContent('#status')).toBe('initiated');
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: new URL('checkout-page.png', ARTIFACTS).pathname, fullPage: true });

      await Promise.all([page.waitForURL(/done=pay/), page.click('#pay')]);
      expect(await page.textContent('#status')).toBe('paid');
      expect(await page.textContent('#result')).toContain('Payment accepted');
      expect(await page.locator('#pay').count()).toBe(0);
      await page.screenshot({ path: new URL('checkout-page-paid.png', ARTIFACTS).pathname, fullPage: true });

      const [received] = await receiver.waitFor(1);
      const event = JSON.parse(received!.body.toString());
      expect(event).toMatchObject({
        type: 'payment_paid',
        secret_token: TEST_CREDENTIALS.moyasar.webhookSecret,
        data: { invoice_id: invoice.id, amount: 10_500, status: 'paid' },
      });
    } finally {
      await page.close();
    }
  });

  it('Decline and Cancel buttons act on the link', async () => {
    const declined = await createInvoice('Declined order');
    const cancelled = await createInvoice('Cancelled order');
    const page = await browser.newPage();
    try {
      await page.goto(declined.url);
      await Promise.all([page.waitForURL(/done=decline/), page.click('#decline')]);
      expect(await page.textContent('#result')).toContain('declined');
      // Moyasar leaves the invoice open after a declined card: the payer may try again.
      expect(await page.locator('#pay').count()).toBe(1);
      await page.goto(cancelled.url);
      await Promise.all([page.waitForURL(/done=cancel/), page.click('#cancel')]);
      expect(await page.textContent('#status')).toBe('canceled');
    } finally {
      await page.close();
    }
    expect(sim.link(declined.id)?.providerStatus).toBe('initiated');
    expect(sim.link(cancelled.id)?.providerStatus).toBe('canceled');
  });
});
