/** The simulator's HTML: one hosted checkout page per link, and an index of links. Plain HTML, no script. */
import { formatMinorUnits } from '../../core/money';
import type { LinkView, PayerAction } from '../emulators/common';
import type { Delivery } from './delivery';

const PROVIDER_TITLES: Record<string, string> = {
  moneyhash: 'MoneyHash',
  moyasar: 'Moyasar',
  moneygo: 'Money-Go',
  paymob: 'Paymob',
  tap: 'Tap',
};

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** `10500 SAR` → `105.00 SAR` (integer work only, via the core money helpers). */
export function formatAmount(amount: number, currency: string): string {
  return `${formatMinorUnits(amount, currency)} ${currency}`;
}

const STYLE = `
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:2rem;color:#1d2330}
main{max-width:28rem;margin:0 auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px #0002}
h1{font-size:1rem;margin:0 0 1rem;color:#5b6475;font-weight:600}
.amount{font-size:2.2rem;font-weight:700;margin:.25rem 0}
.muted{color:#5b6475;font-size:.9rem}
.status{display:inline-block;padding:.2rem .6rem;border-radius:99px;background:#e8ebf1;font-size:.85rem}
form{display:inline}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:8px;border:0;margin:1rem .4rem 0 0;cursor:pointer}
#pay{background:#1a7f4b;color:#fff}#decline{background:#b42318;color:#fff}#cancel{background:#e8ebf1}
table{border-collapse:collapse;width:100%;font-size:.85rem}td,th{text-align:left;padding:.3rem;border-bottom:1px solid #eee}
.banner{margin-top:1rem;padding:.7rem;border-radius:8px;background:#eef6ff}
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

const DONE_TEXT: Record<PayerAction, string> = {
  pay: 'Payment accepted. The provider webhook was sent.',
  decline: 'Payment declined. The provider webhook was sent.',
  cancel: 'Payment cancelled.',
  expire: 'The link expired.',
};

export function checkoutPage(link: LinkView, deliveries: readonly Delivery[], done?: PayerAction): string {
  const action = (name: PayerAction, label: string) =>
    `<form method="post" action="/pay/${link.provider}/${encodeURIComponent(link.id)}/${name}"><button id="${name}" type="submit">${label}</button></form>`;
  const rows = deliveries
    .map(
      (d) =>
        `<tr><td>${escapeHtml(d.type)}</td><td>${escapeHtml(d.state)}</td><td>${d.attempts.length}</td><td>${escapeHtml(
          String(d.attempts.at(-1)?.status ?? d.attempts.at(-1)?.error ?? ''),
        )}</td></tr>`,
    )
    .join('');
  return layout(
    `Pay ${formatAmount(link.amount, link.currency)}`,
    `<h1>${escapeHtml(PROVIDER_TITLES[link.provider] ?? link.provider)} checkout (paybridge simulator)</h1>
<div class="amount" id="amount">${escapeHtml(formatAmount(link.amount, link.currency))}</div>
${link.description ? `<p id="description">${escapeHtml(link.description)}</p>` : ''}
<p class="muted">Link <code>${escapeHtml(link.id)}</code>${link.reference ? ` · reference <code>${escapeHtml(link.reference)}</code>` : ''}</p>
<p>Status: <span class="status" id="status">${escapeHtml(link.providerStatus)}</span></p>
${done ? `<div class="banner" id="result">${escapeHtml(DONE_TEXT[done])}</div>` : ''}
${link.open ? `<div>${action('pay', 'Pay')}${action('decline', 'Decline')}${action('cancel', 'Cancel')}</div>` : ''}
${rows ? `<h1 style="margin-top:1.5rem">Webhooks</h1><table><tr><th>event</th><th>state</th><th>attempts</th><th>last answer</th></tr>${rows}</table>` : ''}`,
  );
}

export function indexPage(links: readonly LinkView[], baseUrls: Record<string, string>): string {
  const rows = links
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.provider)}</td><td><a href="${escapeHtml(l.url)}">${escapeHtml(l.id)}</a></td><td>${escapeHtml(
          formatAmount(l.amount, l.currency),
        )}</td><td>${escapeHtml(l.providerStatus)}</td></tr>`,
    )
    .join('');
  const bases = Object.entries(baseUrls)
    .map(([p, u]) => `<tr><td>${escapeHtml(p)}</td><td><code>${escapeHtml(u)}</code></td></tr>`)
    .join('');
  return layout(
    'paybridge simulator',
    `<h1>paybridge simulator</h1><table>${bases}</table>
<h1 style="margin-top:1.5rem">Links</h1>${rows ? `<table>${rows}</table>` : '<p class="muted">None yet.</p>'}`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
