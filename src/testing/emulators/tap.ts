/**
 * Tap charges, authorizations and refunds, in memory: create (with Tap's checks: a known currency,
 * an amount with no more decimals than it has, a customer with a first name and an email or phone,
 * a redirect URL, a hosted source), retrieve, `reference.idempotent` (the same key answers the
 * original charge again), capture (a charge whose source is an `auth_…` id), void, refund. The
 * hosted page is the simulator's checkout page. The payer's actions send the object to its
 * `post.url`, signed with `hashstring`, as Tap does for captured, authorized and failed
 * transactions; `INITIATED` and `ABANDONED` post nothing. Delivery attempts count in `post.attempt`
 * (Tap retries twice: the simulator's `DEFAULT_RETRY_DELAYS.tap`).
 */
import { getCurrencyExponent, toMinorUnits } from '../../core/money';
import { tapExponents, topLevelValueText } from '../../providers/tap/amount';
import { TEST_CREDENTIALS } from '../defaults';
import { signedTapObject, TAP_RESPONSE_FOR_STATUS, tapId, tapObject } from '../webhooks/tap';
import {
  type ActOptions,
  dispatch,
  type EmulatorOptions,
  type EmulatorRequest,
  type EmulatorResponse,
  FailureQueue,
  json,
  type LinkView,
  type OutgoingWebhook,
  type PayerAction,
  type ProviderEmulator,
  type Route,
  readJsonObject,
  requireLink,
  SimulatorActionError,
  str,
  stringRecord,
} from './common';

export interface TapEmulatorOptions {
  /** The secret key accepted as `Authorization: Bearer …` and that signs `hashstring` (default `TEST_CREDENTIALS.tap.secretKey`). */
  secretKey?: string;
  /** Currencies accepted (default: Tap's: KWD, SAR, BHD, AED, QAR, OMR, EGP, JOD, USD, EUR, GBP). */
  currencies?: readonly string[];
}

const DEFAULT_CURRENCIES = ['KWD', 'SAR', 'BHD', 'AED', 'QAR', 'OMR', 'EGP', 'JOD', 'USD', 'EUR', 'GBP'];
const EXPONENTS = tapExponents(undefined);

/** One stored object: the JSON Tap answers, and what the emulator keeps beside it. */
interface Stored {
  value: Record<string, unknown>;
  object: 'charge' | 'authorize';
  /** Minor units. */
  amount: number;
  currency: string;
  refunded: number;
  createdAt: Date;
}

const tapError = (status: number, code: string, description: string): EmulatorResponse =>
  json(status, { errors: [{ code, description }], http_code: String(status) });

const errorBody = (status: number, message: string) => ({
  errors: [
    {
      code: status === 401 ? '2104' : status === 404 ? '1144' : status >= 500 ? '9999' : '9998',
      description: message,
    },
  ],
  http_code: String(status),
});

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

export function createTapEmulator(options: TapEmulatorOptions & EmulatorOptions): ProviderEmulator {
  const secretKey = options.secretKey ?? TEST_CREDENTIALS.tap.secretKey;
  const currencies = new Set((options.currencies ?? DEFAULT_CURRENCIES).map((c) => c.toUpperCase()));
  const objects = new Map<string, Stored>();
  const refunds = new Map<string, Record<string, unknown>>();
  /** `reference.idempotent` → the answer first given (Tap keeps them 24 h; the emulator until reset). */
  const idempotent = new Map<string, EmulatorResponse>();
  const failures = new FailureQueue();
  const fromApi: OutgoingWebhook[] = [];

  /** The amount of a request: the exact text sent, in minor units; or Tap's error. */
  function readAmount(raw: string, currency: string): number | EmulatorResponse {
    const text = topLevelValueText(raw, 'amount');
    try {
      if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) throw new Error('not a decimal');
      const amount = toMinorUnits(text, currency, EXPONENTS);
      if (amount <= 0) throw new Error('not positive');
      return amount;
    } catch {
      return tapError(
        400,
        '1117',
        `Invalid amount: ${currency} takes up to ${getCurrencyExponent(currency, EXPONENTS)} decimals`,
      );
    }
  }

  /** Tap's checks of a charge or authorization request (its codes 1110, 1118/1119, 1125, 1129/1130/1139). */
  function validate(body: Record<string, unknown>, capture: boolean): EmulatorResponse | undefined {
    const currency = typeof body['currency'] === 'string' ? body['currency'] : '';
    if (!/^[A-Z]{3}$/.test(currency)) return tapError(400, '1118', 'Invalid currency');
    if (!currencies.has(currency)) return tapError(400, '1119', 'Currency not supported');
    const customer = record(body['customer']);
    if (!customer) return tapError(400, '1129', 'Customer id or Customer information is required');
    if (!str(customer['id'])) {
      if (!str(customer['first_name'])) return tapError(400, '1130', 'Customer first name is required');
      if (!str(customer['email']) && !record(customer['phone']))
        return tapError(400, '1139', 'phone number or email address is required');
    }
    const source = str(record(body['source'])?.['id']);
    if (!source || !(source.startsWith('src_') || (capture && source.startsWith('auth_'))))
      return tapError(400, '1125', 'Source id is invalid');
    if (!capture && !str(record(body['redirect'])?.['url']))
      return tapError(400, '1110', 'Redirect URL is missing');
    return undefined;
  }

  async function deliver(stored: Stored): Promise<OutgoingWebhook> {
    const post = record(stored.value['post']);
    const url = str(post?.['url']);
    const attempt = async (n: number) => {
      const value = { ...stored.value, post: { ...post, attempt: n } };
      return signedTapObject(value, stored.amount, { secretKey });
    };
    const first = await attempt(1);
    return {
      ...first,
      attemptBody: attempt,
      provider: 'tap',
      linkId: String(stored.value['id']),
      type: String(stored.value['object']),
      url,
    };
  }

  function setStatus(stored: Stored, status: string, message?: string): void {
    const response = TAP_RESPONSE_FOR_STATUS[status] ?? { code: '901', message: status };
    stored.value['status'] = status;
    stored.value['response'] = { code: response.code, message: message ?? response.message };
    const activities = (stored.value['activities'] as unknown[] | undefined) ?? [];
    activities.push({
      id: `activity_${tapId('charge').slice(4)}`,
      object: 'activity',
      created: Date.now(),
      status,
      currency: stored.currency,
      amount: stored.value['amount'],
      remarks: `${stored.object} - ${status.toLowerCase()}`,
    });
    stored.value['activities'] = activities;
  }

  async function create(object: 'charge' | 'authorize', request: EmulatorRequest): Promise<EmulatorResponse> {
    const body = readJsonObject(request.body);
    if (!body) return tapError(400, '1100', 'The request body must be a JSON object');
    const key = str(record(body['reference'])?.['idempotent']);
    const remembered = key === undefined ? undefined : idempotent.get(`${object}:${key}`);
    if (remembered) return remembered;
    const sourceId = str(record(body['source'])?.['id']) ?? '';
    const capture = object === 'charge' && sourceId.startsWith('auth_');
    const invalid = validate(body, capture);
    if (invalid) return invalid;
    const currency = body['currency'] as string;
    const amount = readAmount(request.body, currency);
    if (typeof amount !== 'number') return amount;
    const authorization = capture ? objects.get(sourceId) : undefined;
    if (capture) {
      if (authorization?.object !== 'authorize') return tapError(400, '1125', 'Authorize not found');
      if (authorization.value['status'] !== 'AUTHORIZED')
        return tapError(
          400,
          '1150',
          `Cannot capture an authorization that is ${String(authorization.value['status'])}`,
        );
      if (amount > authorization.amount || currency !== authorization.currency)
        return tapError(400, '1150', 'Capture amount exceeds the authorized amount');
    }
    const reference = record(body['reference']);
    const expiry = record(record(body['transaction'])?.['expiry']);
    const id = tapId(object);
    const value = tapObject({
      object,
      id,
      tapStatus: capture ? 'CAPTURED' : 'INITIATED',
      amount,
      currency,
      reference: str(reference?.['transaction']) ?? str(reference?.['order']),
      webhookUrl: str(record(body['post'])?.['url']),
      successUrl: str(record(body['redirect'])?.['url']),
      url: capture ? undefined : options.hostedUrl('tap', id),
      description: str(body['description']),
      metadata: stringRecord(body['metadata']),
    });
    const transaction = record(value['transaction'])!;
    if (expiry && typeof expiry['period'] === 'number')
      transaction['expiry'] = { period: expiry['period'], type: 'MINUTE' };
    // Tap files the payer as a customer (`cus_…`) and answers with its id.
    value['customer'] = { id: `cus_${tapId('charge').slice(4)}`, ...record(body['customer']) };
    value['source'] = { ...record(value['source']), id: sourceId };
    value['reference'] = { ...record(value['reference']), ...(reference ?? {}) };
    delete (value['reference'] as Record<string, unknown>)['idempotent'];
    value['activities'] = [];
    const stored: Stored = { value, object, amount, currency, refunded: 0, createdAt: new Date() };
    setStatus(stored, value['status'] as string);
    objects.set(id, stored);
    if (authorization) {
      setStatus(authorization, 'CAPTURED');
      fromApi.push(await deliver(stored));
    }
    const answer = json(200, value);
    if (key !== undefined) idempotent.set(`${object}:${key}`, answer);
    return answer;
  }

  function find(m: RegExpExecArray, object: 'charge' | 'authorize'): Stored | undefined {
    const stored = objects.get(decodeURIComponent(m[1]!));
    return stored?.object === object ? stored : undefined;
  }

  async function refund(request: EmulatorRequest): Promise<EmulatorResponse> {
    const body = readJsonObject(request.body);
    if (!body) return tapError(400, '1100', 'The request body must be a JSON object');
    const key = str(record(body['reference'])?.['idempotent']);
    const remembered = key === undefined ? undefined : idempotent.get(`refund:${key}`);
    if (remembered) return remembered;
    const charge = objects.get(String(body['charge_id'] ?? ''));
    if (charge?.object !== 'charge') return tapError(404, '1144', 'Charge not found');
    if (charge.value['status'] !== 'CAPTURED')
      return tapError(400, '1161', `Cannot refund a charge that is ${String(charge.value['status'])}`);
    if (!str(body['reason'])) return tapError(400, '1156', 'Refund reason is required');
    if (body['currency'] !== charge.currency)
      return tapError(400, '1119', 'Refund currency differs from the charge');
    const amount = readAmount(request.body, charge.currency);
    if (typeof amount !== 'number') return amount;
    if (amount > charge.amount - charge.refunded)
      return tapError(400, '1161', 'Refund amount exceeds the charge amount');
    charge.refunded += amount;
    const id = tapId('refund');
    const reference = record(body['reference']);
    const value = tapObject({
      object: 'refund',
      id,
      tapStatus: 'REFUNDED',
      amount,
      currency: charge.currency,
      chargeId: String(charge.value['id']),
      reference: str(reference?.['merchant']),
      webhookUrl: str(record(body['post'])?.['url']),
      description: str(body['description']),
    });
    value['reason'] = body['reason'];
    refunds.set(id, value);
    const stored: Stored = {
      value,
      object: 'charge',
      amount,
      currency: charge.currency,
      refunded: 0,
      createdAt: new Date(),
    };
    fromApi.push(await deliver(stored));
    const answer = json(200, value);
    if (key !== undefined) idempotent.set(`refund:${key}`, answer);
    return answer;
  }

  const notFound = () => tapError(404, '1144', 'Charge not found');
  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/charges\/?$/,
      operation: 'create',
      run: (_m, request) => create('charge', request),
    },
    {
      method: 'GET',
      pattern: /^\/charges\/([^/]+)\/?$/,
      operation: 'get',
      run: (m) => {
        const stored = find(m, 'charge');
        return stored ? json(200, stored.value) : notFound();
      },
    },
    {
      method: 'POST',
      pattern: /^\/authorize\/?$/,
      operation: 'create',
      run: (_m, request) => create('authorize', request),
    },
    {
      method: 'GET',
      pattern: /^\/authorize\/([^/]+)\/?$/,
      operation: 'get',
      run: (m) => {
        const stored = find(m, 'authorize');
        return stored ? json(200, stored.value) : tapError(404, '1144', 'Authorize not found');
      },
    },
    {
      method: 'POST',
      pattern: /^\/authorize\/([^/]+)\/void\/?$/,
      operation: 'void',
      run: (m) => {
        const stored = find(m, 'authorize');
        if (!stored) return tapError(404, '1144', 'Authorize not found');
        if (stored.value['status'] !== 'AUTHORIZED')
          return tapError(
            400,
            '9998',
            `Cannot void an authorization that is ${String(stored.value['status'])}`,
          );
        setStatus(stored, 'VOID');
        return json(200, stored.value);
      },
    },
    { method: 'POST', pattern: /^\/refunds\/?$/, operation: 'refund', run: (_m, request) => refund(request) },
    {
      method: 'GET',
      pattern: /^\/refunds\/([^/]+)\/?$/,
      operation: 'get',
      run: (m) => {
        const value = refunds.get(decodeURIComponent(m[1]!));
        return value ? json(200, value) : tapError(404, '1144', 'Refund not found');
      },
    },
  ];

  function authorize(_route: Route, request: EmulatorRequest): EmulatorResponse | undefined {
    const header = request.headers.get('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (m?.[1] === secretKey) return undefined;
    if (m?.[1]?.startsWith('pk_'))
      return tapError(401, '2106', 'Please use the secret key, the public key given');
    return tapError(401, '2104', 'Invalid API key');
  }

  function linkView(stored: Stored): LinkView {
    const value = stored.value;
    const id = String(value['id']);
    const redirect = str(record(value['redirect'])?.['url']);
    // Tap sends the payer back to redirect.url whatever happened, with the charge id.
    const back =
      redirect === undefined
        ? undefined
        : `${redirect}${redirect.includes('?') ? '&' : '?'}tap_id=${encodeURIComponent(id)}`;
    return {
      provider: 'tap',
      id,
      url: str(record(value['transaction'])?.['url']) ?? options.hostedUrl('tap', id),
      amount: stored.amount,
      currency: stored.currency,
      description: str(value['description']),
      reference: str(record(value['reference'])?.['transaction']),
      providerStatus: String(value['status']),
      open: value['status'] === 'INITIATED',
      redirects: back === undefined ? {} : { pay: back, decline: back, cancel: back },
      webhookUrl: str(record(value['post'])?.['url']),
      createdAt: stored.createdAt,
    };
  }

  /** The links: charges and authorizations made with a hosted page (captures have none). */
  const hosted = () => [...objects.values()].filter((s) => str(record(s.value['transaction'])?.['url']));

  async function act(
    id: string,
    action: PayerAction,
    actOptions: ActOptions = {},
  ): Promise<OutgoingWebhook[]> {
    const stored = requireLink(objects, id, 'tap');
    if (stored.value['status'] !== 'INITIATED') {
      throw new SimulatorActionError(
        `tap: ${stored.object} ${id} is ${String(stored.value['status'])}; it takes no more payments.`,
      );
    }
    if (action === 'cancel') {
      // The payer left the hosted page: Tap posts nothing for ABANDONED.
      setStatus(stored, 'ABANDONED');
      return [];
    }
    const status =
      action === 'pay'
        ? stored.object === 'authorize'
          ? 'AUTHORIZED'
          : 'CAPTURED'
        : action === 'decline'
          ? 'DECLINED'
          : 'TIMEDOUT';
    setStatus(stored, status, action === 'decline' ? actOptions.message : undefined);
    return [await deliver(stored)];
  }

  return {
    provider: 'tap',
    handle: (request) => dispatch(routes, request, failures, errorBody, authorize),
    link: (id) => {
      const stored = objects.get(id);
      return stored && str(record(stored.value['transaction'])?.['url']) ? linkView(stored) : undefined;
    },
    links: () => hosted().map(linkView),
    act,
    failNext: (rule) => failures.add(rule),
    reset: () => {
      objects.clear();
      refunds.clear();
      idempotent.clear();
      failures.clear();
      fromApi.length = 0;
    },
    drainApiWebhooks: () => fromApi.splice(0),
  };
}
